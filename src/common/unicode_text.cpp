#include "common/unicode_text.hpp"

#include <cstdio>
#include <string>

namespace scarwise {
namespace {

// Decodes the code point at `text[i]` and advances `i`; nullopt for invalid UTF-8.
std::optional<char32_t> Next(std::string_view text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return static_cast<char32_t>(lead);
  }
  // The sequence's length, the lead byte's payload bits, and the smallest value that needs
  // this length (anything smaller is an overlong encoding).
  struct Form {
    unsigned mask, pattern;
    size_t length;
    char32_t minimum;
  };
  static constexpr Form kForms[] = {{0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};
  const Form* form = nullptr;
  for (const Form& f : kForms) {
    if ((lead & f.mask) == f.pattern) form = &f;
  }
  if (form == nullptr) return std::nullopt;
  const size_t length = form->length;
  char32_t value = lead & ~form->mask & 0xFF;
  if (i + length > text.size()) return std::nullopt;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  if (value < form->minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  i += length;
  return value;
}

// What is wrong with showing `c` in a name, or nullptr when nothing is.
const char* Hidden(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return "a control character";
  if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return "a bidirectional control character";
  if ((c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF) return "a zero-width character";
  return nullptr;
}

}  // namespace

std::optional<size_t> CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    if (!Next(text, i)) return std::nullopt;
  }
  return count;
}

Result<void> CheckDisplayText(std::string_view text, std::string_view field) {
  for (size_t i = 0; i < text.size();) {
    const auto c = Next(text, i);
    if (!c) return Unexpected(InvalidArgument(std::string(field), "is not valid UTF-8 text"));
    if (const char* what = Hidden(*c)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(*c));
      return Unexpected(InvalidArgument(std::string(field), std::string("contains ") + code + ", " + what));
    }
  }
  return {};
}

std::string Printable(std::string_view text, size_t max_chars) {
  std::string out;
  size_t kept = 0;
  for (size_t i = 0; i < text.size(); ++kept) {
    if (kept == max_chars) {
      out += "...";
      break;
    }
    const size_t start = i;
    const auto c = Next(text, i);
    char code[16];
    if (!c) {
      std::snprintf(code, sizeof code, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[start])));
      out += code;
      i = start + 1;
    } else if (*c == '\\') {
      out += "\\\\";
    } else if (*c < 0x20 || *c == 0x7F) {
      std::snprintf(code, sizeof code, "\\x%02X", static_cast<unsigned>(*c));
      out += code;
    } else if (Hidden(*c) != nullptr) {
      std::snprintf(code, sizeof code, "\\u%04X", static_cast<unsigned>(*c));
      out += code;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace scarwise
