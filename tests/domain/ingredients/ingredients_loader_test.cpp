// ingredients.yaml validation: every problem is reported as "ingredients.yaml:path: reason",
// all of them in one pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "default_protocol.hpp"
#include "protocol/section_loaders.hpp"
#include "protocol/yaml_reader.hpp"

namespace scarwise {
namespace {

std::vector<std::string> LoadProblems(const std::string& yaml) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("scarwise_ingredients_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ingredients.yaml") << yaml;
  std::vector<protocol::Problem> problems;
  if (const auto root = protocol::LoadFile(dir, "ingredients.yaml", &problems)) {
    protocol::LoadIngredients(*root, testing::DefaultIngredientProtocol().aftercare);
  }
  std::filesystem::remove_all(dir);
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.ToString());
  return out;
}

constexpr const char* kValidParsing = R"(
parsing:
  source: test
  headers:
    - {phrase: "ingredients", kind: ingredients, needs_colon: true}
  alphabetical_min_items: 6
  greedy_min_words: 6
)";

TEST(IngredientsLoaderTest, MinimalDictionaryLoads) {
  const std::string yaml = std::string(kValidParsing) + R"(
groups:
  - id: retinoids
    label: retinoid
    category: retinoid
    wait: retinoid_otc
    reason: a retinoid
    source: test
    names: [Retinol, {name: Retinal, also: [Retinaldehyde]}]
    patterns: ["retinyl *"]
)";
  EXPECT_EQ(LoadProblems(yaml), std::vector<std::string>{});
}

TEST(IngredientsLoaderTest, BrokenDictionaryReportsEveryProblemWithItsPath) {
  const std::string yaml = R"(
parsing:
  source: test
  headers:
    - {phrase: "ingredients", kind: section}
  alphabetical_min_items: 1
  greedy_min_words: 6
  fuzzy: {min_length: 8, max_distance: 9, long_length: 12, long_max_distance: 2, active_min_length: 10,
          active_max_distance: 1, max_tokens: 24}
groups:
  - id: retinoids
    label: retinoid
    category: retinoid
    wait: retinoids_otc
    reason: a retinoid
    source: test
    names: [Retinol]
  - id: retinoids
    label: exfoliant
    category: exfoliant
    wait: chemical_exfoliant
    reason: an acid
    names: [Retinol]
    patterns: ["*"]
    flag_when:
      - {product_types: [lotion]}
      - {}
    colour: red
  - id: benign
    label: benign
    category: none
    wait: makeup
    source: test
    names: [Water]
strong_peel:
  wait: peel
  reason: x
  source: test
  when:
    - {others_above_line: 1}
essential_oils:
  group: oils
  source: test
  genera: [Lavandula, Citrus Aurantium]
expected_actives:
  - product_types: [sunscreen]
    groups: [uv_filters]
    note: x
    source: test
)";
  const std::vector<std::string> problems = LoadProblems(yaml);
  const std::vector<std::string> expected = {
      "ingredients.yaml:groups[0].wait: unknown aftercare item 'retinoids_otc' (waits name a `code` of aftercare.yaml)",
      "ingredients.yaml:groups[1].colour: unknown key",
      "ingredients.yaml:groups[1].id: duplicate group id 'retinoids'",
      "ingredients.yaml:groups[1].category: unknown category 'exfoliant' (none, drying_alcohol, retinoid, "
      "chemical_exfoliant, physical_exfoliant, other_irritant, makeup)",
      "ingredients.yaml:groups[1].flag_when[0].product_types[0]: unknown product type 'lotion' (cleanser, toner, "
      "serum, moisturizer, sunscreen, makeup, mask, scrub, peel, treatment, other)",
      "ingredients.yaml:groups[1].flag_when[1]: an empty condition always holds; leave the list out instead",
      "ingredients.yaml:groups[1].source: required",
      "ingredients.yaml:groups[1].patterns[0]: a pattern needs letters or digits besides '*'",
      "ingredients.yaml:groups[2].wait: only a flagged category takes this (category is 'none')",
      "ingredients.yaml:parsing.headers[0].kind: unknown section kind 'section' (ingredients, active, inactive, "
      "shade, ignore)",
      "ingredients.yaml:parsing.alphabetical_min_items: must be between 3 and 100, got 1",
      "ingredients.yaml:parsing.fuzzy.max_distance: must be between 0 and 3, got 9",
      "ingredients.yaml:essential_oils.group: unknown group 'oils'",
      "ingredients.yaml:essential_oils.genera[1]: a genus is one word",
      "ingredients.yaml:strong_peel.wait: unknown aftercare item 'peel' (waits name a `code` of aftercare.yaml)",
      "ingredients.yaml:strong_peel.when[0]: needs `lead_within_top` or `percent_at_least`",
      "ingredients.yaml:expected_actives[0].groups[0]: unknown group 'uv_filters'",
      "ingredients.yaml:groups[1].names[0]: the name 'retinol' is already listed at groups[0].names[0]",
  };
  for (const std::string& e : expected) {
    EXPECT_NE(std::find(problems.begin(), problems.end(), e), problems.end()) << "missing: " << e;
  }
  for (const std::string& p : problems) {
    EXPECT_NE(std::find(expected.begin(), expected.end(), p), expected.end()) << "unexpected: " << p;
  }
}

TEST(IngredientsLoaderTest, MissingFileAndBadTopLevel) {
  EXPECT_EQ(LoadProblems("groups: 3\nparsing: {}\n"),
            (std::vector<std::string>{
                "ingredients.yaml:groups: must be a list", "ingredients.yaml:parsing.headers: required",
                "ingredients.yaml:parsing.alphabetical_min_items: required",
                "ingredients.yaml:parsing.greedy_min_words: required", "ingredients.yaml:parsing.source: required"}));
}

TEST(IngredientsLoaderTest, EveryFlaggedGroupOfTheDefaultHasWaitReasonAndSource) {
  const auto& dictionary = testing::DefaultIngredientProtocol().dictionary;
  ASSERT_FALSE(dictionary.groups.empty());
  for (const auto& group : dictionary.groups) {
    SCOPED_TRACE(group.id);
    EXPECT_FALSE(group.source.citation.empty());
    if (group.category) {
      EXPECT_FALSE(group.wait.empty());
      EXPECT_FALSE(group.reason.empty());
      EXPECT_EQ(group.ok_from_day, testing::OkDayOf(group.wait));
    }
  }
  for (const auto& name : dictionary.names) EXPECT_FALSE(name.source.citation.empty()) << name.name;
}

}  // namespace
}  // namespace scarwise
