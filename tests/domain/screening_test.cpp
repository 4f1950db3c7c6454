// Every screening rule of the default protocol, seen triggered and not triggered, with
// the boundaries of the numeric rules. One row per case, named in clinical language.
#include <functional>

#include <gtest/gtest.h>

#include "domain/review.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

using testing::CleanConsultation;
using testing::Day;
using testing::DefaultScoring;
using testing::DefaultScreening;
using testing::SetCounts;

ScreeningOutcome ScreenConsultation(const Consultation& c) {
  const QuantitativeScore score = ScoreQuantitative(DefaultScoring(), c.assessment);
  return Screen(DefaultScreening(), ComputeFacts(c, DefaultScoring(), score.total), c.assessment.date);
}

bool Lists(const ScreeningOutcome& o, const std::string& code) {
  for (const auto& f : o.reasons) {
    if (f.code == code) return true;
  }
  for (const auto& f : o.precautions) {
    if (f.code == code) return true;
  }
  return false;
}

struct Row {
  const char* name;
  std::function<void(Consultation&)> change;
  const char* code;  // the rule that must (or must not) apply
  bool applies;
  Decision decision;  // the overall decision expected
};

const Row kRows[] = {
    // not suitable
    {"keloid tendency", [](Consultation& c) { c.history.keloid_tendency = true; }, "keloid_tendency", true,
     Decision::kNotSuitable},
    {"bleeding disorder", [](Consultation& c) { c.history.bleeding_disorder = true; }, "bleeding_disorder", true,
     Decision::kNotSuitable},
    {"immunosuppressed", [](Consultation& c) { c.history.immunosuppressed = true; }, "immunosuppressed", true,
     Decision::kNotSuitable},
    {"skin cancer in area", [](Consultation& c) { c.history.skin_cancer_in_area = true; }, "skin_cancer_in_area", true,
     Decision::kNotSuitable},
    {"papular scars are the majority", [](Consultation& c) { SetCounts(c, FacialZone::kCheekLeft, 0, 0, 2, 0, 2, 5); },
     "predominantly_hypertrophic", true, Decision::kNotSuitable},
    {"papular scars exactly half: not a majority",
     [](Consultation& c) { SetCounts(c, FacialZone::kCheekLeft, 0, 0, 2, 0, 2, 4); }, "predominantly_hypertrophic",
     false, Decision::kProceed},
    {"keloid area 5.5 cm2", [](Consultation& c) { SetCounts(c, FacialZone::kJawLeft, 0, 0, 0, 0, 1, 0, 5.5); },
     "predominantly_hypertrophic", true, Decision::kNotSuitable},
    {"keloid area exactly 5 cm2", [](Consultation& c) { SetCounts(c, FacialZone::kJawLeft, 0, 0, 0, 0, 1, 0, 5.0); },
     "predominantly_hypertrophic", false, Decision::kProceed},
    // defer
    {"moderate active acne", [](Consultation& c) { c.history.active_acne = AcneActivity::kModerate; }, "active_acne",
     true, Decision::kDefer},
    {"severe active acne", [](Consultation& c) { c.history.active_acne = AcneActivity::kSevere; }, "active_acne", true,
     Decision::kDefer},
    {"mild acne does not defer", [](Consultation& c) { c.history.active_acne = AcneActivity::kMild; }, "active_acne",
     false, Decision::kProceedWithPrecautions},
    {"active infection", [](Consultation& c) { c.history.active_infection_in_area = true; }, "active_infection", true,
     Decision::kDefer},
    {"active cold sore", [](Consultation& c) { c.history.active_cold_sore = true; }, "active_cold_sore", true,
     Decision::kDefer},
    {"sunburn", [](Consultation& c) { c.history.sunburn_in_area = true; }, "sunburn", true, Decision::kDefer},
    {"pregnant", [](Consultation& c) { c.history.pregnant = true; }, "pregnancy", true, Decision::kDefer},
    {"breastfeeding", [](Consultation& c) { c.history.breastfeeding = true; }, "pregnancy", true, Decision::kDefer},
    {"inflammatory skin disease", [](Consultation& c) { c.history.inflammatory_skin_disease_in_area = true; },
     "inflammatory_skin_disease", true, Decision::kDefer},
    {"uncontrolled diabetes", [](Consultation& c) { c.history.uncontrolled_diabetes = true; }, "uncontrolled_diabetes",
     true, Decision::kDefer},
    {"radiation 11 months ago", [](Consultation& c) { c.history.radiation_to_area_months_ago = 11; },
     "recent_radiation", true, Decision::kDefer},
    {"radiation 12 months ago", [](Consultation& c) { c.history.radiation_to_area_months_ago = 12; },
     "recent_radiation", false, Decision::kProceed},
    // precautions
    {"cold sore history", [](Consultation& c) { c.history.cold_sore_history = true; }, "antiviral_prophylaxis", true,
     Decision::kProceedWithPrecautions},
    {"Fitzpatrick IV", [](Consultation& c) { c.patient.fitzpatrick = 4; }, "pigmentation_risk", true,
     Decision::kProceedWithPrecautions},
    {"Fitzpatrick VI", [](Consultation& c) { c.patient.fitzpatrick = 6; }, "pigmentation_risk", true,
     Decision::kProceedWithPrecautions},
    {"Fitzpatrick III", [](Consultation& c) { c.patient.fitzpatrick = 3; }, "pigmentation_risk", false,
     Decision::kProceed},
    {"isotretinoin now",
     [](Consultation& c) {
       c.history.isotretinoin = {IsotretinoinHistory::Status::kCurrent, 0};
     },
     "isotretinoin_recent", true, Decision::kProceedWithPrecautions},
    {"isotretinoin stopped 5 months ago",
     [](Consultation& c) {
       c.history.isotretinoin = {IsotretinoinHistory::Status::kStopped, 5};
     },
     "isotretinoin_recent", true, Decision::kProceedWithPrecautions},
    {"isotretinoin stopped 6 months ago",
     [](Consultation& c) {
       c.history.isotretinoin = {IsotretinoinHistory::Status::kStopped, 6};
     },
     "isotretinoin_recent", false, Decision::kProceed},
    {"anticoagulants", [](Consultation& c) { c.history.anticoagulants = true; }, "anticoagulants", true,
     Decision::kProceedWithPrecautions},
    {"mild active acne", [](Consultation& c) { c.history.active_acne = AcneActivity::kMild; }, "mild_active_acne", true,
     Decision::kProceedWithPrecautions},
    {"moderate acne is not a precaution", [](Consultation& c) { c.history.active_acne = AcneActivity::kModerate; },
     "mild_active_acne", false, Decision::kDefer},
    {"topical anaesthetic allergy", [](Consultation& c) { c.history.topical_anesthetic_allergy = true; },
     "anesthetic_alternative", true, Decision::kProceedWithPrecautions},
    {"filler 3 months ago", [](Consultation& c) { c.history.filler_or_laser_months_ago = 3; }, "recent_filler_or_laser",
     true, Decision::kProceedWithPrecautions},
    {"laser 6 months ago", [](Consultation& c) { c.history.filler_or_laser_months_ago = 6; }, "recent_filler_or_laser",
     false, Decision::kProceed},
    // most severe wins, every reason listed
    {"keloid tendency beats pregnancy",
     [](Consultation& c) {
       c.history.keloid_tendency = true;
       c.history.pregnant = true;
     },
     "pregnancy", true, Decision::kNotSuitable},
    {"cold sore now and history",
     [](Consultation& c) {
       c.history.active_cold_sore = true;
       c.history.cold_sore_history = true;
     },
     "antiviral_prophylaxis", true, Decision::kDefer},
};

TEST(Screening, EveryRuleTriggeredAndNotTriggered) {
  for (const Row& row : kRows) {
    SCOPED_TRACE(row.name);
    Consultation c = CleanConsultation();
    row.change(c);
    const ScreeningOutcome outcome = ScreenConsultation(c);
    EXPECT_EQ(Lists(outcome, row.code), row.applies) << row.code;
    EXPECT_EQ(DecisionName(outcome.decision), DecisionName(row.decision));
  }
}

TEST(Screening, EveryDefaultRuleIsCoveredByTheTable) {
  for (const ScreeningRule& rule : DefaultScreening().rules) {
    bool triggered = false, untriggered = false;
    for (const Row& row : kRows) {
      if (rule.code != row.code) continue;
      (row.applies ? triggered : untriggered) = true;
    }
    EXPECT_TRUE(triggered) << rule.code << " is never seen triggered";
    (void)untriggered;  // the clean consultation leaves every rule untriggered:
  }
  EXPECT_EQ(ScreenConsultation(CleanConsultation()).decision, Decision::kProceed);
  EXPECT_TRUE(ScreenConsultation(CleanConsultation()).reasons.empty());
  EXPECT_TRUE(ScreenConsultation(CleanConsultation()).precautions.empty());
}

TEST(Screening, ReasonsCarryMessageSourceAndWhy) {
  Consultation c = CleanConsultation();
  c.patient.fitzpatrick = 5;
  const ScreeningOutcome o = ScreenConsultation(c);
  ASSERT_EQ(o.precautions.size(), 1u);
  EXPECT_EQ(o.precautions[0].because, "fitzpatrick is 5 (at least 4)");
  EXPECT_FALSE(o.precautions[0].source.citation.empty());
  EXPECT_FALSE(o.precautions[0].action.empty());
}

TEST(Screening, IsotretinoinNeedsClinicianConfirmation) {
  Consultation c = CleanConsultation();
  c.history.isotretinoin = {IsotretinoinHistory::Status::kCurrent, 0};
  const ScreeningOutcome o = ScreenConsultation(c);
  ASSERT_EQ(o.precautions.size(), 1u);
  EXPECT_TRUE(o.precautions[0].clinician_must_confirm);
}

TEST(Screening, RescreenDateIsWhenTheLatestDeferralClears) {
  Consultation c = CleanConsultation();  // assessed 2026-11-23
  c.history.sunburn_in_area = true;      // 14 days
  EXPECT_EQ(ScreenConsultation(c).rescreen_after, Day(2026, 12, 7));
  c.history.radiation_to_area_months_ago = 4;  // clears 8 months later
  EXPECT_EQ(ScreenConsultation(c).rescreen_after, Day(2027, 7, 23));
  c.history.pregnant = true;  // 180 days: earlier than the radiation
  EXPECT_EQ(ScreenConsultation(c).rescreen_after, Day(2027, 7, 23));
}

TEST(Screening, NoRescreenDateUnlessDeferred) {
  Consultation c = CleanConsultation();
  c.history.sunburn_in_area = true;
  c.history.keloid_tendency = true;
  const ScreeningOutcome o = ScreenConsultation(c);
  EXPECT_EQ(o.decision, Decision::kNotSuitable);
  EXPECT_FALSE(o.rescreen_after.has_value());
  EXPECT_EQ(o.reasons.size(), 2u);  // both listed, the most severe decides
}

}  // namespace
}  // namespace scarwise::domain
