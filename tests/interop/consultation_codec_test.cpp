// The consultation decoder accepts the CLI contract's shape and refuses bad input with an
// error that names the field and the reason: no crash, no silent default.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "interop/json/consultation_codec.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

json Valid() {
  return json::parse(R"({"patient": {"birth_date": "1996-05-14", "fitzpatrick": 4},
    "history": {"active_acne": "mild", "active_infection_in_area": false, "active_cold_sore": false,
      "cold_sore_history": true, "keloid_tendency": false, "pregnant": false, "breastfeeding": false,
      "anticoagulants": false, "bleeding_disorder": false, "immunosuppressed": false,
      "skin_cancer_in_area": false, "sunburn_in_area": false, "inflammatory_skin_disease_in_area": false,
      "uncontrolled_diabetes": false, "topical_anesthetic_allergy": false,
      "isotretinoin": {"stopped_months_ago": 3}, "radiation_to_area_months_ago": null,
      "filler_or_laser_months_ago": 8},
    "assessment": {"date": "2026-11-23", "qualitative_grade": 3,
      "zones": [{"zone": "cheek_left", "counts": {"macular": 0, "ice_pick": 2, "boxcar_shallow": 4,
        "boxcar_deep": 1, "rolling": 6, "papular": 0}, "keloid_area_cm2": 0}]}})");
}

TEST(ConsultationDecoder, DecodesTheContractShape) {
  const auto c = DecodeConsultation(Valid());
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->patient.fitzpatrick, 4);
  EXPECT_EQ(c->history.active_acne, domain::AcneActivity::kMild);
  EXPECT_TRUE(c->history.cold_sore_history);
  EXPECT_EQ(c->history.isotretinoin.status, domain::IsotretinoinHistory::Status::kStopped);
  EXPECT_EQ(c->history.isotretinoin.stopped_months_ago, 3);
  EXPECT_FALSE(c->history.radiation_to_area_months_ago.has_value());
  EXPECT_EQ(c->history.filler_or_laser_months_ago, 8);
  ASSERT_EQ(c->assessment.zones.size(), 1u);
  EXPECT_EQ(c->assessment.zones[0].zone, domain::FacialZone::kCheekLeft);
  EXPECT_EQ(c->assessment.zones[0].Count(domain::ScarType::kRolling), 6);
}

TEST(ConsultationDecoder, RefusesBadInputNamingTheField) {
  const struct {
    const char* name;
    void (*change)(json&);
    const char* field;
    const char* reason;
  } rows[] = {
      {"unanswered question", [](json& j) { j["history"].erase("pregnant"); }, "history.pregnant", "required"},
      {"unanswered keloid question", [](json& j) { j["history"].erase("keloid_tendency"); }, "history.keloid_tendency",
       "required"},
      {"string for a yes/no", [](json& j) { j["history"]["pregnant"] = "no"; }, "history.pregnant",
       "must be true or false"},
      {"null for a yes/no", [](json& j) { j["history"]["anticoagulants"] = nullptr; }, "history.anticoagulants",
       "must be true or false"},
      {"Fitzpatrick 7", [](json& j) { j["patient"]["fitzpatrick"] = 7; }, "patient.fitzpatrick", "must be from 1 to 6"},
      {"Fitzpatrick 0", [](json& j) { j["patient"]["fitzpatrick"] = 0; }, "patient.fitzpatrick", "must be from 1 to 6"},
      {"Fitzpatrick 2.5", [](json& j) { j["patient"]["fitzpatrick"] = 2.5; }, "patient.fitzpatrick",
       "must be a whole number"},
      {"Fitzpatrick as text", [](json& j) { j["patient"]["fitzpatrick"] = "IV"; }, "patient.fitzpatrick",
       "must be a whole number"},
      {"unknown acne level", [](json& j) { j["history"]["active_acne"] = "some"; }, "history.active_acne",
       "must be one of"},
      {"bad isotretinoin", [](json& j) { j["history"]["isotretinoin"] = "stopped"; }, "history.isotretinoin",
       "must be"},
      {"negative isotretinoin months",
       [](json& j) {
         j["history"]["isotretinoin"] = {{"stopped_months_ago", -1}};
       },
       "history.isotretinoin.stopped_months_ago", "must be a number"},
      {"missing radiation answer", [](json& j) { j["history"].erase("radiation_to_area_months_ago"); },
       "history.radiation_to_area_months_ago", "required"},
      {"unknown zone", [](json& j) { j["assessment"]["zones"][0]["zone"] = "cheeks"; }, "assessment.zones[0].zone",
       "unknown zone 'cheeks'"},
      {"negative count", [](json& j) { j["assessment"]["zones"][0]["counts"]["rolling"] = -1; },
       "assessment.zones[0].counts.rolling", "must be from 0"},
      {"missing count", [](json& j) { j["assessment"]["zones"][0]["counts"].erase("papular"); },
       "assessment.zones[0].counts.papular", "required"},
      {"unknown scar type", [](json& j) { j["assessment"]["zones"][0]["counts"]["keloid"] = 1; },
       "assessment.zones[0].counts.keloid", "unknown field"},
      {"negative keloid area", [](json& j) { j["assessment"]["zones"][0]["keloid_area_cm2"] = -2; },
       "assessment.zones[0].keloid_area_cm2", "must be a number"},
      {"zone twice", [](json& j) { j["assessment"]["zones"].push_back(j["assessment"]["zones"][0]); },
       "assessment.zones[1].zone", "zone listed twice"},
      {"no zones", [](json& j) { j["assessment"]["zones"] = json::array(); }, "assessment.zones", "at least one zone"},
      {"grade 5", [](json& j) { j["assessment"]["qualitative_grade"] = 5; }, "assessment.qualitative_grade",
       "must be from 1 to 4"},
      {"impossible date", [](json& j) { j["assessment"]["date"] = "2026-02-30"; }, "assessment.date",
       "not a real calendar date"},
      {"assessed before birth", [](json& j) { j["assessment"]["date"] = "1990-01-01"; }, "assessment.date",
       "before patient.birth_date"},
      {"typo in a key", [](json& j) { j["history"]["pregnat"] = false; }, "history.pregnat", "unknown field"},
      {"missing section", [](json& j) { j.erase("history"); }, "history", "required"},
      {"not an object", [](json& j) { j = json::array(); }, "(input)", "must be an object"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    json doc = Valid();
    row.change(doc);
    const auto c = DecodeConsultation(doc);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().field, row.field);
    EXPECT_NE(c.error().message.find(row.reason), std::string::npos) << c.error().message;
    EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(ConsultationDecoder, MalformedJson) {
  for (const char* text : {"", "{", "not json", "{\"patient\": }", "\xff\xfe"}) {
    SCOPED_TRACE(text);
    const auto c = DecodeConsultationText(text);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().field, "(input)");
  }
}

}  // namespace
}  // namespace scarwise::interop
