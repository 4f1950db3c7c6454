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
    {"keloid tendency", [](Consultation& c) { c.history.Set("keloid_tendency", true); }, "keloid_tendency", true,
     Decision::kNotSuitable},
    {"bleeding disorder", [](Consultation& c) { c.history.Set("bleeding_disorder", true); }, "bleeding_disorder", true,
     Decision::kNotSuitable},
    {"immunosuppressed", [](Consultation& c) { c.history.Set("immunosuppressed", true); }, "immunosuppressed", true,
     Decision::kNotSuitable},
    {"skin cancer in area", [](Consultation& c) { c.history.Set("skin_cancer_in_area", true); }, "skin_cancer_in_area",
     true, Decision::kDefer},
    {"papular scars are the majority", [](Consultation& c) { SetCounts(c, FacialZone::kCheekLeft, 0, 0, 2, 0, 2, 5); },
     "predominantly_hypertrophic", true, Decision::kNotSuitable},
    {"papular scars exactly half: not a majority",
     [](Consultation& c) { SetCounts(c, FacialZone::kCheekLeft, 0, 0, 2, 0, 2, 4); }, "predominantly_hypertrophic",
     false, Decision::kProceed},
    {"keloid area 5.5 cm2", [](Consultation& c) { SetCounts(c, FacialZone::kJawLeft, 0, 0, 0, 0, 1, 0, 5.5); },
     "predominantly_hypertrophic", true, Decision::kNotSuitable},
    {"keloid area exactly 5 cm2: not predominantly raised",
     [](Consultation& c) { SetCounts(c, FacialZone::kJawLeft, 0, 0, 0, 0, 1, 0, 5.0); }, "predominantly_hypertrophic",
     false, Decision::kNotSuitable},
    // defer
    {"moderate active acne", [](Consultation& c) { c.history.Set("active_acne", std::string("moderate")); },
     "active_acne", true, Decision::kDefer},
    {"severe active acne", [](Consultation& c) { c.history.Set("active_acne", std::string("severe")); }, "active_acne",
     true, Decision::kDefer},
    {"mild acne does not defer", [](Consultation& c) { c.history.Set("active_acne", std::string("mild")); },
     "active_acne", false, Decision::kProceedWithPrecautions},
    {"active infection", [](Consultation& c) { c.history.Set("active_infection_in_area", true); }, "active_infection",
     true, Decision::kDefer},
    {"active cold sore", [](Consultation& c) { c.history.Set("active_cold_sore", true); }, "active_cold_sore", true,
     Decision::kDefer},
    {"sunburn", [](Consultation& c) { c.history.Set("sunburn_in_area", true); }, "sunburn", true, Decision::kDefer},
    {"pregnant", [](Consultation& c) { c.history.Set("pregnant", true); }, "pregnancy", true, Decision::kDefer},
    {"breastfeeding", [](Consultation& c) { c.history.Set("breastfeeding", true); }, "pregnancy", true,
     Decision::kDefer},
    {"inflammatory skin disease", [](Consultation& c) { c.history.Set("inflammatory_skin_disease_in_area", true); },
     "inflammatory_skin_disease", true, Decision::kDefer},
    {"uncontrolled diabetes", [](Consultation& c) { c.history.Set("uncontrolled_diabetes", true); },
     "uncontrolled_diabetes", true, Decision::kDefer},
    {"radiation 11 months ago",
     [](Consultation& c) { c.history.Set("radiation_to_area_months_ago", std::optional<double>{11}); },
     "recent_radiation", true, Decision::kDefer},
    {"radiation 12 months ago",
     [](Consultation& c) { c.history.Set("radiation_to_area_months_ago", std::optional<double>{12}); },
     "recent_radiation", false, Decision::kProceed},
    // precautions
    {"cold sore history", [](Consultation& c) { c.history.Set("cold_sore_history", true); }, "antiviral_prophylaxis",
     true, Decision::kProceedWithPrecautions},
    {"Fitzpatrick IV", [](Consultation& c) { c.patient.fitzpatrick = 4; }, "pigmentation_risk", true,
     Decision::kProceedWithPrecautions},
    {"Fitzpatrick VI", [](Consultation& c) { c.patient.fitzpatrick = 6; }, "pigmentation_risk", true,
     Decision::kProceedWithPrecautions},
    {"Fitzpatrick III", [](Consultation& c) { c.patient.fitzpatrick = 3; }, "pigmentation_risk", false,
     Decision::kProceed},
    {"isotretinoin now",
     [](Consultation& c) {
       c.history.Set("isotretinoin", CourseAnswer{CourseAnswer::Status::kCurrent, 0});
     },
     "isotretinoin_recent", true, Decision::kProceedWithPrecautions},
    {"isotretinoin stopped 5 months ago",
     [](Consultation& c) {
       c.history.Set("isotretinoin", CourseAnswer{CourseAnswer::Status::kStopped, 5});
     },
     "isotretinoin_recent", true, Decision::kProceedWithPrecautions},
    {"isotretinoin stopped 6 months ago",
     [](Consultation& c) {
       c.history.Set("isotretinoin", CourseAnswer{CourseAnswer::Status::kStopped, 6});
     },
     "isotretinoin_recent", false, Decision::kProceed},
    {"anticoagulants", [](Consultation& c) { c.history.Set("anticoagulants", true); }, "anticoagulants", true,
     Decision::kProceedWithPrecautions},
    {"mild active acne", [](Consultation& c) { c.history.Set("active_acne", std::string("mild")); }, "mild_active_acne",
     true, Decision::kProceedWithPrecautions},
    {"moderate acne is not a precaution",
     [](Consultation& c) { c.history.Set("active_acne", std::string("moderate")); }, "mild_active_acne", false,
     Decision::kDefer},
    {"topical anaesthetic allergy", [](Consultation& c) { c.history.Set("topical_anesthetic_allergy", true); },
     "anesthetic_alternative", true, Decision::kProceedWithPrecautions},
    {"filler 3 months ago",
     [](Consultation& c) { c.history.Set("filler_or_laser_months_ago", std::optional<double>{3}); },
     "recent_filler_or_laser", true, Decision::kProceedWithPrecautions},
    {"laser 6 months ago",
     [](Consultation& c) { c.history.Set("filler_or_laser_months_ago", std::optional<double>{6}); },
     "recent_filler_or_laser", false, Decision::kProceed},
    // the clinical-safety rules (issue 19)
    {"any keloid in the inventory means keloid tendency, whatever the tick box",
     [](Consultation& c) { SetCounts(c, FacialZone::kJawLeft, 0, 0, 0, 0, 1, 0, 0.5); }, "keloid_tendency", true,
     Decision::kNotSuitable},
    {"no keloid area, no tick: no keloid tendency",
     [](Consultation& c) { SetCounts(c, FacialZone::kJawLeft, 0, 0, 0, 0, 1, 0, 0); }, "keloid_tendency", false,
     Decision::kProceed},
    {"17 on the consultation date: guardian consent", [](Consultation& c) { c.patient.birth_date = Day(2008, 11, 24); },
     "minor_guardian_consent", true, Decision::kProceedWithPrecautions},
    {"18 on the consultation date: adult", [](Consultation& c) { c.patient.birth_date = Day(2008, 11, 23); },
     "minor_guardian_consent", false, Decision::kProceed},
    {"antiplatelets or NSAIDs", [](Consultation& c) { c.history.Set("antiplatelets_or_nsaids", true); },
     "bleeding_risk_medication", true, Decision::kProceedWithPrecautions},
    {"fish oil, vitamin E, ginkgo or garlic",
     [](Consultation& c) { c.history.Set("blood_thinning_supplements", true); }, "bleeding_risk_medication", true,
     Decision::kProceedWithPrecautions},
    {"metal allergy", [](Consultation& c) { c.history.Set("metal_allergy", true); }, "metal_allergy", true,
     Decision::kProceedWithPrecautions},
    {"photosensitivity disorder", [](Consultation& c) { c.history.Set("photosensitivity_disorder", true); },
     "photosensitivity_disorder", true, Decision::kNotSuitable},
    {"active psoriasis anywhere: defer",
     [](Consultation& c) { c.history.Set("koebnerising_disease", std::string("active")); },
     "koebnerising_disease_active", true, Decision::kDefer},
    {"stable psoriasis is not deferred",
     [](Consultation& c) { c.history.Set("koebnerising_disease", std::string("stable")); },
     "koebnerising_disease_active", false, Decision::kProceedWithPrecautions},
    {"stable vitiligo: precaution",
     [](Consultation& c) { c.history.Set("koebnerising_disease", std::string("stable")); }, "koebnerising_disease",
     true, Decision::kProceedWithPrecautions},
    {"active disease is no mere precaution",
     [](Consultation& c) { c.history.Set("koebnerising_disease", std::string("active")); }, "koebnerising_disease",
     false, Decision::kDefer},
    {"tattoo in the area", [](Consultation& c) { c.history.Set("tattoo_or_pmu_in_area", true); }, "tattoo_in_area",
     true, Decision::kProceedWithPrecautions},
    {"open wound", [](Consultation& c) { c.history.Set("open_wound_in_area", true); }, "open_wound", true,
     Decision::kDefer},
    {"recent tanning", [](Consultation& c) { c.history.Set("recent_tanning", true); }, "recent_tanning", true,
     Decision::kDefer},
    {"peel 1 week ago", [](Consultation& c) { c.history.Set("peel_or_toxin_weeks_ago", std::optional<double>{1}); },
     "recent_peel_or_toxin", true, Decision::kDefer},
    {"botulinum toxin 2 weeks ago",
     [](Consultation& c) { c.history.Set("peel_or_toxin_weeks_ago", std::optional<double>{2}); },
     "recent_peel_or_toxin", false, Decision::kProceed},
    {"expectations not realistic after counselling",
     [](Consultation& c) { c.history.Set("realistic_expectations", false); }, "expectations_counselling", true,
     Decision::kProceedWithPrecautions},
    // most severe wins, every reason listed
    {"keloid tendency beats pregnancy",
     [](Consultation& c) {
       c.history.Set("keloid_tendency", true);
       c.history.Set("pregnant", true);
     },
     "pregnancy", true, Decision::kNotSuitable},
    {"cold sore now and history",
     [](Consultation& c) {
       c.history.Set("active_cold_sore", true);
       c.history.Set("cold_sore_history", true);
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
  c.history.Set("isotretinoin", CourseAnswer{CourseAnswer::Status::kCurrent, 0});
  const ScreeningOutcome o = ScreenConsultation(c);
  ASSERT_EQ(o.precautions.size(), 1u);
  EXPECT_TRUE(o.precautions[0].clinician_must_confirm);
  EXPECT_FALSE(o.precautions[0].plan_modifiers.has_value());
}

TEST(Screening, SkinCancerIsReferredAndRescreenedAfter90Days) {
  Consultation c = CleanConsultation();  // assessed 2026-11-23
  c.history.Set("skin_cancer_in_area", true);
  const ScreeningOutcome o = ScreenConsultation(c);
  EXPECT_EQ(o.decision, Decision::kDefer);
  EXPECT_EQ(o.rescreen_after, Day(2027, 2, 21));
}

TEST(Screening, APeelDefersUntilTwoWeeksHavePassed) {
  Consultation c = CleanConsultation();  // assessed 2026-11-23
  c.history.Set("peel_or_toxin_weeks_ago", std::optional<double>{0.5});
  EXPECT_EQ(ScreenConsultation(c).rescreen_after, Day(2026, 12, 4)) << "1.5 weeks = 10.5 days, rounded up";
}

TEST(Screening, AnUnansweredQuestionSatisfiesNoRule) {
  Consultation c = CleanConsultation();
  c.history.answers.erase("realistic_expectations");
  EXPECT_EQ(ScreenConsultation(c).decision, Decision::kProceed);
  EXPECT_EQ(UnansweredQuestions(DefaultScreening().questions, c.history),
            std::vector<std::string>{"realistic_expectations"});
}

TEST(Screening, EveryQuestionHasWordingAndTheNewOnesAreAsked) {
  for (const char* key :
       {"antiplatelets_or_nsaids", "blood_thinning_supplements", "metal_allergy", "photosensitivity_disorder",
        "koebnerising_disease", "tattoo_or_pmu_in_area", "open_wound_in_area", "recent_tanning",
        "peel_or_toxin_weeks_ago", "realistic_expectations"}) {
    EXPECT_NE(FindQuestion(DefaultScreening().questions, key), nullptr) << key;
  }
  for (const ScreeningQuestion& q : DefaultScreening().questions) {
    SCOPED_TRACE(q.key);
    EXPECT_FALSE(q.clinician_wording.empty());
    EXPECT_FALSE(q.patient_wording.empty());
  }
  EXPECT_EQ(DefaultScreening().questions.size(), 28u);
}

TEST(Screening, BleedingRiskCapsTheNeedleDepth) {
  for (const char* code : {"anticoagulants", "bleeding_risk_medication"}) {
    SCOPED_TRACE(code);
    const ScreeningRule* rule = nullptr;
    for (const ScreeningRule& r : DefaultScreening().rules) {
      if (r.code == code) rule = &r;
    }
    ASSERT_NE(rule, nullptr);
    ASSERT_TRUE(rule->plan_modifiers && rule->plan_modifiers->max_needle_depth_mm);
    EXPECT_EQ(*rule->plan_modifiers->max_needle_depth_mm, 1.0);
    EXPECT_TRUE(rule->plan_modifiers->source.unverified);
  }
}

TEST(Screening, RescreenDateIsWhenTheLatestDeferralClears) {
  Consultation c = CleanConsultation();    // assessed 2026-11-23
  c.history.Set("sunburn_in_area", true);  // 14 days
  EXPECT_EQ(ScreenConsultation(c).rescreen_after, Day(2026, 12, 7));
  c.history.Set("radiation_to_area_months_ago", std::optional<double>{4});  // clears 8 months later
  EXPECT_EQ(ScreenConsultation(c).rescreen_after, Day(2027, 7, 23));
  c.history.Set("pregnant", true);  // 180 days: earlier than the radiation
  EXPECT_EQ(ScreenConsultation(c).rescreen_after, Day(2027, 7, 23));
}

TEST(Screening, NoRescreenDateUnlessDeferred) {
  Consultation c = CleanConsultation();
  c.history.Set("sunburn_in_area", true);
  c.history.Set("keloid_tendency", true);
  const ScreeningOutcome o = ScreenConsultation(c);
  EXPECT_EQ(o.decision, Decision::kNotSuitable);
  EXPECT_FALSE(o.rescreen_after.has_value());
  EXPECT_EQ(o.reasons.size(), 2u);  // both listed, the most severe decides
}

}  // namespace
}  // namespace scarwise::domain
