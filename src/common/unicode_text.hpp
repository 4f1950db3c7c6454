#pragma once

// UTF-8 text as people see it: its length in characters (code points), and whether a name,
// e-mail address or identifier holds characters that hide or disguise what it says.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace scarwise {

// The number of Unicode code points in `text`; nullopt when it is not valid UTF-8 (a
// truncated or overlong sequence, a surrogate, a value above U+10FFFF).
std::optional<size_t> CountCodePoints(std::string_view text);

// Whether `text` may be shown as a name, e-mail address or identifier: valid UTF-8 without
//   - control characters (U+0000-U+001F, U+007F-U+009F: line breaks, tabs, escapes),
//   - bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which
//     make a name display in an order other than the one stored ("Trojan Source"),
//   - zero-width characters (U+200B-U+200D, U+2060, U+FEFF), which make two names that look
//     the same differ.
// Letters of every script, marks and spaces are kept ("Béatrice", "Łukasz", "José").
// kInvalidArgument naming `field` and the offending character ("contains U+202E, a
// bidirectional control character") otherwise.
Result<void> CheckDisplayText(std::string_view text, std::string_view field);

// `text` (user input: a key, a zone name, a line of a file) made safe to quote in a message:
// printable characters as they are; a backslash as \\; control characters below U+0080 and
// bytes that are not valid UTF-8 as \xNN; other hidden characters (C1 controls,
// bidirectional controls, zero-width characters: see CheckDisplayText) as \uNNNN. At most
// `max_chars` characters of `text` are kept, then "...". Use it wherever a message quotes
// what a client, a file or a command line gave, so no raw bytes reach a terminal or a log.
std::string Printable(std::string_view text, size_t max_chars = 60);

}  // namespace scarwise
