#include "domain/session/session_chart.hpp"

#include <chrono>
#include <cstdio>

namespace scarwise::domain {

std::string_view BleedingName(Bleeding bleeding) {
  switch (bleeding) {
    case Bleeding::kNone:
      return "none";
    case Bleeding::kPinpoint:
      return "pinpoint";
    case Bleeding::kMore:
      return "more";
  }
  return "none";
}

Result<void> CheckChart(const SessionChart& chart, const PlanningProtocol& planning) {
  const auto length = chart.ended_at.utc - chart.started_at.utc;
  if (length <= std::chrono::seconds(0)) return Unexpected(InvalidArgument("ended_at", "must be after started_at"));
  if (length > std::chrono::hours(12))
    return Unexpected(InvalidArgument("ended_at", "is more than 12 hours after the start"));
  if (chart.zones.empty()) return Unexpected(InvalidArgument("zones", "chart at least one treated zone"));
  const DepthRange& range = planning.depth_range;
  for (size_t i = 0; i < chart.zones.size(); ++i) {
    const ChartedZone& zone = chart.zones[i];
    const std::string at = "zones[" + std::to_string(i) + "]";
    for (size_t j = 0; j < i; ++j) {
      if (chart.zones[j].zone == zone.zone) return Unexpected(InvalidArgument(at + ".zone", "is charted twice"));
    }
    if (!(zone.needle_depth_mm >= range.min_mm && zone.needle_depth_mm <= range.max_mm)) {
      char bounds[64];
      std::snprintf(bounds, sizeof bounds, "must be from %.2f to %.2f mm", range.min_mm, range.max_mm);
      return Unexpected(InvalidArgument(at + ".needle_depth_mm", bounds));
    }
    // A guard against typing errors, not a clinical limit.
    if (zone.passes < 1 || zone.passes > 20) return Unexpected(InvalidArgument(at + ".passes", "must be from 1 to 20"));
  }
  return {};
}

}  // namespace scarwise::domain
