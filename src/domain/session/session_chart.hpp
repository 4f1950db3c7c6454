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

// The glide or serum applied while needling (issue 19 §3): a product with its INCI list,
// and whether it came sterile and single-use. Non-sterile or irritant glides are the usual
// cause of granulomas: the service runs the INCI through the product checker for the day of
// the session and flags it (`flags`: "not_sterile", and the code of each irritant found).
struct GlideFlag {
  std::string code;        // "not_sterile", or the product checker's category ("retinoid")
  std::string ingredient;  // the ingredient as written on the label ("" for not_sterile)
  std::string reason;      // the product checker's reason ("" for not_sterile)
};
struct Glide {
  std::string product;
  std::string inci;
  bool sterile = false;
  std::vector<GlideFlag> flags;  // set when charted
};
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
  // Why it was held later than the plan's maximum interval after the previous one, and why a
  // zone was needled deeper than the approved plan (issue 19 §3): empty when it was not.
  std::string late_reason;
  std::string depth_reason;
  std::optional<Glide> glide;  // absent in charts made before it was recorded
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
  int max_interval_days = 0;  // the plan's maximum interval (0: no maximum)
};
// How far a chart may run ahead of the server's clock (the clinic's devices drift).
inline constexpr std::chrono::minutes kClockSkewAllowance{5};
// kUnprocessable naming "started_at" for a session before the consultation, sooner after
// the previous one than the minimum interval in local calendar days (unless the chart gives
// its early_reason) or later than the maximum (unless it gives its late_reason), and
// "ended_at" for one that has not ended yet (after now, beyond kClockSkewAllowance). The
// messages say the dates, the rule and the reason to give.
Result<void> CheckChartTiming(const SessionChart& chart, const ChartTiming& timing);

// kUnprocessable naming "zones[i].needle_depth_mm" for a zone needled deeper than the
// approved plan set it (a zone the plan does not name is not compared), unless the chart
// gives its depth_reason. The message says both depths.
Result<void> CheckChartAgainstPlan(const SessionChart& chart, const TreatmentPlan& plan);

}  // namespace scarwise::domain
