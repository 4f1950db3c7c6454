// Charting checks what was approved (issue 19 §3): an interval outside the plan's window, or a
// zone needled deeper than the plan, is refused (422 naming the field) unless the clinician
// gives the reason, which is kept with the chart.
#include <gtest/gtest.h>

#include "domain/session/session_chart.hpp"

namespace scarwise::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Timestamp At(const char* text) {
  return *ParseTimestamp(text, "at");
}

SessionChart Chart(const char* start, double cheek_depth) {
  SessionChart chart;
  chart.started_at = At(start);
  chart.ended_at = ShiftedBy(chart.started_at, minutes(40));
  chart.zones = {{FacialZone::kCheekRight, cheek_depth, 3}, {FacialZone::kForehead, 0.5, 2}};
  return chart;
}

TEST(SessionChart, AnIntervalOutsideThePlansWindowNeedsTheClinicansReason) {
  const ChartTiming timing{*ParseDate("2026-10-01", "d"), At("2026-11-02T11:00:00+01:00"), 28,
                           std::chrono::sys_days(*ParseDate("2027-06-01", "d")), 42};
  const struct {
    const char* name;
    const char* start;
    const char* early_reason;
    const char* late_reason;
    const char* field;  // "" when charted
  } rows[] = {
      {"inside the window (28 days)", "2026-11-30T10:00:00+01:00", "", "", ""},
      {"at the maximum (42 days)", "2026-12-14T10:00:00+01:00", "", "", ""},
      {"too soon, no reason", "2026-11-20T10:00:00+01:00", "", "", "started_at"},
      {"too soon, with the reason", "2026-11-20T10:00:00+01:00", "travels for months", "", ""},
      {"too late, no reason", "2026-12-20T10:00:00+01:00", "", "", "started_at"},
      {"too late, with the reason", "2026-12-20T10:00:00+01:00", "", "was ill with flu", ""},
      {"too late, an early reason does not do", "2026-12-20T10:00:00+01:00", "travels", "", "started_at"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    SessionChart chart = Chart(row.start, 1.5);
    chart.early_reason = row.early_reason;
    chart.late_reason = row.late_reason;
    const auto checked = CheckChartTiming(chart, timing);
    if (std::string(row.field).empty()) {
      EXPECT_TRUE(checked) << checked.error().ToString();
    } else {
      ASSERT_FALSE(checked);
      EXPECT_EQ(checked.error().code, ErrorCode::kUnprocessable);
      EXPECT_EQ(checked.error().field, row.field);
    }
  }
  SessionChart late = Chart("2026-12-20T10:00:00+01:00", 1.5);
  const std::string said = CheckChartTiming(late, timing).error().message;
  EXPECT_NE(said.find("maximum interval of 42 days"), std::string::npos) << said;
  EXPECT_NE(said.find("late_reason"), std::string::npos) << said;
}

TEST(SessionChart, AZoneDeeperThanThePlanNeedsTheClinicansReason) {
  TreatmentPlan plan;
  plan.zones = {{FacialZone::kCheekRight, 1.5, 0}, {FacialZone::kForehead, 0.5, 0}};
  const struct {
    const char* name;
    double cheek;
    const char* reason;
    const char* field;
  } rows[] = {
      {"as planned", 1.5, "", ""},
      {"shallower", 1.0, "", ""},
      {"deeper, no reason", 2.0, "", "zones[0].needle_depth_mm"},
      {"deeper, with the reason", 2.0, "deep boxcar scars persisted", ""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    SessionChart chart = Chart("2026-11-30T10:00:00+01:00", row.cheek);
    chart.depth_reason = row.reason;
    const auto checked = CheckChartAgainstPlan(chart, plan);
    if (std::string(row.field).empty()) {
      EXPECT_TRUE(checked) << checked.error().ToString();
    } else {
      ASSERT_FALSE(checked);
      EXPECT_EQ(checked.error().code, ErrorCode::kUnprocessable);
      EXPECT_EQ(checked.error().field, row.field);
      EXPECT_NE(checked.error().message.find("2.00 mm, deeper than the approved plan's 1.50 mm"), std::string::npos)
          << checked.error().message;
    }
  }
  SessionChart extra = Chart("2026-11-30T10:00:00+01:00", 1.5);
  extra.zones.push_back({FacialZone::kChin, 2.0, 2});
  EXPECT_TRUE(CheckChartAgainstPlan(extra, plan)) << "a zone the plan does not name is not compared";
}

}  // namespace
}  // namespace scarwise::domain
