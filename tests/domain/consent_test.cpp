// Consent (issue 22): the signature's path data is validated strictly, and who may sign
// depends on the patient's age on the day.
#include "domain/consent/consent.hpp"

#include <gtest/gtest.h>

namespace scarwise::domain {
namespace {

Date Day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}};
}

TEST(Consent, PurposesRoundTripTheirNames) {
  for (ConsentPurpose purpose : kConsentPurposes)
    EXPECT_EQ(ConsentPurposeFromName(ConsentPurposeName(purpose)), purpose);
  EXPECT_FALSE(ConsentPurposeFromName("photos"));
}

TEST(Consent, ASignaturePathHasOnlyAbsoluteMovesAndLinesWithinBounds) {
  EXPECT_TRUE(ValidateSignaturePath("M 10 20 L 30.5 40"));
  EXPECT_TRUE(ValidateSignaturePath("M10,20L30,40 M 1 1 L 2 2"));
  const struct {
    const char* path;
    const char* says;
  } bad[] = {
      {"", "empty"},
      {"M 10 20", "empty"},
      {"L 10 20 L 30 40", "start with M"},
      {"M 10 20 C 1 2 3 4 5 6", "only M and L"},
      {"M 10 20 l 5 5", "only M and L"},
      {"M 10 20 L -5 5", "missing"},
      {"M 10 20 L 5000 5", "out of range"},
      {"M 10 20 L 5.25 5", "only M and L"},
      {"M 10 20 L 5", "missing"},
      {"M 10 20 L 5 5\"/><script>", "only M and L"},
      {"M 1e3 20 L 5 5", "missing"},
  };
  for (const auto& row : bad) {
    SCOPED_TRACE(row.path);
    const auto result = ValidateSignaturePath(row.path);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field, "signature_svg_path");
    EXPECT_NE(result.error().message.find(row.says), std::string::npos) << result.error().message;
  }
  std::string huge = "M 1 1";
  while (huge.size() <= kMaxSignaturePathBytes) huge += " L 1000 1000";
  EXPECT_NE(ValidateSignaturePath(huge).error().message.find("longer than"), std::string::npos);
}

TEST(Consent, AMinorIsSignedForByAGuardianAndAnAdultSignsThemself) {
  ConsentProtocol protocol;
  protocol.age_of_majority = 18;
  PatientDetails patient;
  patient.birth_date = Day(2008, 12, 8);
  const Date the_day_before = Day(2026, 12, 7), birthday = Day(2026, 12, 8);
  auto refused = CheckSigner(protocol, patient, the_day_before, ConsentSigner::kPatient, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(refused.error().field, "signer");
  EXPECT_EQ(CheckSigner(protocol, patient, the_day_before, ConsentSigner::kGuardian, std::nullopt).error().field,
            "guardian_relationship");
  EXPECT_TRUE(CheckSigner(protocol, patient, the_day_before, ConsentSigner::kGuardian, "mother"));
  EXPECT_TRUE(CheckSigner(protocol, patient, birthday, ConsentSigner::kPatient, std::nullopt));
  EXPECT_FALSE(CheckSigner(protocol, patient, birthday, ConsentSigner::kGuardian, "mother"));
}

TEST(Consent, TheShownTextIsTheTitleThenEachHeadingAndParagraph) {
  ConsentText text{ConsentPurpose::kTreatment, "1", "Title", {{"A", "First.", {}}, {"B", "Second.", {}}}};
  EXPECT_EQ(ShownText(text), "Title\n\nA\nFirst.\n\nB\nSecond.\n");
}

}  // namespace
}  // namespace scarwise::domain
