#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/ingredients/product_categories.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

// The ingredient dictionary of the protocol (ingredients.yaml): every name, synonym,
// category, wait, context rule and parsing convention the product checker uses. The C++
// code is a generic engine; all clinical knowledge lives in this data.

// A condition on where and how an ingredient appears. Every field that is set must hold.
// Positions count from 1 within the ingredient's section of the label; "above the line"
// means before the first ingredient that cannot exceed 1 % (REFERENCE.md part 2 §2.3).
struct ListCondition {
  std::optional<int> within_top;               // position <= within_top
  bool above_line = false;                     // listed before the 1 % line
  bool with_other_in_category = false;         // another ingredient of the same category is flagged
  std::optional<double> percent_at_least;      // a declared percentage of at least this
  std::vector<ProductType> product_types;      // the product is one of these (empty: any)
  std::vector<ProductType> not_product_types;  // the product is none of these
};

// What a position-dependent rule does when the order of the list says nothing about amount
// (an alphabetical Drug Facts list): flag conservatively, or ignore the ingredient.
enum class OrderUnknown { kFlag, kIgnore };

// A class of ingredients that share a category, a wait and a context rule.
struct IngredientGroup {
  std::string id;                        // "drying_alcohols"
  std::string label;                     // plain-language class name, "drying alcohol"
  std::optional<FlagCategory> category;  // nullopt: a benign (not flagged) class
  std::string wait;                      // aftercare item code; set when category is
  int ok_from_day = 0;                   // OkFromDay of that item's allowed_after
  std::string reason;                    // why, and the typical waiting range
  std::vector<ListCondition> flag_when;  // flagged when any holds; empty: always
  OrderUnknown when_order_unknown = OrderUnknown::kFlag;
  bool always_high = false;              // severity high at any position (retinoids, BPO)
  bool marks_one_percent_line = false;   // cannot exceed 1 %: everything after is <= 1 %
  bool tint = false;                     // a tint signal: the product counts as makeup
  bool peel_acid = false;                // counts for the strong-peel rule
  std::string note;                      // a soft caution shown when present
  std::vector<ListCondition> note_when;  // the note is shown when any holds; empty: always
  Source source;
};

// One dictionary entry: an INCI name and its other label spellings.
struct IngredientName {
  std::string name;               // display name (INCI)
  std::vector<std::string> also;  // synonyms, old names, pharmacopoeial names, misspellings
  size_t group = 0;               // index into IngredientDictionary::groups
  Source source;
};

// A glob over normalised names: '*' is any run of characters, '#' one digit ("ci #####",
// "retinyl *"). Tried only after every exact name has failed.
struct NamePattern {
  std::string pattern;
  size_t group = 0;
};

// Essential oils by plant genus: "<Genus> ... Oil" is an essential oil unless it ends with
// an excluded ending (fixed oils: "seed oil", "kernel oil"); a genus may be limited to
// some endings (Rosa: only "flower oil", since rosehip fruit oil is a fixed oil).
struct OilGenus {
  std::string genus;
  std::vector<std::string> only_endings;
};
struct EssentialOilRule {
  size_t group = 0;
  std::vector<OilGenus> genera;
  std::vector<std::string> exclude_endings;
  Source source;
};

// Parts of a pasted label. kIgnore covers Drug Facts text such as "Uses" or "Warnings".
enum class SectionKind { kIngredients, kActive, kInactive, kShade, kIgnore };

// A phrase that opens a section ("inactive ingredients", "may contain", "[+/-").
struct SectionHeader {
  std::string phrase;  // matched case-insensitively at a word start
  SectionKind kind = SectionKind::kIngredients;
  bool needs_colon = false;  // only a header when followed by ':' or a line end
  std::string closes_with;   // the section ends at this text ("]"), else at the next header
};

// Bounded typo matching (edit distance with transpositions, on names without spaces).
struct FuzzyRules {
  int min_length = 8;  // shorter tokens are never corrected
  int max_distance = 1;
  int long_length = 12;         // from this length...
  int long_max_distance = 2;    // ...this distance is allowed
  int active_min_length = 10;   // a correction to a flagged class needs this length...
  int active_max_distance = 1;  // ...and at most this distance, and no benign rival
  int max_tokens = 24;          // corrections tried per product at most
};

struct ParsingRules {
  std::vector<SectionHeader> headers;
  std::vector<std::string> boilerplate;            // retailer text: dropped from here to the end
  std::vector<std::string> filler_words;           // dropped at the start of a token ("and")
  std::vector<std::string> prose_words;            // two or more mark a sentence fragment
  std::vector<std::string> ignore_parentheticals;  // "(nano)": dropped from the name
  std::vector<std::string> ignore_tokens;          // whole tokens that are not ingredients
  std::vector<std::string> strip_words;            // dropped at either end ("organic", "usp")
  std::vector<std::string> abbreviations;          // a period after these does not end a sentence
  std::vector<std::string> product_words;          // an unknown token ending in one is a product name
  int alphabetical_min_items = 5;                  // a section this long in A-Z order is alphabetical
  int greedy_min_words = 6;                        // an unknown run this long is split by longest match
  FuzzyRules fuzzy;
  size_t max_input_bytes = 65536;  // text beyond this is not read
  size_t max_ingredients = 300;    // tokens beyond this are not read
};

// A product-level condition for a high-strength at-home peel. Every set field must hold.
struct StrongPeelCondition {
  std::optional<int> lead_within_top;      // a peel acid at one of the first N positions
  int others_above_line = 0;               // at least this many other peel acids above the line
  std::vector<ProductType> product_types;  // empty: any
  std::optional<double> percent_at_least;  // a peel acid declared at this % or more
};
struct StrongPeelRule {
  std::string wait;
  int ok_from_day = 0;
  std::string reason;
  std::vector<StrongPeelCondition> when;  // empty: the rule is off
  Source source;
};

// The makeup rule: makeup product types and tinted products wait for the `makeup` item.
struct MakeupRule {
  std::string wait;
  int ok_from_day = 0;
  std::string label;  // names the finding when the product type alone triggers it
  std::string reason;
  std::vector<ProductType> product_types;
  bool shade_section_is_tint = true;  // a "May contain" / "[+/-" section marks a tint
  Source source;
};

// A note when a product of these types shows none of these groups ("a sunscreen without
// UV filters: the active ingredients may be missing from what was pasted").
struct ExpectedActives {
  std::vector<ProductType> product_types;
  std::vector<size_t> groups;
  std::string note;
  Source source;
};

// Lookup tables built from the names; see IngredientDictionary::BuildIndex.
struct DictionaryIndex {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>>;
  static constexpr uint32_t kAmbiguous = UINT32_MAX;

  struct FuzzyEntry {
    std::string compact;  // normalised name without spaces
    uint32_t name = 0;
    std::array<uint8_t, 36> histogram{};  // counts of a-z and 0-9, saturating
  };

  Map exact;                                  // normalised name -> name index
  Map compact;                                // normalised name without spaces -> name index (kAmbiguous when shared)
  std::vector<FuzzyEntry> fuzzy;              // sorted by compact length
  std::vector<size_t> fuzzy_first_of_length;  // fuzzy index of the first entry of each length
  size_t max_words = 1;                       // most words in one name
  std::vector<std::string> header_phrases;    // lower-case, longest first, parallel to...
  std::vector<size_t> header_index;           // ...indexes into parsing.headers
  std::array<std::vector<uint32_t>, 256> headers_by_first_char;  // indexes into header_phrases, longest first
  Map filler_words, prose_words, ignore_parentheticals, ignore_tokens, strip_words, abbreviations, product_words;
  Map oil_genera;                                          // genus key -> index into essential_oils->genera
  std::vector<std::vector<std::string>> oil_only_endings;  // normalised, per genus
  std::vector<std::string> oil_exclude_endings;            // normalised
  std::vector<std::string> boilerplate;                    // lower-case
  std::vector<std::string> patterns;                       // normalised, parallel to IngredientDictionary::patterns
  bool built = false;
};

struct IngredientDictionary {
  std::vector<IngredientGroup> groups;
  std::vector<IngredientName> names;
  std::vector<NamePattern> patterns;
  std::optional<EssentialOilRule> essential_oils;
  ParsingRules parsing;
  StrongPeelRule strong_peel;
  MakeupRule makeup;
  std::vector<ExpectedActives> expected_actives;
  DictionaryIndex index;

  // Two entries that normalise to the same name: `first` and `second` index `names`.
  struct Conflict {
    size_t first = 0;
    size_t second = 0;
    std::string key;
  };
  // Builds `index` from the data above (call once after filling it, and again after any
  // change). Returns every name that two entries share; the first entry keeps it.
  std::vector<Conflict> BuildIndex();
};

}  // namespace scarwise::domain
