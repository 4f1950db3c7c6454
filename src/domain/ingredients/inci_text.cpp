#include "domain/ingredients/inci_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace scarwise::domain::inci {
namespace {

// ASCII spellings of U+00C0..U+00FF.
constexpr std::array<const char*, 64> kLatin1Upper = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E",  "E",  "E", "E", "I", "I", "I", "I", "D",  "N", "O",  "O", "O", "O",
    "O", "x", "O", "U", "U", "U", "U",  "Y", "TH", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e",  "e", "e", "e",
    "i", "i", "i", "i", "d", "n", "o",  "o", "o",  "o",  "o", " ", "o", "u", "u", "u", "u",  "y", "th", "y"};

// Appends the cleaned form of code point `cp`, whose UTF-8 bytes are `bytes`.
void AppendCodePoint(uint32_t cp, std::string_view bytes, std::string* out) {
  if (cp >= 0xC0 && cp <= 0xFF) {
    out->append(kLatin1Upper[cp - 0xC0]);
    return;
  }
  switch (cp) {
    // Removed: zero-width characters, soft hyphen, BOM, trademark signs, superscript digits.
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
    case 0x00AD:
    case 0x2122:
    case 0x00AE:
    case 0x00A9:
    case 0x2120:
    case 0x00B9:
    case 0x00B2:
    case 0x00B3:
      return;
    // Spaces.
    case 0x00A0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFFFD:
    case 0x00A1:
    case 0x00BF:
    case 0x00A7:
    case 0x00B6:
    case 0x00A8:
    case 0x00AF:
    case 0x00B8:
    case 0x00B0:
    case 0x00AC:
    case 0x00A2:
    case 0x00A3:
    case 0x00A4:
    case 0x00A5:
    case 0x00A6:
    case 0x00BC:
    case 0x00BD:
    case 0x00BE:
      out->push_back(' ');
      return;
    case 0x0085:
    case 0x2028:
    case 0x2029:
      out->push_back('\n');
      return;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
      out->push_back('-');
      return;
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x00B4:
      out->push_back('\'');
      return;
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      out->push_back('"');
      return;
    case 0x2022:
    case 0x2023:
    case 0x25CF:
    case 0x25AA:
    case 0x00B7:
    case 0x2027:
    case 0x30FB:
    case 0x2219:
    case 0x25E6:
      out->push_back('|');
      return;
    case 0x3001:
    case 0xFF64:
      out->push_back(',');
      return;
    case 0x2020:
    case 0x2021:
      out->push_back('*');
      return;
    case 0x2026:
      out->append("...");
      return;
    case 0x00B1:
      out->append("+/-");
      return;
    case 0x00B5:
    case 0x03BC:
      out->push_back('u');
      return;
    case 0x00AA:
      out->push_back('a');
      return;
    case 0x00BA:
      out->push_back('o');
      return;
    default:
      break;
  }
  if (cp >= 0x2000 && cp <= 0x200A) {
    out->push_back(' ');
    return;
  }
  if (cp >= 0xFF01 && cp <= 0xFF5E) {  // fullwidth ASCII
    out->push_back(static_cast<char>(cp - 0xFEE0));
    return;
  }
  if (cp == 0x0152) {
    out->append("OE");
    return;
  }
  if (cp == 0x0153) {
    out->append("oe");
    return;
  }
  out->append(bytes);
}

// Removes footnote numbers "[1]".."[999]" in place.
void RemoveBracketNumbers(std::string* text) {
  std::string& s = *text;
  size_t w = 0;
  for (size_t r = 0; r < s.size();) {
    if (s[r] == '[') {
      size_t j = r + 1;
      while (j < s.size() && j - r <= 3 && IsAsciiDigit(s[j])) ++j;
      if (j > r + 1 && j < s.size() && s[j] == ']') {
        r = j + 1;
        continue;
      }
    }
    s[w++] = s[r++];
  }
  s.resize(w);
}

bool StartsWithLower(std::string_view text, size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (AsciiLower(text[at + k]) != word[k]) return false;
  }
  return true;
}

// Units that mark an inline dose, longest first.
constexpr std::array<std::string_view, 12> kDoseUnits = {"mg/ml", "mg/g", "iu/g", "ppm", "mcg", "ug/g",
                                                         "%",     "mg",   "iu",   "ug",  "g/l", "g/kg"};

std::optional<double> ParseNumber(std::string_view digits) {
  std::string buf(digits);
  const size_t commas = static_cast<size_t>(std::count(buf.begin(), buf.end(), ','));
  const size_t dot = buf.find('.');
  if (commas == 1 && dot == std::string::npos && buf.size() - buf.find(',') <= 3) {
    buf[buf.find(',')] = '.';  // decimal comma: "2,5"
  } else {
    buf.erase(std::remove(buf.begin(), buf.end(), ','), buf.end());
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(buf.data(), buf.data() + buf.size(), value);
  if (ec != std::errc() || ptr != buf.data() + buf.size()) return std::nullopt;
  return value;
}

void CollapseSpaces(std::string* text) {
  std::string& s = *text;
  size_t w = 0;
  bool space = true;  // drop leading spaces
  for (char c : s) {
    if (IsSpace(c)) {
      if (!space) s[w++] = ' ';
      space = true;
    } else {
      s[w++] = c;
      space = false;
    }
  }
  while (w > 0 && s[w - 1] == ' ') --w;
  s.resize(w);
}

}  // namespace

std::string_view Trim(std::string_view text) {
  size_t b = 0;
  size_t e = text.size();
  while (b < e && (IsSpace(text[b]) || text[b] == '\n')) ++b;
  while (e > b && (IsSpace(text[e - 1]) || text[e - 1] == '\n')) --e;
  return text.substr(b, e - b);
}

std::string CleanText(std::string_view raw, size_t max_bytes, bool* truncated) {
  *truncated = raw.size() > max_bytes;
  const std::string_view in = raw.substr(0, std::min(raw.size(), max_bytes));
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      if (c == '\r') {
        out.push_back('\n');
        if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
      } else if (c == '\n') {
        out.push_back('\n');
      } else if (c < 0x20 || c == 0x7F) {
        out.push_back(' ');
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t min_cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1Fu, min_cp = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0Fu, min_cp = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07u, min_cp = 0x10000;
    } else {
      out.push_back(' ');
      ++i;
      continue;
    }
    bool valid = i + len <= in.size();
    for (size_t k = 1; valid && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(in[i + k]);
      if ((cc & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (!valid || cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out.push_back(' ');
      ++i;
      continue;
    }
    AppendCodePoint(cp, in.substr(i, len), &out);
    i += len;
  }
  RemoveBracketNumbers(&out);
  return out;
}

void MakeKey(std::string_view text, std::string* out, bool keep_glob) {
  out->clear();
  bool pending_space = false;
  for (char ch : text) {
    const bool keep =
        IsAsciiAlnum(ch) || static_cast<unsigned char>(ch) >= 0x80 || (keep_glob && (ch == '*' || ch == '#'));
    if (keep) {
      if (pending_space && !out->empty()) out->push_back(' ');
      pending_space = false;
      out->push_back(AsciiLower(ch));
    } else {
      pending_space = true;
    }
  }
}

std::string Key(std::string_view text) {
  std::string key;
  MakeKey(text, &key);
  return key;
}

void MakeJoinedKey(std::string_view text, std::string* out) {
  out->clear();
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '-' && i > 0 && IsAsciiAlpha(text[i - 1])) {
      size_t j = i + 1;
      while (j < text.size() && IsSpace(text[j])) ++j;
      if (j < text.size() && IsAsciiAlpha(text[j])) {
        i = j - 1;  // join: skip the hyphen and the spaces after it
        continue;
      }
    }
    if (IsAsciiAlnum(ch) || static_cast<unsigned char>(ch) >= 0x80) {
      if (pending_space && !out->empty()) out->push_back(' ');
      pending_space = false;
      out->push_back(AsciiLower(ch));
    } else {
      pending_space = true;
    }
  }
}

void MakeCompact(std::string_view key, std::string* out) {
  out->clear();
  for (char c : key) {
    if (c != ' ') out->push_back(c);
  }
}

std::string WithoutParentheticals(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  int depth = 0;
  for (char c : text) {
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
      out.push_back(' ');
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth > 0) --depth;
      out.push_back(' ');
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  CollapseSpaces(&out);
  return out;
}

std::optional<double> StripDoses(std::string* text) {
  std::string& s = *text;
  std::optional<double> percent;
  bool changed = false;
  for (size_t i = 0; i < s.size();) {
    const bool starts_number =
        IsAsciiDigit(s[i]) && (i == 0 || !(IsAsciiAlnum(s[i - 1]) || s[i - 1] == '-' || s[i - 1] == '.' ||
                                           s[i - 1] == ',' || s[i - 1] == '/'));
    if (!starts_number) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() &&
           (IsAsciiDigit(s[j]) || ((s[j] == '.' || s[j] == ',') && j + 1 < s.size() && IsAsciiDigit(s[j + 1])))) {
      ++j;
    }
    const size_t number_end = j;
    while (j < s.size() && IsSpace(s[j])) ++j;
    std::string_view unit;
    for (std::string_view u : kDoseUnits) {
      if (StartsWithLower(s, j, u) && (j + u.size() >= s.size() || !IsAsciiAlpha(s[j + u.size()]))) {
        unit = u;
        break;
      }
    }
    if (unit.empty()) {
      i = number_end;
      continue;
    }
    size_t end = j + unit.size();
    if (unit == "%") {
      if (!percent) percent = ParseNumber(std::string_view(s).substr(i, number_end - i));
      size_t k = end;
      while (k < s.size() && IsSpace(s[k])) ++k;
      if (StartsWithLower(s, k, "w/w") || StartsWithLower(s, k, "w/v")) end = k + 3;
    }
    s.erase(i, end - i);
    s.insert(i, 1, ' ');
    changed = true;
    ++i;
  }
  if (changed) {
    // Drop parentheses left empty ("Panthenol ( )").
    for (size_t open = s.find('('); open != std::string::npos; open = s.find('(', open + 1)) {
      size_t k = open + 1;
      while (k < s.size() && IsSpace(s[k])) ++k;
      if (k < s.size() && s[k] == ')') {
        s.erase(open, k + 1 - open);
        if (open > 0) --open;
      }
    }
    CollapseSpaces(&s);
  }
  return percent;
}

bool GlobMatch(std::string_view pattern, std::string_view key) {
  size_t p = 0;
  size_t k = 0;
  size_t star = std::string_view::npos;
  size_t star_k = 0;
  while (k < key.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_k = k;
    } else if (p < pattern.size() && (pattern[p] == key[k] || (pattern[p] == '#' && IsAsciiDigit(key[k])))) {
      ++p;
      ++k;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      k = ++star_k;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

int BoundedDistance(std::string_view a, std::string_view b, int limit) {
  constexpr size_t kMax = 64;
  const auto la = static_cast<int>(a.size());
  const auto lb = static_cast<int>(b.size());
  if (a.size() > kMax || b.size() > kMax) return limit + 1;
  if (la - lb > limit || lb - la > limit) return limit + 1;
  std::array<int, kMax + 1> prev2{};
  std::array<int, kMax + 1> prev{};
  std::array<int, kMax + 1> cur{};
  for (int j = 0; j <= lb; ++j) prev[static_cast<size_t>(j)] = j;
  for (int i = 1; i <= la; ++i) {
    const auto ui = static_cast<size_t>(i);
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= lb; ++j) {
      const auto uj = static_cast<size_t>(j);
      const int cost = a[ui - 1] == b[uj - 1] ? 0 : 1;
      int v = std::min({prev[uj] + 1, cur[uj - 1] + 1, prev[uj - 1] + cost});
      if (i > 1 && j > 1 && a[ui - 1] == b[uj - 2] && a[ui - 2] == b[uj - 1]) v = std::min(v, prev2[uj - 2] + 1);
      cur[uj] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return std::min(prev[static_cast<size_t>(lb)], limit + 1);
}

}  // namespace scarwise::domain::inci
