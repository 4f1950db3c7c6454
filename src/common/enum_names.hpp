#pragma once

// One to/from-string table per enum: the names a status or kind has in the database, the API
// and the audit trail, written once beside the enum. An enum takes part by declaring, in its
// own namespace (found by argument-dependent lookup),
//
//   constexpr std::array<Named<Colour>, 2> NamesOf(Colour) {
//     return {{{Colour::kRed, "red"}, {Colour::kGreen, "green"}}};
//   }
//
// and is then written with NameOf(Colour::kRed) == "red" and read with
// FromName<Colour>("green") == Colour::kGreen (std::nullopt for a name not in the table).

#include <optional>
#include <string_view>

namespace scarwise {

template <typename E>
struct Named {
  E value;
  std::string_view name;
};

// The name of `value` ("" only if the enum's table misses a value: a test of each table
// checks that none does).
template <typename E>
constexpr std::string_view NameOf(E value) {
  for (const Named<E>& entry : NamesOf(E{})) {
    if (entry.value == value) return entry.name;
  }
  return {};
}

template <typename E>
constexpr std::optional<E> FromName(std::string_view name) {
  for (const Named<E>& entry : NamesOf(E{})) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace scarwise
