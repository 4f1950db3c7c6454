// The outcome model's evaluation (issue 21): the default protocol's fitted parameters.
#include <gtest/gtest.h>

#include "domain/outcome/outcome_model.hpp"
#include "domain/review.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::domain {
namespace {

using testing::CleanConsultation;
using testing::DefaultPlanning;
using testing::DefaultScoring;
using testing::SetCounts;

const OutcomeModel& Model() {
  return DefaultPlanning().outcome;
}

PredictionInputs Typical() {
  PredictionInputs in;
  in.grade = 3;
  in.quantitative_score = 14;
  in.shares = {0.34, 0.33, 0.33};
  in.fitzpatrick = 3;
  in.interval_days = 28;
  return in;
}

double Width(const ImprovementBand& b) {
  return b.high_pct - b.low_pct;
}

TEST(OutcomeModel, DefaultProtocolHasAFittedModel) {
  ASSERT_TRUE(Model().loaded);
  EXPECT_GT(Model().effect_mean_pct, 0);
  EXPECT_GT(Model().patient_cv, 0);
  EXPECT_GE(Model().behind.from_session, 2);
  EXPECT_GE(Model().follow_up.min_days_after_last_session, 90);
  EXPECT_FALSE(Model().behind.suggestions.empty());
}

TEST(OutcomeModel, MonotoneInSessions) {
  const PredictionInputs in = Typical();
  const auto course = PredictCourse(Model(), in, PriorBelief(Model(), in), 6);
  ASSERT_EQ(course.size(), 6u);
  for (size_t i = 0; i < course.size(); ++i) {
    EXPECT_EQ(course[i].after_session, static_cast<int>(i) + 1);
    EXPECT_LE(course[i].low_pct, course[i].mid_pct);
    EXPECT_LE(course[i].mid_pct, course[i].high_pct);
    if (i > 0) {
      EXPECT_LT(course[i - 1].mid_pct, course[i].mid_pct) << "after session " << i + 1;
    }
  }
}

TEST(OutcomeModel, IcePickDominantRespondsLessThanRollingDominantAtTheSameGrade) {
  PredictionInputs ice = Typical();
  ice.shares = {0.7, 0.2, 0.1};
  PredictionInputs rolling = Typical();
  rolling.shares = {0.1, 0.2, 0.7};
  for (int n = 1; n <= 6; ++n) {
    const ImprovementBand a = PredictBand(Model(), ice, PriorBelief(Model(), ice), n);
    const ImprovementBand b = PredictBand(Model(), rolling, PriorBelief(Model(), rolling), n);
    EXPECT_LT(a.mid_pct, b.mid_pct) << "after session " << n;
  }
}

TEST(OutcomeModel, SevereGradeRespondsLess) {
  PredictionInputs severe = Typical();
  severe.grade = 4;
  EXPECT_LT(PredictBand(Model(), severe, PriorBelief(Model(), severe), 4).mid_pct,
            PredictBand(Model(), Typical(), PriorBelief(Model(), Typical()), 4).mid_pct);
}

TEST(OutcomeModel, WiderWhereDataAreSparse) {
  const PredictionInputs typical = Typical();
  const auto band = [&](const PredictionInputs& in, int n) {
    return PredictBand(Model(), in, PriorBelief(Model(), in), n);
  };
  const ImprovementBand base = band(typical, 3);
  // A score outside the trials' baselines, an interval the trials did not test, poor
  // aftercare: no invented effect, a wider interval.
  PredictionInputs far_score = typical;
  far_score.quantitative_score = 40;
  EXPECT_GT(Width(band(far_score, 3)), Width(base));
  EXPECT_NEAR(band(far_score, 3).mid_pct, base.mid_pct, 0.05);
  PredictionInputs long_interval = typical;
  long_interval.interval_days = 56;
  EXPECT_GT(Width(band(long_interval, 3)), Width(base));
  EXPECT_NEAR(band(long_interval, 3).mid_pct, base.mid_pct, 0.05);
  PredictionInputs poor_aftercare = typical;
  poor_aftercare.adherence = 0.3;
  EXPECT_GT(Width(band(poor_aftercare, 3)), Width(base));
  EXPECT_NEAR(band(poor_aftercare, 3).mid_pct, base.mid_pct, 0.05);
  // Grade 2 has no trial of its own: wider than grade 3 (the trials' grade) at the same mean.
  PredictionInputs mild = typical;
  mild.grade = 2;
  EXPECT_GT(Width(band(mild, 3)), Width(base));
}

TEST(OutcomeModel, UpdateMovesTheBandTowardTheObservationsAndNarrowsIt) {
  const PredictionInputs in = Typical();
  const ResponseBelief prior = PriorBelief(Model(), in);
  const ImprovementBand before = PredictBand(Model(), in, prior, 4);
  // A fast responder: 40 % after 2 and 3 sessions.
  const ResponseBelief fast = UpdateBelief(Model(), in, prior, {{2, 40}, {3, 45}});
  const ImprovementBand after_fast = PredictBand(Model(), in, fast, 4);
  EXPECT_GT(after_fast.mid_pct, before.mid_pct);
  EXPECT_LT(Width(after_fast), Width(before));
  EXPECT_EQ(fast.observations, 2);
  // A slow one: nothing after 2 and 3 sessions.
  const ResponseBelief slow = UpdateBelief(Model(), in, prior, {{2, 0}, {3, 0}});
  const ImprovementBand after_slow = PredictBand(Model(), in, slow, 4);
  EXPECT_LT(after_slow.mid_pct, before.mid_pct);
  EXPECT_LT(Width(after_slow), Width(before));
  // Each measurement narrows it further.
  const ResponseBelief one = UpdateBelief(Model(), in, prior, {{2, 20}});
  const ResponseBelief two = UpdateBelief(Model(), in, one, {{3, 25}});
  EXPECT_LT(Width(PredictBand(Model(), in, two, 5)), Width(PredictBand(Model(), in, one, 5)));
  EXPECT_LT(Width(PredictBand(Model(), in, one, 5)), Width(PredictBand(Model(), in, prior, 5)));
}

TEST(OutcomeModel, BehindOnlyBelowTheLowEdgeAndNeverAfterSessionOne) {
  PredictionInputs in = Typical();
  in.shares = {0.1, 0.2, 0.7};  // a rolling-dominant patient expects enough for a low edge above 0
  in.quantitative_score = 16;
  const ResponseBelief prior = PriorBelief(Model(), in);
  const int from = Model().behind.from_session;
  const double low = PredictBand(Model(), in, prior, from).low_pct;
  ASSERT_GT(low, 0) << "the test needs a low edge above zero";
  // Nothing at all after session 1: never behind (too early).
  BehindCheck early = CheckBehind(Model(), in, prior, {{1, 0}});
  EXPECT_FALSE(early.evaluated);
  EXPECT_FALSE(early.behind);
  BehindCheck behind = CheckBehind(Model(), in, prior, {{1, 0}, {from, low - 1}});
  EXPECT_TRUE(behind.evaluated);
  EXPECT_TRUE(behind.behind);
  EXPECT_NE(behind.reason.find(std::to_string(from)), std::string::npos) << behind.reason;
  BehindCheck on_track = CheckBehind(Model(), in, prior, {{from, low + 1}});
  EXPECT_TRUE(on_track.evaluated);
  EXPECT_FALSE(on_track.behind);
  EXPECT_TRUE(on_track.reason.empty());
}

TEST(OutcomeModel, PlanExpectedComesFromTheModelWithItsExplanation) {
  Consultation c = CleanConsultation();
  c.assessment.qualitative_grade = 3;
  SetCounts(c, FacialZone::kCheekLeft, 0, 8, 2, 0, 2, 0);  // ice pick 8 of 12
  const QuantitativeScore score = ScoreQuantitative(DefaultScoring(), c.assessment);
  const FactSet facts = ComputeFacts(c, DefaultScoring(), score.total);
  const TreatmentPlan plan = ProposePlan(DefaultPlanning(), DefaultScoring(), c.assessment, facts);
  ASSERT_EQ(plan.expected.size(), static_cast<size_t>(plan.sessions));
  const PredictionInputs in = PredictionInputsFrom(facts, plan.interval.target);
  const ImprovementBand last = PredictBand(Model(), in, PriorBelief(Model(), in), plan.sessions);
  EXPECT_DOUBLE_EQ(plan.expected.back().mid_pct, last.mid_pct);
  bool named = false;
  for (const Explanation& e : plan.explanation)
    named = named || e.text.find("ice pick scars are 67 %") != std::string::npos;
  EXPECT_TRUE(named);

  // The clinician's change of sessions and interval predicts again, with the patient's inputs.
  PlanAdjustment more;
  more.sessions = plan.sessions + 1;
  more.interval_target_days = 42;
  const auto adjusted = AdjustPlan(DefaultPlanning(), plan, more, in);
  ASSERT_TRUE(adjusted.has_value());
  ASSERT_EQ(adjusted->expected.size(), static_cast<size_t>(plan.sessions + 1));
  PredictionInputs at42 = in;
  at42.interval_days = 42;
  EXPECT_DOUBLE_EQ(adjusted->expected.back().high_pct,
                   PredictBand(Model(), at42, PriorBelief(Model(), at42), plan.sessions + 1).high_pct);
  int prediction_lines = 0;
  for (const Explanation& e : adjusted->explanation) {
    prediction_lines += e.source.citation == Model().wording.source.citation ? 1 : 0;
  }
  EXPECT_EQ(prediction_lines, 1);
}

TEST(OutcomeModel, ExplanationSaysTypicalWhenNothingMovedIt) {
  const PredictionInputs in = Typical();
  EXPECT_EQ(ExplainPrediction(Model(), in, 3, PriorBelief(Model(), in)), Model().wording.typical);
  const ResponseBelief updated = UpdateBelief(Model(), in, PriorBelief(Model(), in), {{2, 40}});
  EXPECT_NE(ExplainPrediction(Model(), in, 3, updated).find(Model().wording.faster), std::string::npos);
}

TEST(OutcomeModel, EccaFromTheProtocolsWeightsAndImprovementFromTheBaseline) {
  ASSERT_EQ(Model().ecca.items.size(), 6u);
  EXPECT_EQ(EccaTotal(Model().ecca, {1, 2, 1, 0, 0, 0}), 15 + 40 + 25);
  EXPECT_EQ(EccaTotal(Model().ecca, {3, 3, 3, 3, 3, 3}), 540);
  EXPECT_EQ(ImprovementPct(10, 7), 30.0);
  EXPECT_EQ(ImprovementPct(12, 13), -8.3);
  EXPECT_FALSE(ImprovementPct(0, 0).has_value());
}

TEST(OutcomeModel, ProgressStatusAndThePatientsWords) {
  PredictionInputs in = Typical();
  in.shares = {0.1, 0.2, 0.7};
  in.quantitative_score = 16;
  const CourseProgress none = AssessProgress(Model(), in, 4, {});
  EXPECT_EQ(none.status, CourseStatus::kTooEarly);
  EXPECT_EQ(none.patient_message, Model().behind.patient_too_early);
  EXPECT_EQ(none.planned.size(), 4u);
  const CourseProgress slow = AssessProgress(Model(), in, 4, {{1, 0}, {3, 0}});
  EXPECT_EQ(slow.status, CourseStatus::kBehind);
  EXPECT_EQ(slow.patient_message, Model().behind.patient_behind);
  EXPECT_LT(slow.updated.back().mid_pct, slow.planned.back().mid_pct);
  const CourseProgress fast = AssessProgress(Model(), in, 4, {{3, 90}});
  EXPECT_EQ(fast.status, CourseStatus::kAhead);
  const CourseProgress typical = AssessProgress(Model(), in, 4, {{3, slow.planned[2].mid_pct}});
  EXPECT_EQ(typical.status, CourseStatus::kOnTrack);
  EXPECT_EQ(CourseStatusName(typical.status), "on_track");
}

// Adherence (issue 21 §2): the check-ins that followed the aftercare and the sessions kept,
// over all of them; 1 while nothing can be judged; below 1 it only widens the interval.
TEST(OutcomeModel, AdherenceIsTheShareOfCheckInsFollowedAndSessionsKept) {
  EXPECT_EQ(AdherenceShare({}), 1);
  EXPECT_EQ(AdherenceShare({4, 4, 2, 0}), 1);
  EXPECT_DOUBLE_EQ(AdherenceShare({2, 1, 0, 0}), 0.5);
  EXPECT_DOUBLE_EQ(AdherenceShare({2, 2, 1, 1}), 0.75) << "a no-show is a skipped session";
  PredictionInputs low = Typical();
  low.adherence = 0.5;
  const ImprovementBand full = PredictBand(Model(), Typical(), PriorBelief(Model(), Typical()), 3);
  const ImprovementBand half = PredictBand(Model(), low, PriorBelief(Model(), low), 3);
  EXPECT_DOUBLE_EQ(half.mid_pct, full.mid_pct) << "no effect the trials cannot support";
  EXPECT_GT(Width(half), Width(full));
  EXPECT_NE(ExplainPrediction(Model(), low, 3, PriorBelief(Model(), low)).find("50 %"), std::string::npos);
}

}  // namespace
}  // namespace scarwise::domain
