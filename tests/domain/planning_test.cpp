// Session count, recommendations and needle depth rules of the default protocol.
#include <gtest/gtest.h>

#include "domain/review.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

using testing::CleanConsultation;
using testing::DefaultPlanning;
using testing::DefaultScoring;
using testing::SetCounts;

TreatmentPlan Plan(const Consultation& c) {
  const QuantitativeScore score = ScoreQuantitative(DefaultScoring(), c.assessment);
  return ProposePlan(DefaultPlanning(), DefaultScoring(), c.assessment, ComputeFacts(c, DefaultScoring(), score.total));
}

bool Recommends(const TreatmentPlan& plan, const std::string& code) {
  for (const auto& r : plan.recommendations) {
    if (r.code == code) return true;
  }
  return false;
}

// counts: macular, ice_pick, boxcar_shallow, boxcar_deep, rolling, papular
struct SessionRow {
  const char* name;
  int grade;
  std::array<int, 6> counts;
  int sessions;
};

TEST(Planning, SessionsByGradeAndScarMix) {
  const SessionRow rows[] = {
      {"grade 1", 1, {4, 0, 0, 0, 0, 0}, 3},
      {"grade 2", 2, {0, 0, 4, 0, 4, 0}, 3},
      {"grade 3", 3, {0, 1, 4, 1, 6, 0}, 4},
      {"grade 4", 4, {0, 2, 4, 2, 6, 0}, 6},
      {"grade 2, deep scars exactly half: one more", 2, {0, 2, 2, 2, 2, 0}, 4},
      {"grade 2, deep scars just under half: none more", 2, {0, 2, 3, 1, 3, 0}, 3},
      {"grade 3, deep scars the majority: 5", 3, {0, 5, 1, 3, 1, 0}, 5},
      {"grade 4, deep scars the majority: capped at 6", 4, {0, 5, 1, 3, 1, 0}, 6},
      {"macular scars are not atrophic", 2, {20, 1, 1, 0, 0, 0}, 4},
  };
  for (const SessionRow& row : rows) {
    SCOPED_TRACE(row.name);
    Consultation c = CleanConsultation();
    c.assessment.qualitative_grade = row.grade;
    const auto& n = row.counts;
    SetCounts(c, FacialZone::kCheekLeft, n[0], n[1], n[2], n[3], n[4], n[5]);
    const TreatmentPlan plan = Plan(c);
    EXPECT_EQ(plan.sessions, row.sessions);
    EXPECT_EQ(plan.expected.size(), static_cast<size_t>(row.sessions));
  }
}

struct RecommendationRow {
  const char* name;
  int grade;
  std::array<int, 6> counts;
  bool tca_cross;
  bool subcision;
};

TEST(Planning, Recommendations) {
  const RecommendationRow rows[] = {
      {"ice pick 30 %: TCA CROSS", 2, {0, 3, 5, 0, 2, 0}, true, false},
      {"ice pick 29 %: no TCA CROSS", 2, {0, 2, 5, 0, 0, 0}, false, false},
      {"rolling 50 % at grade 3: subcision", 3, {0, 0, 5, 0, 5, 0}, false, true},
      {"rolling 50 % at grade 2: no subcision", 2, {0, 0, 5, 0, 5, 0}, false, false},
      {"rolling 40 % at grade 4: no subcision", 4, {0, 0, 6, 0, 4, 0}, false, false},
      {"both", 4, {0, 4, 0, 0, 6, 0}, true, true},
  };
  for (const RecommendationRow& row : rows) {
    SCOPED_TRACE(row.name);
    Consultation c = CleanConsultation();
    c.assessment.qualitative_grade = row.grade;
    const auto& n = row.counts;
    SetCounts(c, FacialZone::kCheekLeft, n[0], n[1], n[2], n[3], n[4], n[5]);
    const TreatmentPlan plan = Plan(c);
    EXPECT_EQ(Recommends(plan, "consider_tca_cross"), row.tca_cross);
    EXPECT_EQ(Recommends(plan, "consider_subcision"), row.subcision);
  }
}

// What a clinician reads (issue 26, item 9): the reasons in clinical words with whole
// percentages, no variable names, and each recommendation said once, with its reason.
TEST(Planning, ExplanationInClinicalWordsAndEachRecommendationOnce) {
  Consultation c = CleanConsultation();
  c.assessment.qualitative_grade = 4;
  SetCounts(c, FacialZone::kCheekLeft, 0, 4, 0, 3, 4, 0);  // 4 ice pick of 11 atrophic: 36 %
  const TreatmentPlan plan = Plan(c);
  ASSERT_TRUE(Recommends(plan, "consider_tca_cross"));
  for (const auto& r : plan.recommendations) {
    EXPECT_FALSE(r.because.empty()) << r.code;
    EXPECT_EQ(r.because.find('_'), std::string::npos) << r.because;
    for (const auto& e : plan.explanation) EXPECT_EQ(e.text.find(r.message), std::string::npos) << e.text;
  }
  for (const auto& r : plan.recommendations) {
    if (r.code == "consider_tca_cross") {
      EXPECT_EQ(r.because, "ice pick scars are 36 % of the atrophic scars (at least 30 %)");
    }
  }
  for (const auto& e : plan.explanation) {
    EXPECT_EQ(e.text.find("_share"), std::string::npos) << e.text;
    EXPECT_EQ(e.text.find("_scars"), std::string::npos) << e.text;
  }
}

struct DepthRow {
  FacialZone zone;
  int deep_scars;  // split as ice pick + deep boxcar
  double depth_mm;
};

TEST(Planning, NeedleDepthPerZoneWithDeepScarAdjustment) {
  const DepthRow rows[] = {
      {FacialZone::kForehead, 0, 0.5},  {FacialZone::kTempleLeft, 0, 0.5}, {FacialZone::kTempleRight, 0, 0.5},
      {FacialZone::kNose, 0, 0.5},      {FacialZone::kPerioral, 0, 1.0},   {FacialZone::kChin, 0, 1.0},
      {FacialZone::kCheekLeft, 0, 1.5}, {FacialZone::kCheekRight, 0, 1.5}, {FacialZone::kJawLeft, 0, 1.5},
      {FacialZone::kJawRight, 0, 1.5},  {FacialZone::kForehead, 4, 0.5},   {FacialZone::kForehead, 5, 1.0},
      {FacialZone::kChin, 5, 1.5},      {FacialZone::kCheekLeft, 4, 1.5},  {FacialZone::kCheekLeft, 5, 2.0},
      {FacialZone::kJawRight, 12, 2.0},
  };
  for (const DepthRow& row : rows) {
    SCOPED_TRACE(std::string(ZoneName(row.zone)) + " with " + std::to_string(row.deep_scars) + " deep scars");
    Consultation c = CleanConsultation();
    c.assessment.zones.clear();
    SetCounts(c, row.zone, 0, row.deep_scars / 2, 3, row.deep_scars - row.deep_scars / 2, 0, 0);
    const TreatmentPlan plan = Plan(c);
    ASSERT_EQ(plan.zones.size(), 1u);
    EXPECT_NEAR(plan.zones[0].needle_depth_mm, row.depth_mm, 1e-9);
  }
}

TEST(Planning, IntervalSessionTimeAndExplanationsFromTheProtocol) {
  const TreatmentPlan plan = Plan(CleanConsultation());
  EXPECT_EQ(plan.interval.min, 28);
  EXPECT_EQ(plan.interval.target, 28);
  EXPECT_EQ(plan.interval.max, 42);
  EXPECT_EQ(plan.session_minutes, 30);
  EXPECT_GT(plan.numbing_minutes, 0);
  ASSERT_FALSE(plan.explanation.empty());
  for (const auto& e : plan.explanation) EXPECT_FALSE(e.source.citation.empty()) << e.text;
  for (size_t i = 1; i < plan.expected.size(); ++i) {
    EXPECT_LE(plan.expected[i - 1].mid_pct, plan.expected[i].mid_pct);
    EXPECT_LE(plan.expected[i].low_pct, plan.expected[i].mid_pct);
    EXPECT_LE(plan.expected[i].mid_pct, plan.expected[i].high_pct);
  }
}

TEST(Planning, OnlyScarredZonesAreTreated) {
  Consultation c = CleanConsultation();
  SetCounts(c, FacialZone::kForehead, 0, 0, 0, 0, 0, 0);
  const TreatmentPlan plan = Plan(c);
  ASSERT_EQ(plan.zones.size(), 1u);
  EXPECT_EQ(plan.zones[0].zone, FacialZone::kCheekLeft);
}

// A clinician adjusts a grade 2 proposal (3 sessions, 28 days, left cheek 1.5 mm). The
// protocol allows 3-6 sessions, a 28-42 day target and depths of 0.25-2.0 mm.
TEST(Planning, AClinicianAdjustsTheProposalOnlyWithinTheProtocolsBounds) {
  Consultation c = CleanConsultation();
  c.assessment.qualitative_grade = 2;
  SetCounts(c, FacialZone::kCheekLeft, 0, 0, 4, 0, 4, 0);
  const TreatmentPlan proposal = Plan(c);
  ASSERT_EQ(proposal.sessions, 3);
  const struct {
    const char* name;
    PlanAdjustment change;
    const char* error_field;  // "" when accepted
  } rows[] = {
      {"fewest sessions allowed", {3, std::nullopt, {}}, ""},
      {"most sessions allowed", {6, std::nullopt, {}}, ""},
      {"one session too few", {2, std::nullopt, {}}, "sessions"},
      {"one session too many", {7, std::nullopt, {}}, "sessions"},
      {"interval at the window's start (day 28)", {std::nullopt, 28, {}}, ""},
      {"interval at the window's end (day 42)", {std::nullopt, 42, {}}, ""},
      {"interval a day short (day 27)", {std::nullopt, 27, {}}, "interval_days"},
      {"interval a day long (day 43)", {std::nullopt, 43, {}}, "interval_days"},
      {"shallowest depth", {std::nullopt, std::nullopt, {{FacialZone::kCheekLeft, 0.25}}}, ""},
      {"deepest depth", {std::nullopt, std::nullopt, {{FacialZone::kCheekLeft, 2.0}}}, ""},
      {"too shallow", {std::nullopt, std::nullopt, {{FacialZone::kCheekLeft, 0.2}}}, "zones[0].needle_depth_mm"},
      {"too deep", {std::nullopt, std::nullopt, {{FacialZone::kCheekLeft, 2.1}}}, "zones[0].needle_depth_mm"},
      {"a zone the plan does not treat", {std::nullopt, std::nullopt, {{FacialZone::kForehead, 0.5}}}, "zones[0].zone"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const auto adjusted = AdjustPlan(DefaultPlanning(), proposal, row.change);
    if (std::string(row.error_field).empty()) {
      ASSERT_TRUE(adjusted) << adjusted.error().ToString();
    } else {
      ASSERT_FALSE(adjusted);
      EXPECT_EQ(adjusted.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(adjusted.error().field, row.error_field);
    }
  }
}

TEST(Planning, AnAdjustmentIsExplainedAndTheExpectedBandFollowsTheSessions) {
  Consultation c = CleanConsultation();
  c.assessment.qualitative_grade = 2;
  SetCounts(c, FacialZone::kCheekLeft, 0, 0, 4, 0, 4, 0);
  const TreatmentPlan proposal = Plan(c);
  const auto adjusted = AdjustPlan(DefaultPlanning(), proposal, {5, 35, {{FacialZone::kCheekLeft, 1.25}}});
  ASSERT_TRUE(adjusted);
  EXPECT_EQ(adjusted->sessions, 5);
  EXPECT_EQ(adjusted->expected.size(), 5u);
  EXPECT_EQ(adjusted->interval.target, 35);
  EXPECT_EQ(adjusted->interval.min, 28);
  EXPECT_EQ(adjusted->zones[0].needle_depth_mm, 1.25);
  std::vector<std::string> added;
  for (size_t i = proposal.explanation.size(); i < adjusted->explanation.size(); ++i) {
    added.push_back(adjusted->explanation[i].text);
  }
  EXPECT_EQ(added,
            (std::vector<std::string>{
                "Adjusted by the clinician: 3 -> 5 sessions (the protocol allows 3 to 6).",
                "Adjusted by the clinician: sessions 35 days apart (the window stays 28 to 42 days).",
                "Adjusted by the clinician: cheek_left 1.5 mm -> 1.25 mm (the protocol allows 0.25 mm to 2.0 mm).",
            }));
  const auto unchanged = AdjustPlan(DefaultPlanning(), proposal, {});
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->explanation.size(), proposal.explanation.size()) << "no change, nothing to explain";
}

}  // namespace
}  // namespace scarwise::domain

namespace scarwise::domain {
namespace {

// The plan as ReviewConsultation proposes it: after screening, with its precautions.
TreatmentPlan Reviewed(const Consultation& c) {
  const ConsultationReview review = ReviewConsultation(testing::ClinicalProtocol(), c);
  EXPECT_TRUE(review.plan.has_value());
  return review.plan.value_or(TreatmentPlan{});
}

// A precaution's depth cap (bleeding risk) applies after the deep-scar rule: a patient on
// a blood thinner is never raised to 2.0 mm; without one the deep-scar rule still applies.
TEST(Planning, BleedingRiskPrecautionsCapTheNeedleDepth) {
  const struct {
    const char* name;
    const char* answer;  // the yes/no question answered yes, "" for none
    double cheek_mm;     // cheek with 6 deep scars: 1.5 + 0.5 = 2.0 without a cap
    double forehead_mm;  // 0.5: below the cap, unchanged
    double max_mm;       // what the clinician may still choose
  } rows[] = {
      {"no bleeding risk: the deep-scar rule raises the cheek", "", 2.0, 0.5, 2.0},
      {"anticoagulants: capped at 1.0 mm", "anticoagulants", 1.0, 0.5, 1.0},
      {"antiplatelets or NSAIDs: capped", "antiplatelets_or_nsaids", 1.0, 0.5, 1.0},
      {"fish oil or ginkgo: capped", "blood_thinning_supplements", 1.0, 0.5, 1.0},
      {"an unrelated precaution: no cap", "metal_allergy", 2.0, 0.5, 2.0},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    Consultation c = testing::CleanConsultation();
    c.assessment.zones.clear();
    SetCounts(c, FacialZone::kCheekLeft, 0, 3, 3, 3, 0, 0);
    SetCounts(c, FacialZone::kForehead, 0, 0, 2, 0, 0, 0);
    if (*row.answer != '\0') c.history.Set(row.answer, true);
    const TreatmentPlan plan = Reviewed(c);
    ASSERT_EQ(plan.zones.size(), 2u);
    EXPECT_NEAR(plan.zones[0].needle_depth_mm, row.cheek_mm, 1e-9);
    EXPECT_NEAR(plan.zones[1].needle_depth_mm, row.forehead_mm, 1e-9);
    EXPECT_NEAR(plan.bounds.max_depth_mm, row.max_mm, 1e-9);
    // The clinician cannot go past the cap either.
    const auto deeper =
        AdjustPlan(DefaultPlanning(), plan, {std::nullopt, std::nullopt, {{FacialZone::kCheekLeft, 1.5}}});
    EXPECT_EQ(deeper.has_value(), row.max_mm >= 1.5) << (deeper ? "" : deeper.error().ToString());
  }
}

TEST(Planning, ACappedZoneIsExplainedWithThePrecautionsSource) {
  Consultation c = testing::CleanConsultation();
  c.history.Set("anticoagulants", true);
  const TreatmentPlan plan = Reviewed(c);  // left cheek 1.5 mm
  bool explained = false;
  for (const Explanation& e : plan.explanation) {
    if (e.text.find("anticoagulants") != std::string::npos) {
      explained = true;
      EXPECT_TRUE(e.source.unverified) << "the 1.0 mm cap is a team choice";
    }
  }
  EXPECT_TRUE(explained);
}

}  // namespace
}  // namespace scarwise::domain
