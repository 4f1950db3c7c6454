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

}  // namespace
}  // namespace scarwise::domain
