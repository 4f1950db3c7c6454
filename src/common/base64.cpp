#include "common/base64.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace scarwise {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Value(char c) {
  const size_t at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t chunk = 0;
    for (size_t k = 0; k < 3; ++k) {
      chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    }
    for (size_t k = 0; k < 4; ++k) {
      out.push_back(k <= n ? kAlphabet[(chunk >> (18 - 6 * k)) & 0x3f] : '=');
    }
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int padding = 0;
    uint32_t chunk = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && last && k >= 2) {
        ++padding;
        chunk <<= 6;
        continue;
      }
      const int v = Value(c);
      if (v < 0 || padding > 0) return std::nullopt;
      chunk = (chunk << 6) | static_cast<uint32_t>(v);
    }
    const std::array<char, 3> bytes = {static_cast<char>((chunk >> 16) & 0xff), static_cast<char>((chunk >> 8) & 0xff),
                                       static_cast<char>(chunk & 0xff)};
    out.append(bytes.data(), 3 - static_cast<size_t>(padding));
  }
  return out;
}

}  // namespace scarwise
