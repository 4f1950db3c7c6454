#pragma once

// The chart of one treatment session: what was done, with what, how deep, and how the skin
// reacted. A charted session is never changed; corrections are amendments beside it.

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
};

// Checks a chart against the protocol: every depth within the clinician range; and against
// typing errors: ends after it starts and within 12 hours, at least one zone, each zone
// once, 1-20 passes. kInvalidArgument
// naming the field ("zones[1].needle_depth_mm").
Result<void> CheckChart(const SessionChart& chart, const PlanningProtocol& planning);

}  // namespace scarwise::domain
