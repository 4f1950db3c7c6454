#include "interop/json/recovery_codec.hpp"
#include "common/unicode_text.hpp"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "interop/json/json_parse.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;

Result<int> Scale(const json& body, const char* key, int max) {
  const auto it = body.find(key);
  if (it == body.end()) return Unexpected(InvalidArgument(key, "required"));
  if (!it->is_number_integer()) return Unexpected(InvalidArgument(key, "must be a whole number"));
  const auto value = it->get<long long>();
  if (value < 0 || value > max) return Unexpected(InvalidArgument(key, "must be from 0 to " + std::to_string(max)));
  return static_cast<int>(value);
}

Result<bool> Flag(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end()) return Unexpected(InvalidArgument(key, "required"));
  if (!it->is_boolean()) return Unexpected(InvalidArgument(key, "must be true or false"));
  return it->get<bool>();
}

}  // namespace

Result<domain::CheckIn> DecodeCheckIn(const json& body, const std::vector<domain::WarningSign>& known_signs) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  static const char* const kKnown[] = {"day_after_session", "redness",          "swelling",       "pain",
                                       "warning_signs",     "products_applied", "sunscreen_used", "makeup_used"};
  for (const auto& [key, value] : body.items()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
    }
  }
  domain::CheckIn check_in;
  for (auto [key, max, target] :
       {std::tuple{"day_after_session", 365, &check_in.day_after_session}, std::tuple{"redness", 3, &check_in.redness},
        std::tuple{"swelling", 3, &check_in.swelling}, std::tuple{"pain", 10, &check_in.pain}}) {
    SCARWISE_ASSIGN_OR_RETURN(auto value, Scale(body, key, max));
    *target = value;
  }
  for (auto [key, target] :
       {std::pair{"sunscreen_used", &check_in.sunscreen_used}, std::pair{"makeup_used", &check_in.makeup_used}}) {
    SCARWISE_ASSIGN_OR_RETURN(auto value, Flag(body, key));
    *target = value;
  }
  if (const auto signs = body.find("warning_signs"); signs != body.end()) {
    if (!signs->is_array()) return Unexpected(InvalidArgument("warning_signs", "must be a list"));
    for (size_t i = 0; i < signs->size(); ++i) {
      const std::string field = "warning_signs[" + std::to_string(i) + "]";
      const json& item = (*signs)[i];
      const bool known = item.is_string() &&
                         std::any_of(known_signs.begin(), known_signs.end(),
                                     [&](const domain::WarningSign& s) { return s.key == item.get<std::string>(); });
      if (!known) {
        std::string list;
        for (const domain::WarningSign& s : known_signs) list += (list.empty() ? "" : ", ") + s.key;
        return Unexpected(InvalidArgument(field, "must be one of " + list));
      }
      const std::string sign = item.get<std::string>();
      if (std::find(check_in.warning_signs.begin(), check_in.warning_signs.end(), sign) ==
          check_in.warning_signs.end()) {
        check_in.warning_signs.push_back(sign);
      }
    }
  }
  if (const auto products = body.find("products_applied"); products != body.end() && !products->is_null()) {
    if (!products->is_string()) return Unexpected(InvalidArgument("products_applied", "must be text"));
    check_in.products_applied = products->get<std::string>();
    if (check_in.products_applied.size() > 20000)
      return Unexpected(InvalidArgument("products_applied", "is too long (at most 20,000 bytes)"));
  }
  return check_in;
}

Result<std::string> DecodeTriageNote(const nlohmann::json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  SCARWISE_RETURN_IF_ERROR(OnlyKnownMembers(body, "", {"note"}));
  const auto note = body.find("note");
  if (note == body.end() || note->is_null()) return std::string();
  if (!note->is_string()) return Unexpected(InvalidArgument("note", "must be text"));
  return note->get<std::string>();
}

}  // namespace scarwise::interop
