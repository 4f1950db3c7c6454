#pragma once

// A small JSON reader for the lines of a backup file (storage/backup.hpp): objects, arrays,
// strings, 64-bit integers, true, false and null. Fractions and exponents are not part of
// the format and are rejected. Internal.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scarwise::storage::sql {

struct JsonValue {
  enum class Kind { kNull, kBool, kInteger, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  std::string text;
  std::vector<std::string> keys;  // objects: keys[i] names items[i]
  std::vector<JsonValue> items;   // arrays and objects

  // The member `key` of an object, or nullptr.
  const JsonValue* Find(std::string_view key) const;
};

// One JSON value filling the whole line (surrounding spaces allowed), or nullopt.
std::optional<JsonValue> ParseJsonLine(std::string_view line);

}  // namespace scarwise::storage::sql
