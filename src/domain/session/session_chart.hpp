#pragma once

// The chart of one treatment session: what was done, with what, how deep, and how the skin
// reacted. A charted session is never changed; corrections are amendments beside it.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/civil_time.hpp"
#include "common/result.hpp"
#include "domain/assessment/scar_inventory.hpp"
#include "domain/planning/treatment_plan.hpp"

namespace scarwise::domain {

struct ChartedZone {
  FacialZone zone = FacialZone::kForehead;
  double needle_depth_mm = 0;
  int passes = 0;
};

enum class Bleeding { kNone, kPinpoint, kMore };
std::string_view BleedingName(Bleeding bleeding);  // "none" | "pinpoint" | "more"

struct SessionChart {
  Timestamp started_at;
  Timestamp ended_at;  // aftercare counts from here, in this UTC offset
  std::string device;
  std::string cartridge_lot;
  std::string numbing_product;
  int numbing_minutes = 0;
  std::vector<ChartedZone> zones;
  std::string endpoint;  // the clinical endpoint reached, e.g. "pinpoint bleeding"
  int redness = 0;       // immediate reaction, 0-3
  int swelling = 0;      // 0-3
  Bleeding bleeding = Bleeding::kNone;
  std::string notes;
  // Why the session was held sooner after the previous one than the plan's minimum interval
  // (empty when it was not): the clinician's decision, kept with the chart.
  std::string early_reason;
};

// Checks a chart against the protocol: every depth within the clinician range; and against
// typing errors: ends after it starts and within 12 hours, at least one zone, each zone
// once, 1-20 passes. kInvalidArgument
// naming the field ("zones[1].needle_depth_mm").
Result<void> CheckChart(const SessionChart& chart, const PlanningProtocol& planning);

// When a chart may say its session happened, so that no implausible record is stored.
struct ChartTiming {
  Date consultation;                  // the date of the assessment the plan was made from
  std::optional<Timestamp> previous;  // the end of the plan's previous charted session
  int min_interval_days = 0;          // the plan's minimum interval between sessions
  std::chrono::sys_seconds now{};
};
// How far a chart may run ahead of the server's clock (the clinic's devices drift).
inline constexpr std::chrono::minutes kClockSkewAllowance{5};
// kUnprocessable naming "started_at" for a session before the consultation or sooner after
// the previous one than the minimum interval in local calendar days (unless the chart gives
// its early_reason), and "ended_at" for one that has not ended yet (after now, beyond
// kClockSkewAllowance). The messages say the dates and the rule.
Result<void> CheckChartTiming(const SessionChart& chart, const ChartTiming& timing);

}  // namespace scarwise::domain
