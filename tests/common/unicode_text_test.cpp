// Names as people see them: what counts as a character, and which characters may not hide
// in a name, an e-mail address or an identifier.
#include "common/unicode_text.hpp"

#include <gtest/gtest.h>

namespace scarwise {
namespace {

TEST(CountCodePoints, CountsCharactersNotBytes) {
  const struct {
    const char* name;
    std::string_view text;
    std::optional<size_t> count;
  } rows[] = {
      {"ASCII", "scarwise", 8},
      {"Latin letters with accents", "Béatrice Łukasz", 15},
      {"CJK", "\u6f22\u5b57\u304b\u306a", 4},
      {"an emoji outside the BMP", "\U0001F600", 1},
      {"empty", "", 0},
      {"a truncated sequence", "\xC3", std::nullopt},
      {"an overlong slash", "\xC0\xAF", std::nullopt},
      {"a surrogate", "\xED\xA0\x80", std::nullopt},
      {"above U+10FFFF", "\xF4\x90\x80\x80", std::nullopt},
      {"a lone continuation byte", "a\x80", std::nullopt},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(CountCodePoints(row.text), row.count);
  }
}

TEST(CheckDisplayText, RefusesCharactersThatHideOrDisguiseAName) {
  const struct {
    const char* name;
    std::string_view text;
    const char* refusal;  // "" when accepted
  } rows[] = {
      {"plain name", "Ada Lovelace", ""},
      {"French accents", "Béatrice", ""},
      {"Polish letters", "Łukasz Żółć", ""},
      {"Spanish", "José Núñez", ""},
      {"Arabic letters (right to left by nature)", "\u0644\u064a\u0644\u0649", ""},
      {"Greek", "\u0395\u03bb\u03ad\u03bd\u03b7", ""},
      {"an apostrophe and hyphen", "O'Brien-Smith", ""},
      {"tab", "Ada\tLovelace", "contains U+0009, a control character"},
      {"line feed", "Ada\nBcc: x", "contains U+000A, a control character"},
      {"NUL", std::string_view("Ada\0", 4), "contains U+0000, a control character"},
      {"DEL", "Ada\x7F", "contains U+007F, a control character"},
      {"C1 control (NEL)", "Ada\u0085", "contains U+0085, a control character"},
      {"left-to-right embedding", "\u202AAda", "contains U+202A, a bidirectional control character"},
      {"right-to-left override", "Ada\u202Eecalevol", "contains U+202E, a bidirectional control character"},
      {"left-to-right isolate", "\u2066Ada", "contains U+2066, a bidirectional control character"},
      {"pop directional isolate", "Ada\u2069", "contains U+2069, a bidirectional control character"},
      {"zero-width space", "A\u200Bda", "contains U+200B, a zero-width character"},
      {"zero-width joiner", "A\u200Dda", "contains U+200D, a zero-width character"},
      {"word joiner", "A\u2060da", "contains U+2060, a zero-width character"},
      {"byte order mark", "\uFEFFAda", "contains U+FEFF, a zero-width character"},
      {"invalid UTF-8", "Ad\xFF", "is not valid UTF-8 text"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    auto checked = CheckDisplayText(row.text, "given_name");
    if (std::string_view(row.refusal).empty()) {
      EXPECT_TRUE(checked) << checked.error().ToString();
    } else {
      ASSERT_FALSE(checked);
      EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(checked.error().field, "given_name");
      EXPECT_EQ(checked.error().message, row.refusal);
    }
  }
}

TEST(Printable, EscapesWhatATerminalOrALogWouldNotShowAsWritten) {
  const struct {
    const char* name;
    std::string text;
    std::string printable;
  } rows[] = {
      {"plain ASCII", "cheek_left", "cheek_left"},
      {"letters of other scripts", "Béatrice \u6f22\u5b57", "Béatrice \u6f22\u5b57"},
      {"empty", "", ""},
      {"a line break and a tab", "a\nb\tc", "a\\x0Ab\\x09c"},
      {"an escape sequence", "\x1b[31mred", "\\x1B[31mred"},
      {"a NUL byte", std::string("a\0b", 3), "a\\x00b"},
      {"DEL", "a\x7f", "a\\x7F"},
      {"a backslash", "a\\x41", "a\\\\x41"},
      {"a C1 control", "a\u0085b", "a\\u0085b"},
      {"a bidirectional override", "a\u202Eb", "a\\u202Eb"},
      {"a zero-width space", "a\u200Bb", "a\\u200Bb"},
      {"a byte that is not UTF-8",
       "a\xff"
       "b",
       "a\\xFFb"},
      {"a truncated sequence", "a\xc3", "a\\xC3"},
      {"an overlong encoding", "\xc0\xaf", "\\xC0\\xAF"},
      {"a surrogate", "\xed\xa0\x80", "\\xED\\xA0\\x80"},
      {"61 characters: capped at 60", std::string(61, 'x'), std::string(60, 'x') + "..."},
      {"60 characters: kept whole", std::string(60, 'y'), std::string(60, 'y')},
      {"the cap counts characters, not bytes", std::string(30, 'a') + std::string(40, 'b'),
       std::string(30, 'a') + std::string(30, 'b') + "..."},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(Printable(row.text), row.printable) << row.name;
  }
  EXPECT_EQ(Printable("\u00e9\u00e9\u00e9", 2), "\u00e9\u00e9...");
}

}  // namespace
}  // namespace scarwise
