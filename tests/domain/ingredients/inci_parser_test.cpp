// The INCI parser against the real-world deviations of REFERENCE.md part 2 §3.2, through
// the checker's `ingredients` list, findings and notes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "default_protocol.hpp"
#include "domain/ingredients/inci_text.hpp"
#include "domain/ingredients/product_check.hpp"

namespace scarwise {
namespace {

using domain::FlagCategory;
using domain::ProductType;
using Names = std::vector<std::string>;

bool Has(const domain::ProductCheck& check, FlagCategory category) {
  return std::find(check.categories.begin(), check.categories.end(), category) != check.categories.end();
}

bool NoteContains(const domain::ProductCheck& check, std::string_view text) {
  return std::any_of(check.notes.begin(), check.notes.end(),
                     [text](const std::string& n) { return n.find(text) != std::string::npos; });
}

bool AllKnown(const domain::ProductCheck& check) {
  return !NoteContains(check, "Not in the ingredient dictionary");
}

struct ParseCase {
  const char* phenomenon;
  std::string inci;
  Names ingredients;
};

TEST(InciParserTest, ParsesRealWorldLayouts) {
  const std::vector<ParseCase> cases = {
      {"odd comma spacing",
       "Water , Glycerin ,Butylene Glycol,Acrylates Copolymer",
       {"Water", "Glycerin", "Butylene Glycol", "Acrylates Copolymer"}},
      {"semicolons and newlines",
       "Water; Glycerin\nPanthenol;Allantoin",
       {"Water", "Glycerin", "Panthenol", "Allantoin"}},
      {"commas inside parentheses",
       "Aqua (Water, Eau), Sea Salt (Maris Sal, Sal Marin), Iron Oxides (CI 77491, CI 77492)",
       {"Aqua (Water, Eau)", "Sea Salt (Maris Sal, Sal Marin)", "Iron Oxides (CI 77491, CI 77492)"}},
      {"double comma", "Water,, Glycerin, , Squalane", {"Water", "Glycerin", "Squalane"}},
      {"stray comma inside a name", "Water, Retinyl, Palmitate, Glycerin", {"Water", "Retinyl Palmitate", "Glycerin"}},
      {"stray comma inside a name only a pattern knows",
       "Water, Hibiscus Sabdariffa, Flower Extract",
       {"Water", "Hibiscus Sabdariffa Flower Extract"}},
      {"an unknown name after a known one stays its own",
       "Water, Retinol, Zorblax, Glycerin",
       {"Water", "Retinol", "Zorblax", "Glycerin"}},
      {"an unknown name after a name a pattern extends stays its own",
       "Water, Witch Hazel, Zorblax",
       {"Water", "Witch Hazel", "Zorblax"}},
      {"zero-width spaces and BOM",
       "\xEF\xBB\xBF"
       "Aqua/\xE2\x80\x8BWater/\xE2\x80\x8B"
       "Eau, Gly\xC2\xAD"
       "cerin",
       {"Aqua/Water/Eau", "Glycerin"}},
      {"non-breaking space and curly quotes",
       "Water,\xC2\xA0Glycerin, Hordeum Vulgare Extract/Extrait D\xE2\x80\x99Orge",
       {"Water", "Glycerin", "Hordeum Vulgare Extract/Extrait D'Orge"}},
      {"inline percentages",
       "Panthenol (10%), Oxybenzone 5.00%, 9.0% Zinc oxide, Monarda Didyma Leaf Extract 8%",
       {"Panthenol", "Oxybenzone", "Zinc oxide", "Monarda Didyma Leaf Extract"}},
      {"missing delimiter after a percentage",
       "Octocrylene 2.70%Water , Methyl Trimethicone",
       {"Octocrylene", "Water", "Methyl Trimethicone"}},
      {"doses other than percent",
       "Retinol (3000IU/g), Betula Platyphylla Japonica Juice (1,128 Ppm)",
       {"Retinol", "Betula Platyphylla Japonica Juice"}},
      {"nano", "Zinc Oxide (nano), Titanium Dioxide (Non-Nano)", {"Zinc Oxide", "Titanium Dioxide"}},
      {"line-break hyphenation",
       "Phe-noxyethanol, Dimethi- Cone, Pan-Thenol, 1,2- Hexanediol",
       {"Phenoxyethanol", "Dimethicone", "Panthenol", "1,2- Hexanediol"}},
      {"footnote marks",
       "Aloe Barbadensis Leaf Juice*, Glycerin**, Polyquaternium-[5]10, Glycyrrhiza[2] Glabra Root "
       "Extract, Tocopherol\xE2\x80\xA0. *Certified Organic Ingredient",
       {"Aloe Barbadensis Leaf Juice", "Glycerin", "Polyquaternium-10", "Glycyrrhiza Glabra Root Extract",
        "Tocopherol"}},
      {"trademark signs",
       "Galactomyces Ferment Filtrate (Pitera\xE2\x84\xA2), Granactive Retinoid\xC2\xAE",
       {"Galactomyces Ferment Filtrate (Pitera)", "Granactive Retinoid"}},
      {"shade section",
       "Water, Glycerin. May Contain: Titanium Dioxide, Iron Oxides.",
       {"Water", "Glycerin", "Titanium Dioxide", "Iron Oxides"}},
      {"bracketed shade section",
       "Water, Dimethicone [+/- Mica, Iron Oxides (Ci 77491)] Phenoxyethanol",
       {"Water", "Dimethicone", "Mica", "Iron Oxides (Ci 77491)", "Phenoxyethanol"}},
      {"marketing lines before the list",
       "-Glycolic Acid: Reduces the look of fine lines and uneven tone.\n-Zinc Oxide 12%: Provides broad "
       "spectrum protection from the sun.\nWater, Glycerin, Squalane",
       {"Water", "Glycerin", "Squalane"}},
      {"retailer disclaimer",
       "Water, Glycerin, Phenoxyethanol. Please be aware that ingredient lists may change or "
       "vary from time to time. Please refer to the ingredient list on your product package.",
       {"Water", "Glycerin", "Phenoxyethanol"}},
      {"Drug Facts prose",
       "The active ingredient in Differin Gel, which is an adapalene product, is adapalene 0.1% (retinoid) . The "
       "inactive ingredients include carbomer 940, edetate disodium, and sodium hydroxide.",
       {"adapalene", "carbomer 940", "edetate disodium", "sodium hydroxide"}},
      {"Drug Facts sections",
       "Drug Facts\nActive ingredients Purpose\nZinc Oxide 9.0% ........ Sunscreen\nUses\n- helps prevent "
       "sunburn\nWarnings\nFor external use only.\nInactive ingredients: Water, Glycerin, Dimethicone\nOther "
       "information: protect from excessive heat",
       {"Zinc Oxide", "Water", "Glycerin", "Dimethicone"}},
      {"supplier (and) notation",
       "Water (and) Glycerin (and) Sodium Hyaluronate",
       {"Water", "Glycerin", "Sodium Hyaluronate"}},
      {"no delimiters at all",
       "BENZOYL PEROXIDE WATER GLUCONOLACTONE GLYCERYL MONOSTEARATE CETYL ALCOHOL PHENOXYETHANOL",
       {"Benzoyl Peroxide", "Water", "Gluconolactone", "Glyceryl Stearate", "Cetyl Alcohol", "Phenoxyethanol"}},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.phenomenon);
    const auto check = testing::Check(c.inci);
    EXPECT_EQ(check.ingredients, c.ingredients);
  }
}

TEST(InciParserTest, RecognisesNamesThroughTheirVariants) {
  const std::vector<std::pair<const char*, std::string>> known = {
      {"case", "AQUA, GLYCERIN, butylene glycol, Cetearyl ALCOHOL"},
      {"slash synonyms and slash names",
       "Parfum/Fragrance, Mineral Oil/Paraffinum Liquidum/Huile Minerale, Caprylic/Capric Triglyceride, "
       "Acrylates/C10-30 Alkyl Acrylate Crosspolymer, Ci 19140/Yellow 5, Leuconostoc/Radish Root Ferment Filtrate"},
      {"colorant spellings",
       "CI 77891, Ci 77891, Cl 42090, Red 4 (CI 14700), Ext. Violet 2 (Ci 60730), Yellow 5 Lake, Chromium Oxide "
       "Greens, FD&C Blue No. 1"},
      {"pharmacopoeial, E-number and old names",
       "purified water, edetate disodium, polyoxyl 40 stearate, butylated hydroxytoluene, Octyl Stearate, Ceramide 3, "
       "Phenoxy ethanol, Glycerol (E422), Methyl Parahydroxybenzoate (E218), Macrogol, Walnut Shell Powder, Corn "
       "Kernel Meal, Sweet Almond Oil"},
      {"misspellings",
       "Collodial Oatmeal, Phenoxythanol, Prunus Armenaica Seed Powder, Xantham Gum, Betalne, "
       "Ubiquione, Cocomidopropyl Betaine"},
      {"spacing variants", "Butyl Octyl Salicylate, Cetearylalcohol, Sodium Hyalu-ronate"},
  };
  for (const auto& [what, inci] : known) {
    SCOPED_TRACE(what);
    const auto check = testing::Check(inci);
    EXPECT_TRUE(AllKnown(check)) << check.notes.back();
  }
}

TEST(InciParserTest, FuzzyMatchingNeverTurnsABenignNameIntoAnActive) {
  // "Lauric Acid" is one letter pair from "Lactic Acid": exact and benign matches win.
  EXPECT_FALSE(Has(testing::Check("Water, Lauric Acid"), FlagCategory::kChemicalExfoliant));
  EXPECT_FALSE(Has(testing::Check("Water, Lauryc Acid"), FlagCategory::kChemicalExfoliant));
  // A single typo in a long active is still caught, with a note.
  const auto typo = testing::Check("Water, Salicyclic Acid");
  EXPECT_TRUE(Has(typo, FlagCategory::kChemicalExfoliant));
  EXPECT_TRUE(NoteContains(typo, "spelling corrected"));
  // Short tokens are never corrected.
  EXPECT_TRUE(testing::Check("Water, Retinl").findings.empty());
}

TEST(InciParserTest, StrayCommasAndNoDelimitersStillFindActives) {
  const auto stray = testing::Check("Water, Butylphenyl, Methylpropional, Glycerin");
  EXPECT_TRUE(Has(stray, FlagCategory::kOtherIrritant));
  EXPECT_TRUE(NoteContains(stray, "stray comma"));
  const auto caps = testing::Check("BENZOYL PEROXIDE BENZOYL PEROXIDE WATER GLUCONOLACTONE GLYCERYL MONOSTEARATE");
  EXPECT_TRUE(Has(caps, FlagCategory::kOtherIrritant));
  EXPECT_TRUE(Has(caps, FlagCategory::kChemicalExfoliant));
  EXPECT_EQ(caps.findings.size(), 2u) << "a repeated name gives one finding";
  EXPECT_TRUE(NoteContains(caps, "no separators"));
}

TEST(InciParserTest, SurvivesHostileInput) {
  const std::vector<std::string> inputs = {
      "",
      "   \n\n ,,,;;; ",
      std::string("\xFF\xFE\xC3\x28\xE2\x82\xF0\x9F\x98", 9),
      std::string(1000, '('),
      std::string(1000, ')') + "Retinol",
      "[+/- [+/- [+/-",
      "May contain: may contain: May Contain:",
      "%%%%%% 1% 2%a 3%%Water ....... .. .",
      std::string("Water\0Retinol", 13),
  };
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input.substr(0, 20));
    const auto check = testing::Check(input);
    EXPECT_LE(check.ingredients.size(), 300u);
  }
  EXPECT_TRUE(NoteContains(testing::Check(""), "No ingredient names"));
}

// A pasted novel is read only up to the limits of the dictionary's parsing rules (speed is
// measured by bench/product_check_bench.cpp, not here).
TEST(InciParserTest, HugeInputIsCapped) {
  std::string huge;
  while (huge.size() < 2'000'000) huge += "Water, Glycerin, Retinol, Dimethicone, Unknownium Extract, ";
  const auto check = testing::Check(huge);
  EXPECT_TRUE(NoteContains(check, "only its beginning"));
  EXPECT_LE(check.ingredients.size(), 300u);
  EXPECT_TRUE(Has(check, FlagCategory::kRetinoid));
}

TEST(InciParserTest, TextHelpers) {
  std::string dose = "Octocrylene 2,5 % w/w";
  EXPECT_DOUBLE_EQ(domain::inci::StripDoses(&dose).value_or(0), 2.5);
  EXPECT_EQ(dose, "Octocrylene");
  EXPECT_EQ(domain::inci::Key("PEG-100 Stearate"), "peg 100 stearate");
  EXPECT_TRUE(domain::inci::GlobMatch("ci #####", "ci 77891"));
  EXPECT_FALSE(domain::inci::GlobMatch("ci #####", "ci 7789"));
  EXPECT_TRUE(domain::inci::GlobMatch("retinyl *", "retinyl oleate"));
  EXPECT_EQ(domain::inci::BoundedDistance("phenoxythanol", "phenoxyethanol", 2), 1);
  EXPECT_EQ(domain::inci::BoundedDistance("armenaica", "armeniaca", 2), 1);
  EXPECT_EQ(domain::inci::BoundedDistance("lauricacid", "lacticacid", 1), 2);
}

}  // namespace
}  // namespace scarwise
