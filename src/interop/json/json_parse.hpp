#pragma once

// The one way JSON text from outside becomes a nlohmann::json value. The library parses
// iteratively, but dumping, hashing and walking a value recurse once per level, so a body
// nested a few hundred thousand levels deep would exhaust the stack. The nesting is counted
// on the raw text first, without recursion, and anything deeper than kMaxJsonNesting is
// refused before any library walks it.

#include <initializer_list>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace scarwise::interop {

// The deepest nesting of arrays and objects a JSON text may have. The deepest document
// Scarwise reads (a consultation: object > assessment > zones > zone > counts) is 5 deep.
inline constexpr int kMaxJsonNesting = 64;

// True when `text` opens more than `limit` arrays or objects inside each other (brackets
// inside strings are not counted). Linear, no recursion, no allocation.
bool NestsDeeperThan(std::string_view text, int limit);

// `text` as JSON: kInvalidArgument naming `field` when it nests deeper than kMaxJsonNesting
// ("nests deeper than 64 levels") or is not JSON ("is not valid JSON").
Result<nlohmann::json> ParseJson(std::string_view text, std::string_view field);

// Strict decoding: kInvalidArgument "unknown field" naming the first member of `object` that
// is not in `known` (as "PATH.KEY", the key escaped by Printable). Anything but an object
// passes: its shape is the caller's to check.
Result<void> OnlyKnownMembers(const nlohmann::json& object, std::string_view path,
                              std::span<const std::string_view> known);
Result<void> OnlyKnownMembers(const nlohmann::json& object, std::string_view path,
                              std::initializer_list<std::string_view> known);

}  // namespace scarwise::interop
