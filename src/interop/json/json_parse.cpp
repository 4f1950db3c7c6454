#include "interop/json/json_parse.hpp"

#include <string>

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

}  // namespace scarwise::interop
