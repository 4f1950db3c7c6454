#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ingredients/ingredient_dictionary.hpp"

namespace scarwise::domain::inci {

// How a label token was recognised.
enum class MatchKind {
  kUnknown,        // not in the dictionary
  kExact,          // the name, a synonym, or the name without its parenthetical
  kSlashSegment,   // one part of "Parfum/Fragrance"
  kParenthetical,  // the text in parentheses ("Red 6 (CI 15850)")
  kHyphenRepair,   // spacing or line-break hyphenation repaired ("Phe-noxyethanol")
  kPattern,        // a dictionary pattern ("CI 77891", "Retinyl Oleate")
  kEssentialOil,   // the essential-oil genus rule
  kMerged,         // two fragments split by a stray comma ("Retinyl, Palmitate")
  kGreedy,         // found by longest match in text without separators
  kFuzzy,          // a spelling correction
  kProse,          // an active named inside a sentence
};

// One ingredient of a parsed label, in label order.
struct ParsedIngredient {
  std::string label;   // the cleaned label text (no doses, footnote marks)
  int32_t name = -1;   // index into IngredientDictionary::names, or -1
  int32_t group = -1;  // index into IngredientDictionary::groups, or -1 (unknown)
  MatchKind match = MatchKind::kUnknown;
  std::optional<double> percent;  // a dose declared inline, in percent
  size_t section = 0;             // ordinal of its section on the label
  SectionKind section_kind = SectionKind::kIngredients;
  int position = 0;         // 1-based position within its section
  bool order_known = true;  // false in an alphabetical section
  bool below_line = false;  // at or after the section's 1 % line
};

struct ParsedList {
  std::vector<ParsedIngredient> items;
  bool truncated = false;           // the text or the token count exceeded the limits
  bool alphabetical = false;        // some section is in alphabetical order
  bool greedy_used = false;         // names were found in text without separators
  bool has_active_section = false;  // an "Active ingredient(s)" section with ingredients
  bool has_inactive_section = false;
  bool has_shade_section = false;                           // a "May contain" / "[+/-" section with ingredients
  std::vector<std::string> ignored;                         // fragments dropped as prose or product names
  std::vector<std::pair<std::string, std::string>> merged;  // (fragments, joined name)
};

// Splits a pasted ingredient list into sections and ingredients and matches each against
// the dictionary (REFERENCE.md part 2 §3.2). The dictionary's index must be built. Never
// fails; work is bounded by dictionary.parsing.max_input_bytes and max_ingredients.
ParsedList ParseIngredientList(const IngredientDictionary& dictionary, std::string_view text);

}  // namespace scarwise::domain::inci
