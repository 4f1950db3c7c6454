#include "interop/json/plan_codec.hpp"
#include "common/unicode_text.hpp"

#include <nlohmann/json.hpp>

namespace scarwise::interop {
namespace {

using nlohmann::json;

Result<int> WholeNumber(const json& value, const std::string& field) {
  if (!value.is_number_integer()) return Unexpected(InvalidArgument(field, "must be a whole number"));
  const auto n = value.get<long long>();
  if (n < 0 || n > 1000) return Unexpected(InvalidArgument(field, "is out of range"));
  return static_cast<int>(n);
}

}  // namespace

Result<domain::PlanAdjustment> DecodePlanAdjustment(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  domain::PlanAdjustment adjustment;
  for (const auto& [key, value] : body.items()) {
    if (key == "sessions") {
      SCARWISE_ASSIGN_OR_RETURN(auto n, WholeNumber(value, key));
      adjustment.sessions = n;
    } else if (key == "interval_days") {
      SCARWISE_ASSIGN_OR_RETURN(auto n, WholeNumber(value, key));
      adjustment.interval_target_days = n;
    } else if (key == "zones") {
      if (!value.is_array()) return Unexpected(InvalidArgument("zones", "must be a list"));
      for (size_t i = 0; i < value.size(); ++i) {
        const std::string at = "zones[" + std::to_string(i) + "]";
        const json& item = value[i];
        if (!item.is_object()) return Unexpected(InvalidArgument(at, "must be an object"));
        const auto zone_name = item.find("zone");
        if (zone_name == item.end() || !zone_name->is_string())
          return Unexpected(InvalidArgument(at + ".zone", "must be a zone name"));
        const auto zone = domain::ZoneFromName(zone_name->get<std::string>());
        if (!zone) return Unexpected(InvalidArgument(at + ".zone", "is not a facial zone"));
        const auto depth = item.find("needle_depth_mm");
        if (depth == item.end() || !depth->is_number())
          return Unexpected(InvalidArgument(at + ".needle_depth_mm", "must be a number of mm"));
        for (const auto& [member, ignored] : item.items()) {
          if (member != "zone" && member != "needle_depth_mm")
            return Unexpected(InvalidArgument(at + "." + Printable(member), "is not a known field"));
        }
        adjustment.depths_mm.emplace_back(*zone, depth->get<double>());
      }
    } else {
      return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
    }
  }
  return adjustment;
}

}  // namespace scarwise::interop
