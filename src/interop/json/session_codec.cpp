#include "interop/json/session_codec.hpp"

#include <tuple>

#include <nlohmann/json.hpp>

#include "interop/json/json_parse.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

Result<std::string> Text(const json& body, const std::string& key, bool required, size_t max = 2000) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return Unexpected(InvalidArgument(key, "required"));
    return std::string();
  }
  if (!it->is_string()) return Unexpected(InvalidArgument(key, "must be text"));
  std::string text = it->get<std::string>();
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Unexpected(InvalidArgument(key, "must not be empty"));
  if (text.size() > max) return Unexpected(InvalidArgument(key, "is too long"));
  return text;
}

Result<int> Whole(const json& body, const std::string& key, const std::string& field, int min, int max) {
  const auto it = body.find(key);
  if (it == body.end()) return Unexpected(InvalidArgument(field, "required"));
  if (!it->is_number_integer()) return Unexpected(InvalidArgument(field, "must be a whole number"));
  const auto value = it->get<long long>();
  if (value < min || value > max)
    return Unexpected(InvalidArgument(field, "must be from " + std::to_string(min) + " to " + std::to_string(max)));
  return static_cast<int>(value);
}

}  // namespace

Result<domain::SessionChart> DecodeSessionChart(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  domain::SessionChart chart;
  for (auto [key, target] : {std::pair{"started_at", &chart.started_at}, std::pair{"ended_at", &chart.ended_at}}) {
    SCARWISE_ASSIGN_OR_RETURN(auto text, Text(body, key, true, 64));
    SCARWISE_ASSIGN_OR_RETURN(auto at, ParseTimestamp(text, key));
    *target = at;
  }
  for (auto [key, target, required] :
       {std::tuple{"device", &chart.device, true}, std::tuple{"cartridge_lot", &chart.cartridge_lot, true},
        std::tuple{"numbing_product", &chart.numbing_product, false}, std::tuple{"endpoint", &chart.endpoint, true},
        std::tuple{"notes", &chart.notes, false}, std::tuple{"early_reason", &chart.early_reason, false},
        std::tuple{"late_reason", &chart.late_reason, false}, std::tuple{"depth_reason", &chart.depth_reason, false}}) {
    const std::string_view name(key);
    SCARWISE_ASSIGN_OR_RETURN(auto text, Text(body, key, required,
                                              name == "notes"             ? 20000
                                              : name.ends_with("_reason") ? 1000
                                                                          : 200));
    *target = text;
  }
  if (const auto glide = body.find("glide"); glide != body.end() && !glide->is_null()) {
    if (!glide->is_object()) return Unexpected(InvalidArgument("glide", "must be {product, inci, sterile}"));
    SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(*glide, "glide", {"product", "inci", "sterile", "flags"}));
    domain::Glide g;
    SCARWISE_ASSIGN_OR_RETURN(auto product, Text(*glide, "product", true, 200));
    SCARWISE_ASSIGN_OR_RETURN(auto inci, Text(*glide, "inci", true, 20000));
    g.product = std::move(product);
    g.inci = std::move(inci);
    const auto sterile = glide->find("sterile");
    if (sterile == glide->end() || !sterile->is_boolean()) {
      return Unexpected(InvalidArgument("glide.sterile", "required: true when it came sterile and single-use"));
    }
    g.sterile = sterile->get<bool>();
    if (const auto flags = glide->find("flags"); flags != glide->end() && flags->is_array()) {
      for (const json& f : *flags) {
        if (!f.is_object()) continue;
        g.flags.push_back({f.value("code", ""), f.value("ingredient", ""), f.value("reason", "")});
      }
    }
    chart.glide = std::move(g);
  }
  SCARWISE_ASSIGN_OR_RETURN(auto numbing, Whole(body, "numbing_minutes", "numbing_minutes", 0, 240));
  chart.numbing_minutes = numbing;

  const auto zones = body.find("zones");
  if (zones == body.end() || !zones->is_array())
    return Unexpected(InvalidArgument("zones", "must be a list of treated zones"));
  for (size_t i = 0; i < zones->size(); ++i) {
    const std::string at = "zones[" + std::to_string(i) + "]";
    const json& item = (*zones)[i];
    if (!item.is_object()) return Unexpected(InvalidArgument(at, "must be an object"));
    SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(item, at, {"zone", "needle_depth_mm", "passes"}));
    const auto name = item.find("zone");
    const auto zone =
        name != item.end() && name->is_string() ? domain::ZoneFromName(name->get<std::string>()) : std::nullopt;
    if (!zone) return Unexpected(InvalidArgument(at + ".zone", "must be a facial zone"));
    const auto depth = item.find("needle_depth_mm");
    if (depth == item.end() || !depth->is_number())
      return Unexpected(InvalidArgument(at + ".needle_depth_mm", "must be a number of mm"));
    SCARWISE_ASSIGN_OR_RETURN(auto passes, Whole(item, "passes", at + ".passes", 0, 1000));
    chart.zones.push_back({*zone, depth->get<double>(), passes});
  }

  const auto reaction = body.find("reaction");
  if (reaction == body.end() || !reaction->is_object())
    return Unexpected(InvalidArgument("reaction", "required: {redness, swelling, bleeding}"));
  SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(*reaction, "reaction", {"redness", "swelling", "bleeding"}));
  SCARWISE_ASSIGN_OR_RETURN(auto redness, Whole(*reaction, "redness", "reaction.redness", 0, 3));
  SCARWISE_ASSIGN_OR_RETURN(auto swelling, Whole(*reaction, "swelling", "reaction.swelling", 0, 3));
  chart.redness = redness;
  chart.swelling = swelling;
  const auto bleeding = reaction->find("bleeding");
  const std::string value = bleeding != reaction->end() && bleeding->is_string() ? bleeding->get<std::string>() : "";
  if (value == "none") {
    chart.bleeding = domain::Bleeding::kNone;
  } else if (value == "pinpoint") {
    chart.bleeding = domain::Bleeding::kPinpoint;
  } else if (value == "more") {
    chart.bleeding = domain::Bleeding::kMore;
  } else {
    return Unexpected(InvalidArgument("reaction.bleeding", "must be none, pinpoint or more"));
  }
  return chart;
}

std::string SessionChartDocument(const domain::SessionChart& chart) {
  json zones = json::array();
  for (const auto& z : chart.zones) {
    zones.push_back({{"zone", domain::ZoneName(z.zone)}, {"needle_depth_mm", z.needle_depth_mm}, {"passes", z.passes}});
  }
  json glide = nullptr;
  if (chart.glide) {
    json flags = json::array();
    for (const domain::GlideFlag& f : chart.glide->flags) {
      flags.push_back({{"code", f.code}, {"ingredient", f.ingredient}, {"reason", f.reason}});
    }
    glide = {{"product", chart.glide->product},
             {"inci", chart.glide->inci},
             {"sterile", chart.glide->sterile},
             {"flags", flags}};
  }
  return json{
      {"started_at", FormatTimestamp(chart.started_at)},
      {"ended_at", FormatTimestamp(chart.ended_at)},
      {"device", chart.device},
      {"cartridge_lot", chart.cartridge_lot},
      {"numbing_product", chart.numbing_product},
      {"numbing_minutes", chart.numbing_minutes},
      {"zones", zones},
      {"endpoint", chart.endpoint},
      {"reaction",
       {{"redness", chart.redness}, {"swelling", chart.swelling}, {"bleeding", domain::BleedingName(chart.bleeding)}}},
      {"notes", chart.notes},
      {"early_reason", chart.early_reason},
      {"late_reason", chart.late_reason},
      {"depth_reason", chart.depth_reason},
      {"glide", glide}}
      .dump();
}

std::optional<LotCorrection> LotCorrectionOf(std::string_view changes_json) {
  auto changes = ParseJson(changes_json, "changes");
  if (!changes || !changes->is_object()) return std::nullopt;
  const auto lot = changes->find("cartridge_lot");
  if (lot == changes->end() || !lot->is_string() || lot->get<std::string>().empty()) return std::nullopt;
  const auto device = changes->find("device");
  return LotCorrection{device != changes->end() && device->is_string() ? device->get<std::string>() : "",
                       lot->get<std::string>()};
}

Result<domain::SessionChart> SessionChartFromDocument(std::string_view text) {
  auto doc = ParseJson(text, "chart");
  if (!doc) return Unexpected(InvalidArgument("chart", "the stored chart is unreadable"));
  return DecodeSessionChart(*doc);
}

}  // namespace scarwise::interop
