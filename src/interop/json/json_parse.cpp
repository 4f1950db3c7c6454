#include "interop/json/json_parse.hpp"

#include <algorithm>
#include <string>

#include "common/unicode_text.hpp"

namespace scarwise::interop {

bool NestsDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

Result<nlohmann::json> ParseJson(std::string_view text, std::string_view field) {
  if (NestsDeeperThan(text, kMaxJsonNesting)) {
    return Unexpected(InvalidArgument(
        std::string(field), "nests deeper than " + std::to_string(kMaxJsonNesting) + " levels of arrays and objects"));
  }
  nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return Unexpected(InvalidArgument(std::string(field), "is not valid JSON"));
  return document;
}

Result<void> OnlyKnownMembers(const nlohmann::json& object, std::string_view path,
                              std::span<const std::string_view> known) {
  if (!object.is_object()) return {};
  for (const auto& item : object.items()) {
    if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
    const std::string key = Printable(item.key());
    return Unexpected(InvalidArgument(path.empty() ? key : std::string(path) + "." + key, "unknown field"));
  }
  return {};
}

Result<void> OnlyKnownMembers(const nlohmann::json& object, std::string_view path,
                              std::initializer_list<std::string_view> known) {
  return OnlyKnownMembers(object, path, std::span<const std::string_view>(known.begin(), known.size()));
}

}  // namespace scarwise::interop
