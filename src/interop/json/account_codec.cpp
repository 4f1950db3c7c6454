#include "interop/json/account_codec.hpp"

#include <nlohmann/json.hpp>

#include "common/unicode_text.hpp"

namespace scarwise::interop {

using nlohmann::json;

Result<std::optional<std::string>> DecodeTwoFactorCode(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  const auto it = body.find("code");
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string() || it->get_ref<const std::string&>().size() > 64) {
    return Unexpected(
        InvalidArgument("code", "must be the 6-digit code from your authenticator app or a recovery code"));
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<bool> DecodeSecuritySettings(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  for (const auto& [key, value] : body.items()) {
    if (key != "require_two_factor_for_staff")
      return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
  }
  const auto it = body.find("require_two_factor_for_staff");
  if (it == body.end() || !it->is_boolean()) {
    return Unexpected(InvalidArgument("require_two_factor_for_staff", "must be true or false"));
  }
  return it->get<bool>();
}

Result<bool> DecodeAccountDisabled(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  for (const auto& [key, value] : body.items()) {
    if (key != "disabled") return Unexpected(InvalidArgument(key, "cannot be changed here"));
  }
  if (!body.contains("disabled") || !body["disabled"].is_boolean()) {
    return Unexpected(InvalidArgument("disabled", "must be true or false"));
  }
  return body["disabled"].get<bool>();
}

}  // namespace scarwise::interop
