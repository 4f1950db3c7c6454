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

namespace {

Date LocalDate(const Timestamp& at) {
  return std::chrono::floor<std::chrono::days>(at.utc + at.offset);
}

Unexpected Implausible(const char* field, std::string message) {
  return Unexpected(Error{ErrorCode::kUnprocessable, std::move(message), field});
}

}  // namespace

Result<void> CheckChartTiming(const SessionChart& chart, const ChartTiming& timing) {
  if (chart.ended_at.utc > timing.now + kClockSkewAllowance) {
    return Implausible(
        "ended_at", "is in the future (" + FormatTimestamp(chart.ended_at) + "): chart a session after it has ended");
  }
  const Date started = LocalDate(chart.started_at);
  if (started < timing.consultation) {
    return Implausible("started_at", "is " + FormatDate(started) + ", before the consultation on " +
                                         FormatDate(timing.consultation) + " that the plan was made from");
  }
  if (timing.previous && chart.late_reason.empty() && timing.max_interval_days > 0) {
    const Date previous = LocalDate(*timing.previous);
    const auto days = (started - previous).count();
    if (days > timing.max_interval_days) {
      return Implausible("started_at", "is " + std::to_string(days) + " days after the previous session on " +
                                           FormatDate(previous) + ", later than the plan's maximum interval of " +
                                           std::to_string(timing.max_interval_days) +
                                           " days; to chart it anyway, give the late_reason");
    }
  }
  if (timing.previous && chart.early_reason.empty()) {
    const Date previous = LocalDate(*timing.previous);
    const auto days = (started - previous).count();
    if (days < timing.min_interval_days) {
      return Implausible("started_at", "is " + std::to_string(days) + " days after the previous session on " +
                                           FormatDate(previous) + ", sooner than the plan's minimum interval of " +
                                           std::to_string(timing.min_interval_days) +
                                           " days; to chart it anyway, give the early_reason");
    }
  }
  return {};
}

Result<void> CheckChartAgainstPlan(const SessionChart& chart, const TreatmentPlan& plan) {
  if (!chart.depth_reason.empty()) return {};
  for (size_t i = 0; i < chart.zones.size(); ++i) {
    const ChartedZone& charted = chart.zones[i];
    for (const ZoneSetting& planned : plan.zones) {
      // Hundredths of a millimetre: what a plan and a chart can say.
      if (planned.zone != charted.zone || charted.needle_depth_mm <= planned.needle_depth_mm + 0.005) continue;
      char depths[96];
      std::snprintf(depths, sizeof depths, "is %.2f mm, deeper than the approved plan's %.2f mm",
                    charted.needle_depth_mm, planned.needle_depth_mm);
      return Implausible(("zones[" + std::to_string(i) + "].needle_depth_mm").c_str(),
                         std::string(depths) + "; to chart it anyway, give the depth_reason");
    }
  }
  return {};
}

}  // namespace scarwise::domain
