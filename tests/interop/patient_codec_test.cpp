// Patient demographics from the API: required fields, types and formats named on error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "interop/json/patient_codec.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

const Date kToday = *ParseDate("2026-11-23", "today");

// The details as the API writes them.
json Encoded(const domain::PatientDetails& p) {
  JsonText out;
  out.BeginObject();
  WritePatientDetails(out, p);
  return json::parse(std::move(out.EndObject()).Take());
}

json Valid() {
  return {{"given_name", "Béatrice"}, {"family_name", "Testperson"}, {"birth_date", "1994-03-17"},
          {"sex", "female"},          {"email", "b@mail.test"},      {"phone", "+31 20 555 0100"},
          {"fitzpatrick", 3}};
}

TEST(PatientCodec, DecodesAndEncodesRoundTrip) {
  const auto p = DecodeNewPatient(Valid(), kToday);
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(p->given_name, "Béatrice");
  EXPECT_EQ(p->sex, domain::Sex::kFemale);
  EXPECT_EQ(Encoded(*p), Valid());
}

TEST(PatientCodec, OptionalFieldsMayBeAbsent) {
  const auto p = DecodeNewPatient(
      {{"given_name", "Ada"}, {"family_name", "L"}, {"birth_date", "1990-01-01"}, {"fitzpatrick", 2}}, kToday);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->sex, domain::Sex::kUnknown);
  EXPECT_TRUE(Encoded(*p)["email"].is_null());
}

TEST(PatientCodec, RefusesBadInputNamingTheField) {
  const struct {
    const char* name;
    const char* key;
    json value;  // null json + "erase" key means: remove
    bool erase;
    const char* field;
  } rows[] = {
      {"missing given name", "given_name", nullptr, true, "given_name"},
      {"blank family name", "family_name", "   ", false, "family_name"},
      {"impossible date", "birth_date", "1994-13-45", false, "birth_date"},
      {"future birth date", "birth_date", "2030-01-01", false, "birth_date"},
      {"fitzpatrick as text", "fitzpatrick", "three", false, "fitzpatrick"},
      {"fitzpatrick 7", "fitzpatrick", 7, false, "fitzpatrick"},
      {"unknown sex", "sex", "f", false, "sex"},
      {"bad email", "email", "not-an-address", false, "email"},
      {"bad phone", "phone", "call me", false, "phone"},
      {"unknown key", "nickname", "Bea", false, "nickname"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    json body = Valid();
    if (row.erase) {
      body.erase(row.key);
    } else {
      body[row.key] = row.value;
    }
    const auto p = DecodeNewPatient(body, kToday);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().field, row.field);
  }
}

TEST(PatientCodec, ChangesApplyOnlyWhatIsSent) {
  const auto current = *DecodeNewPatient(Valid(), kToday);
  const auto changed = DecodePatientChanges({{"phone", nullptr}, {"fitzpatrick", 4}}, current, kToday);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->fitzpatrick, 4);
  EXPECT_TRUE(changed->phone.empty());
  EXPECT_EQ(changed->given_name, "Béatrice");
  EXPECT_FALSE(DecodePatientChanges({{"fitzpatrick", 0}}, current, kToday));
}

}  // namespace
}  // namespace scarwise::interop
