#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/session/session_chart.hpp"

namespace scarwise::interop {

// A session chart: {"started_at", "ended_at" (ISO 8601 with offset), "device",
// "cartridge_lot", "numbing_product", "numbing_minutes", "zones": [{"zone",
// "needle_depth_mm", "passes"}], "endpoint", "reaction": {"redness" 0-3, "swelling" 0-3,
// "bleeding": none|pinpoint|more}, "notes", "early_reason", "late_reason", "depth_reason",
// "glide": {"product", "inci", "sterile", "flags" (as charted; ignored from a client:
// the service sets them)}}. Errors name the field.
// Its top-level members are the route's to check (a chart request also carries its
// screening): kChartMembers, which is also what an amendment may correct.
Result<domain::SessionChart> DecodeSessionChart(const nlohmann::json& body);
inline constexpr std::array<std::string_view, 14> kChartMembers = {
    "started_at", "ended_at", "device", "cartridge_lot", "numbing_product", "numbing_minutes", "zones",
    "endpoint",   "reaction", "notes",  "early_reason",  "late_reason",     "depth_reason",    "glide"};
// The same shape, as stored and as answered; and back.
std::string SessionChartDocument(const domain::SessionChart& chart);
Result<domain::SessionChart> SessionChartFromDocument(std::string_view text);

// The cartridge an amendment's changes correct a chart to: {device ("" when not changed),
// lot}; nullopt when the changes leave cartridge_lot alone.
struct LotCorrection {
  std::string device;
  std::string lot;
};
std::optional<LotCorrection> LotCorrectionOf(std::string_view changes_json);

}  // namespace scarwise::interop
