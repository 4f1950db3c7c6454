#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace scarwise::domain::inci {

// Text conventions of pasted ingredient lists (REFERENCE.md part 2 §3.2). Pure functions
// over bytes; invalid UTF-8 never fails, it becomes spaces.

// Cleans pasted text: strips zero-width characters, soft hyphens, byte-order marks and
// trademark signs; turns every Unicode space into ' ', curly quotes into ASCII quotes,
// Unicode dashes into '-', fullwidth ASCII into ASCII, Latin-1 accented letters into
// their base letter, bullets into '|', daggers into '*', line/paragraph separators and
// "\r\n" into '\n', U+FFFD and invalid bytes into ' '; removes footnote numbers "[14]".
// Reads at most `max_bytes` of `raw` and sets `*truncated` when it stopped early.
std::string CleanText(std::string_view raw, size_t max_bytes, bool* truncated);

// The normalised form used for every lookup: ASCII letters lower-cased, digits and
// non-ASCII bytes kept, every run of other characters one space, no leading or trailing
// space ("Alcohol Denat." -> "alcohol denat", "PEG-100 Stearate" -> "peg 100 stearate").
// With `keep_glob`, '*' and '#' are kept as characters (for dictionary patterns).
void MakeKey(std::string_view text, std::string* out, bool keep_glob = false);
std::string Key(std::string_view text);

// As MakeKey, but a hyphen between two letters, with any spaces after it, joins them
// (line-break hyphenation: "Phe-noxyethanol", "Dimethi- Cone" -> "phenoxyethanol",
// "dimethicone").
void MakeJoinedKey(std::string_view text, std::string* out);

// `key` without its spaces ("butyl octyl salicylate" -> "butyloctylsalicylate").
void MakeCompact(std::string_view key, std::string* out);

// `text` without its parenthetical and bracketed parts, spaces collapsed.
std::string WithoutParentheticals(std::string_view text);

// Removes doses written inline ("5.00%", "(10%)", "9.0 % w/w", "(1,128 Ppm)",
// "(3000IU/g)") from `*text` and returns the first percentage found, in percent.
std::optional<double> StripDoses(std::string* text);

// Whether `key` matches `pattern` (both normalised): '*' is any run, '#' one digit.
bool GlobMatch(std::string_view pattern, std::string_view key);

// Edit distance with adjacent transpositions (optimal string alignment) between `a` and
// `b`, or `limit + 1` as soon as it must exceed `limit`.
int BoundedDistance(std::string_view a, std::string_view b, int limit);

inline bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}
inline bool IsAsciiAlnum(char c) {
  return IsAsciiAlpha(c) || IsAsciiDigit(c);
}
inline char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline bool IsSpace(char c) {
  return c == ' ' || c == '\t';
}

// `text` without leading and trailing spaces.
std::string_view Trim(std::string_view text);

}  // namespace scarwise::domain::inci
