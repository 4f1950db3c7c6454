#include "interop/json/plan_codec.hpp"

#include <nlohmann/json.hpp>

#include "common/civil_time.hpp"
#include "common/unicode_text.hpp"
#include "interop/json/json_parse.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

Result<int> WholeNumber(const json& value, const std::string& field) {
  if (!value.is_number_integer()) return Unexpected(InvalidArgument(field, "must be a whole number"));
  const auto n = value.get<long long>();
  if (n < 0 || n > 1000) return Unexpected(InvalidArgument(field, "is out of range"));
  return static_cast<int>(n);
}

std::optional<domain::RecordFieldType> FieldType(std::string_view name) {
  for (auto type :
       {domain::RecordFieldType::kText, domain::RecordFieldType::kDate, domain::RecordFieldType::kConfirm}) {
    if (domain::RecordFieldTypeName(type) == name) return type;
  }
  return std::nullopt;
}

std::string TextOf(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

json EncodeRecording(const domain::PrecautionRecording& recording) {
  json fields = json::array();
  for (const domain::RecordField& f : recording.fields) {
    fields.push_back({{"key", f.key}, {"type", domain::RecordFieldTypeName(f.type)}, {"label", f.label}});
  }
  return {{"fields", fields}, {"source", recording.source.citation}, {"unverified", recording.source.unverified}};
}

Result<std::vector<ReviewPrecaution>> PrecautionsOfReviewDocument(std::string_view document) {
  auto parsed = json::parse(document, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return Unexpected(Internal("a stored review is unreadable"));
  std::vector<ReviewPrecaution> out;
  const auto list = parsed.find("precautions");
  if (list == parsed.end() || !list->is_array()) return out;
  for (const json& item : *list) {
    if (!item.is_object()) continue;
    ReviewPrecaution p{TextOf(item, "code"), TextOf(item, "message"), TextOf(item, "action"), std::nullopt};
    const auto record = item.find("record");
    if (record != item.end() && record->is_object() && record->contains("fields") && (*record)["fields"].is_array()) {
      domain::PrecautionRecording recording;
      for (const json& f : (*record)["fields"]) {
        if (!f.is_object()) continue;
        const auto type = FieldType(TextOf(f, "type"));
        if (!type) return Unexpected(Internal("a stored review is unreadable"));
        recording.fields.push_back({TextOf(f, "key"), *type, TextOf(f, "label")});
      }
      recording.source.citation = TextOf(*record, "source");
      recording.source.unverified = record->value("unverified", false);
      p.record = std::move(recording);
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<PrecautionEntry> DecodePrecautionEntry(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(body, "", {"code", "details"}));
  const auto code = body.find("code");
  if (code == body.end() || !code->is_string() || code->get<std::string>().empty()) {
    return Unexpected(InvalidArgument("code", "required: the code of the precaution recorded"));
  }
  const auto details = body.find("details");
  if (details == body.end() || !details->is_object()) {
    return Unexpected(InvalidArgument("details", "required: an object with what the precaution asks to record"));
  }
  return PrecautionEntry{code->get<std::string>(), details->dump()};
}

Result<std::string> CheckPrecautionDetails(std::string_view details_json,
                                           const domain::PrecautionRecording& recording) {
  SCARWISE_ASSIGN_OR_RETURN(const json details, ParseJson(details_json, "details"));
  if (!details.is_object()) return Unexpected(InvalidArgument("details", "must be an object"));
  for (const auto& [key, ignored] : details.items()) {
    bool known = false;
    for (const domain::RecordField& f : recording.fields) known = known || f.key == key;
    if (!known) return Unexpected(InvalidArgument("details." + Printable(key), "unknown field"));
  }
  json stored = json::object();
  for (const domain::RecordField& f : recording.fields) {
    const std::string field = "details." + f.key;
    const auto value = details.find(f.key);
    if (value == details.end() || value->is_null()) {
      return Unexpected(InvalidArgument(field, "required: " + f.label));
    }
    switch (f.type) {
      case domain::RecordFieldType::kText: {
        if (!value->is_string()) return Unexpected(InvalidArgument(field, "must be text"));
        const std::string text = value->get<std::string>();
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
          return Unexpected(InvalidArgument(field, "required: " + f.label));
        }
        if (text.size() > 2000) return Unexpected(InvalidArgument(field, "is longer than 2000 characters"));
        stored[f.key] = text;
        break;
      }
      case domain::RecordFieldType::kDate: {
        if (!value->is_string()) return Unexpected(InvalidArgument(field, "must be a date (YYYY-MM-DD)"));
        SCARWISE_ASSIGN_OR_RETURN(const Date date, ParseDate(value->get<std::string>(), field));
        stored[f.key] = FormatDate(date);
        break;
      }
      case domain::RecordFieldType::kConfirm:
        if (!value->is_boolean()) return Unexpected(InvalidArgument(field, "must be true or false"));
        if (!value->get<bool>()) return Unexpected(InvalidArgument(field, "must be confirmed (true): " + f.label));
        stored[f.key] = true;
        break;
    }
  }
  return stored.dump();
}

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
