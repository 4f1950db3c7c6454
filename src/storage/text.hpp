#pragma once

// Text keys that the store derives from records so that matching and ordering behave the
// same on SQLite and PostgreSQL (their own lower() and collations differ). Internal.

#include <string>
#include <string_view>

#include "domain/patient.hpp"

namespace scarwise::storage {

// Lower-cases ASCII letters and the Latin-1 letters U+00C0-U+00DE (UTF-8); other bytes
// pass through unchanged.
std::string FoldCase(std::string_view text);

// The key an email is unique under: ASCII letters lower-cased, nothing else changed.
std::string EmailKey(std::string_view email);

// The sort key of a patient list: folded family name, U+001F, folded given name.
std::string PatientSortKey(const domain::PatientDetails& details);

// What a patient search matches: "family given email phone", folded.
std::string PatientSearchText(const domain::PatientDetails& details);

// A LIKE pattern "%text%" for folded `query`, with %, _ and \ escaped by backslash.
std::string ContainsPattern(std::string_view query);

// Lower-case hex of bytes, and back (empty optional-like: returns false on bad input).
std::string HexEncode(std::string_view bytes);
bool HexDecode(std::string_view hex, std::string& bytes);

}  // namespace scarwise::storage
