#pragma once

// Standard base64 (RFC 4648 section 4, with padding), for small binary values kept in text
// columns and JSON (a clinic's logo).

#include <optional>
#include <string>
#include <string_view>

namespace scarwise {

std::string Base64Encode(std::string_view bytes);
// The bytes, or nothing when `text` is not canonical padded base64 (whitespace is refused).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace scarwise
