// The product checker's clinical behaviour: further real-style products, the look-alike
// traps of REFERENCE.md part 2 §2, severity and the 1 % line, waits per aftercare item,
// the strong-peel and makeup rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "default_protocol.hpp"
#include "domain/ingredients/inci_text.hpp"
#include "domain/ingredients/product_check.hpp"

namespace scarwise {
namespace {

using domain::FlagCategory;
using domain::ProductType;
using domain::Severity;

bool Has(const domain::ProductCheck& check, FlagCategory category) {
  return std::find(check.categories.begin(), check.categories.end(), category) != check.categories.end();
}

const domain::IngredientFinding* FindingFor(const domain::ProductCheck& check, std::string_view ingredient) {
  const std::string key = domain::inci::Key(ingredient);
  for (const auto& f : check.findings) {
    if (domain::inci::Key(domain::inci::WithoutParentheticals(f.ingredient)) == key ||
        domain::inci::Key(f.ingredient) == key) {
      return &f;
    }
  }
  return nullptr;
}

std::string Describe(const domain::ProductCheck& check) {
  std::string text = "findings:";
  for (const auto& f : check.findings) {
    text += " [" + f.ingredient + " " + std::string(domain::FlagCategoryName(f.category)) + " " +
            std::string(domain::SeverityName(f.severity)) + " d" + std::to_string(f.ok_from_day) + "]";
  }
  text += "\nnotes:";
  for (const auto& n : check.notes) text += "\n  " + n;
  return text;
}

// Products written from typical real labels, with the flags and verdicts REFERENCE.md
// part 2 §1 gives them.
struct ProductCase {
  const char* name;
  ProductType type;
  const char* inci;
  std::vector<FlagCategory> categories;
  bool avoid_day0;
  bool avoid_day7;
  int ok_from_day;
  std::vector<const char*> triggers;
};

TEST(ProductCheckTest, FurtherRealisticProducts) {
  const std::vector<ProductCase> cases = {
      {"alcohol-free witch hazel toner",
       ProductType::kToner,
       "Purified Water, Glycerin, Hamamelis Virginiana (Witch Hazel) Extract, Phenoxyethanol, Citric Acid, "
       "Aloe Barbadensis Leaf Juice, Fragrance, Caprylyl Glycol, Sodium Benzoate, Ethylhexylglycerin, Potassium "
       "Sorbate, Citrus Grandis (Grapefruit) Fruit Extract",
       {FlagCategory::kOtherIrritant},
       true,
       false,
       3,
       {"Hamamelis Virginiana Extract", "Fragrance"}},
      {"tretinoin cream drug label",
       ProductType::kTreatment,
       "Active ingredient: Tretinoin 0.025%\nInactive ingredients: stearic acid, isopropyl myristate, polyoxyl 40 "
       "stearate, stearyl alcohol, xanthan gum, sorbic acid, butylated hydroxytoluene, and purified water.",
       {FlagCategory::kRetinoid},
       true,
       true,
       10,
       {"Tretinoin"}},
      {"salicylic acid 2% BHA liquid",
       ProductType::kToner,
       "Water, Methylpropanediol, Butylene Glycol, Salicylic Acid, Polysorbate 20, Camellia Oleifera Leaf Extract, "
       "Sodium Hydroxide, Tetrasodium EDTA",
       {FlagCategory::kChemicalExfoliant},
       true,
       false,
       7,
       {"Salicylic Acid"}},
      {"L-ascorbic acid 15% serum",
       ProductType::kSerum,
       "Aqua/Water/Eau, Ethoxydiglycol, Ascorbic Acid, Glycerin, Propylene Glycol, Laureth-23, Phenoxyethanol, "
       "Tocopherol, Triethanolamine, Ferulic Acid, Panthenol, Sodium Hyaluronate",
       {FlagCategory::kOtherIrritant},
       true,
       false,
       7,
       {"Ascorbic Acid"}},
      {"mineral sunscreen with zinc oxide",
       ProductType::kSunscreen,
       "Active Ingredients: Titanium Dioxide 9.0%, Zinc Oxide 7.0%\nInactive Ingredients: Water, Caprylic/Capric "
       "Triglyceride, Ethylhexyl Isononanoate, Glycerin, Niacinamide, Cetearyl Alcohol, Ceramide NP, Ceramide AP, "
       "Ceramide EOP, Phytosphingosine, Cholesterol, Sodium Hyaluronate, Dimethicone, Tocopherol, Phenoxyethanol, "
       "Chlorphenesin",
       {},
       false,
       false,
       0,
       {}},
      {"sugar face scrub",
       ProductType::kScrub,
       "Sucrose, Helianthus Annuus (Sunflower) Seed Oil, Butyrospermum Parkii (Shea) Butter, Cera Alba (Beeswax), "
       "Tocopherol, Parfum (Fragrance), Linalool",
       {FlagCategory::kPhysicalExfoliant, FlagCategory::kOtherIrritant},
       true,
       false,
       7,
       {"Sucrose", "Linalool"}},
      {"retinol night cream",
       ProductType::kMoisturizer,
       "Water, Glycerin, Cetearyl Alcohol, Caprylic/Capric Triglyceride, Niacinamide, Dimethicone, Squalane, "
       "Ceramide NP, Retinol, Sodium Hyaluronate, Cholesterol, Carbomer, Xanthan Gum, Phenoxyethanol, "
       "Ethylhexylglycerin",
       {FlagCategory::kRetinoid},
       true,
       false,
       7,
       {"Retinol"}},
      {"fragrance-free ceramide cream",
       ProductType::kMoisturizer,
       "Purified Water, Glycerin, Cetearyl Alcohol, Caprylic/Capric Triglyceride, Cetyl Alcohol, Ceteareth-20, "
       "Petrolatum, Potassium Phosphate, Ceramide NP, Ceramide AP, Ceramide EOP, Carbomer, Dimethicone, "
       "Behentrimonium Methosulfate, Sodium Lauroyl Lactylate, Sodium Hyaluronate, Cholesterol, Phenoxyethanol, "
       "Disodium EDTA, Tocopherol, Phytosphingosine, Xanthan Gum, Ethylhexylglycerin",
       {},
       false,
       false,
       0,
       {}},
      {"hydroquinone 2% Drug Facts label",
       ProductType::kTreatment,
       "Drug Facts\nActive ingredient\nHydroquinone 2% ........ Skin lightener\nUses\n- lightens dark (brown) spots "
       "and freckles\nWarnings\nFor external use only. Avoid contact with eyes.\nInactive ingredients water, "
       "cetearyl alcohol, propylene glycol, glyceryl stearate, PEG-100 stearate, sodium lauryl sulfate, sodium "
       "metabisulfite, methylparaben, propylparaben, disodium EDTA, tocopheryl acetate",
       {FlagCategory::kOtherIrritant},
       true,
       false,
       7,
       {"Hydroquinone"}},
      {"tinted mineral SPF",
       ProductType::kSunscreen,
       "Active Ingredients: Zinc Oxide 9.0%, Titanium Dioxide 7.0%\nInactive Ingredients: Water, Caprylic/Capric "
       "Triglyceride, Dimethicone, Cetyl PEG/PPG-10/1 Dimethicone, Octyldodecyl Neopentanoate, Tocopheryl "
       "Acetate, Polyhydroxystearic Acid, Sodium Chloride, Iron Oxides, Phenoxyethanol, Triethoxycaprylylsilane",
       {FlagCategory::kMakeup},
       true,
       false,
       1,
       {"Iron Oxides"}},
      {"AHA 30% + BHA 2% peeling solution",
       ProductType::kPeel,
       "Glycolic Acid, Aqua (Water), Aloe Barbadensis Leaf Water, Sodium Hydroxide, Daucus Carota Sativa Extract, "
       "Propanediol, Cocamidopropyl Dimethylamine, Salicylic Acid, Lactic Acid, Tartaric Acid, Citric Acid, "
       "Panthenol, Sodium Hyaluronate Crosspolymer, Tasmannia Lanceolata Fruit/Leaf Extract, Glycerin, Pentylene "
       "Glycol, Xanthan Gum, Polysorbate 20, Trisodium Ethylenediamine Disuccinate, Potassium Sorbate, Sodium "
       "Benzoate, 1,2-Hexanediol, Caprylyl Glycol",
       {FlagCategory::kChemicalExfoliant},
       true,
       true,
       14,
       {"Glycolic Acid", "Salicylic Acid", "Lactic Acid"}},
      {"walnut microdermabrasion scrub with alumina",
       ProductType::kScrub,
       "Water, Alumina, Glycerin, Cetearyl Alcohol, Stearic Acid, Juglans Regia Shell Powder, Dimethicone, "
       "Phenoxyethanol",
       {FlagCategory::kPhysicalExfoliant},
       true,
       true,
       14,
       {"Alumina", "Juglans Regia Shell Powder"}},
      {"gel cream with a trace of alcohol",
       ProductType::kMoisturizer,
       "Water, Glycerin, Squalane, Carbomer, Sodium Hydroxide, Phenoxyethanol, Sodium Hyaluronate, Alcohol",
       {FlagCategory::kDryingAlcohol},
       true,
       false,
       3,
       {"Alcohol"}},
  };
  for (const ProductCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto day0 = testing::Check(c.inci, 0, c.type);
    const auto day7 = testing::Check(c.inci, 7, c.type);
    SCOPED_TRACE(Describe(day0));
    EXPECT_EQ(day0.categories, c.categories);
    EXPECT_EQ(day0.avoid, c.avoid_day0);
    EXPECT_EQ(day7.avoid, c.avoid_day7);
    EXPECT_EQ(day0.ok_from_day, c.ok_from_day);
    for (const char* trigger : c.triggers) EXPECT_NE(FindingFor(day0, trigger), nullptr) << trigger;
    const bool unknown = std::any_of(day0.notes.begin(), day0.notes.end(),
                                     [](const std::string& n) { return n.rfind("Not in the ingredient", 0) == 0; });
    EXPECT_FALSE(unknown && c.categories.empty()) << "a clean verdict must not hide unjudged ingredients";
  }
}

// Look-alikes that must not raise the named category (REFERENCE.md part 2 §2.1b-§2.5).
struct TrapCase {
  const char* name;
  ProductType type;
  const char* inci;
  FlagCategory not_flagged;
};

TEST(ProductCheckTest, LookAlikesAreNotFlagged) {
  const std::vector<TrapCase> cases = {
      {"fatty alcohols", ProductType::kMoisturizer,
       "Water, Cetyl Alcohol, Cetearyl Alcohol, Stearyl Alcohol, Behenyl Alcohol, Myristyl Alcohol, Lanolin Alcohol, "
       "Octyldodecanol, C12-15 Alcohols",
       FlagCategory::kDryingAlcohol},
      {"alcohol-named preservatives and soothers", ProductType::kSerum,
       "Water, Glycerin, 4-t-Butylcyclohexanol, Aminomethyl Propanol, Phenethyl Alcohol, Benzyl Alcohol, "
       "Phenoxyethanol",
       FlagCategory::kDryingAlcohol},
      {"sunscreen salicylates", ProductType::kSunscreen,
       "Homosalate 10%, Octisalate 5%, Water, Butyloctyl Salicylate, Sodium Salicylate, Glycerin",
       FlagCategory::kChemicalExfoliant},
      {"BHA the antioxidant", ProductType::kSerum, "Water, Glycerin, Retinol, BHT, BHA, Phenoxyethanol",
       FlagCategory::kChemicalExfoliant},
      {"bakuchiol phyto-retinol", ProductType::kSerum, "Water, Squalane, Bakuchiol, Glycerin, Phenoxyethanol",
       FlagCategory::kRetinoid},
      {"polylactic acid is not lactic acid", ProductType::kMoisturizer,
       "Water, Polylactic Acid, Glycerin, Phenoxyethanol", FlagCategory::kChemicalExfoliant},
      {"vitamin C derivatives", ProductType::kSerum,
       "Water, Ascorbyl Glucoside, Magnesium Ascorbyl Phosphate, Sodium Ascorbyl Phosphate, 3-O-Ethyl Ascorbic "
       "Acid, Tetrahexyldecyl Ascorbate, Ascorbyl Palmitate, Phenoxyethanol",
       FlagCategory::kOtherIrritant},
      {"acids that are not exfoliants", ProductType::kSerum,
       "Water, Hyaluronic Acid, Aspartic Acid, Glutamic Acid, Stearic Acid, Palmitic Acid, Linoleic Acid, Ferulic "
       "Acid, Polyglutamic Acid, Lauric Acid, Sodium Lactate, Sodium PCA",
       FlagCategory::kChemicalExfoliant},
      {"plant extracts and waters", ProductType::kToner,
       "Rosa Damascena Flower Water, Citrus Limon (Lemon) Peel Extract, Rosmarinus Officinalis (Rosemary) Extract, "
       "Lavandula Angustifolia Flower Water, Chamomilla Recutita Flower Extract, Glycerin",
       FlagCategory::kOtherIrritant},
      {"fixed oils", ProductType::kMoisturizer,
       "Rosa Canina Fruit Oil, Sweet Almond Oil, Apricot Kernel Oil, Avocado Oil, Simmondsia Chinensis Seed Oil, "
       "Citrus Paradisi Seed Oil, Salvia Hispanica Seed Oil",
       FlagCategory::kOtherIrritant},
      {"hydrolyzed jojoba esters are not beads", ProductType::kCleanser,
       "Water, Sodium Cocoyl Isethionate, Hydrolyzed Jojoba Esters, Glycerin, Phenoxyethanol",
       FlagCategory::kPhysicalExfoliant},
      {"silica in a sunscreen", ProductType::kSunscreen, "Zinc Oxide 20%, Water, Silica, Alumina, Glycerin",
       FlagCategory::kPhysicalExfoliant},
      {"salt as a thickener", ProductType::kCleanser,
       "Water, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin, Sodium Chloride, Phenoxyethanol",
       FlagCategory::kPhysicalExfoliant},
      {"papaya extract is not papain", ProductType::kMask, "Water, Kaolin, Carica Papaya Fruit Extract, Glycerin",
       FlagCategory::kChemicalExfoliant},
      {"citric acid as a pH adjuster", ProductType::kSerum,
       "Water, Glycerin, Niacinamide, Sodium Citrate, Citric Acid, Phenoxyethanol", FlagCategory::kChemicalExfoliant},
      {"a trace of ascorbic acid", ProductType::kMoisturizer,
       "Water, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Phenoxyethanol, Tocopherol, Ascorbic Acid",
       FlagCategory::kOtherIrritant},
      {"willow bark low in a moisturizer", ProductType::kMoisturizer,
       "Water, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Panthenol, Salix Alba Bark Extract, "
       "Phenoxyethanol",
       FlagCategory::kChemicalExfoliant},
      {"misleading product name", ProductType::kToner,
       "Water, Glycerin, Butylene Glycol, Centella Asiatica Extract, Panthenol, Allantoin",
       FlagCategory::kOtherIrritant},
  };
  for (const TrapCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto check = testing::Check(c.inci, 0, c.type);
    SCOPED_TRACE(Describe(check));
    EXPECT_FALSE(Has(check, c.not_flagged));
  }
}

TEST(ProductCheckTest, ContextMakesAmbiguousParticlesAbrasive) {
  EXPECT_TRUE(Has(testing::Check("Water, Polylactic Acid, Glycerin", 0, ProductType::kScrub),
                  FlagCategory::kPhysicalExfoliant));
  EXPECT_TRUE(Has(testing::Check("Water, Glycerin, Hydrated Silica, Cellulose Gum", 0, ProductType::kScrub),
                  FlagCategory::kPhysicalExfoliant));
  EXPECT_TRUE(
      Has(testing::Check("Maris Sal, Prunus Amygdalus Dulcis Oil, Tocopherol"), FlagCategory::kPhysicalExfoliant));
  EXPECT_TRUE(Has(testing::Check("Water, Salix Alba Bark Extract, Glycerin"), FlagCategory::kChemicalExfoliant));
  EXPECT_TRUE(Has(testing::Check("Water, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Salix Alba Bark Extract", 0,
                                 ProductType::kPeel),
                  FlagCategory::kChemicalExfoliant));
  EXPECT_TRUE(Has(testing::Check("Citric Acid, Water, Glycerin"), FlagCategory::kChemicalExfoliant));
}

TEST(ProductCheckTest, SeverityFollowsTheOnePercentLine) {
  const auto high = testing::Check("Water, Alcohol Denat., Glycerin, Phenoxyethanol");
  ASSERT_NE(FindingFor(high, "Alcohol Denat."), nullptr);
  EXPECT_EQ(FindingFor(high, "Alcohol Denat.")->severity, Severity::kHigh);

  const auto trace = testing::Check("Water, Glycerin, Phenoxyethanol, Alcohol");
  ASSERT_NE(FindingFor(trace, "Alcohol"), nullptr);
  EXPECT_EQ(FindingFor(trace, "Alcohol")->severity, Severity::kTrace);
  EXPECT_TRUE(trace.avoid) << "a trace still counts on day 0";

  // A colorant and the fragrance block also mark the line.
  EXPECT_EQ(FindingFor(testing::Check("Water, Glycerin, CI 19140, Menthol"), "Menthol")->severity, Severity::kTrace);
  EXPECT_EQ(FindingFor(testing::Check("Water, Parfum, Witch Hazel"), "Witch Hazel")->severity, Severity::kTrace);

  // Retinoids, salicylic acid, BPO and enzymes count at any level.
  for (const char* active : {"Retinol", "Salicylic Acid", "Benzoyl Peroxide", "Papain", "Adapalene"}) {
    SCOPED_TRACE(active);
    const auto check = testing::Check(std::string("Water, Glycerin, Phenoxyethanol, ") + active);
    ASSERT_NE(FindingFor(check, active), nullptr);
    EXPECT_EQ(FindingFor(check, active)->severity, Severity::kHigh);
  }
}

TEST(ProductCheckTest, PhAdjusterAcidsNeedTheirContext) {
  EXPECT_NE(FindingFor(testing::Check("Water, Glycerin, Lactic Acid, Phenoxyethanol"), "Lactic Acid"), nullptr);
  EXPECT_EQ(FindingFor(testing::Check("Water, Glycerin, Phenoxyethanol, Lactic Acid"), "Lactic Acid"), nullptr);
  const auto blend = testing::Check("Water, Glycolic Acid, Glycerin, Phenoxyethanol, Malic Acid");
  ASSERT_NE(FindingFor(blend, "Malic Acid"), nullptr) << "part of an acid blend";
  EXPECT_EQ(FindingFor(blend, "Malic Acid")->severity, Severity::kTrace);
  // Alphabetical Drug Facts list: position says nothing, so the acid is flagged conservatively.
  const auto alphabetical = testing::Check(
      "Inactive ingredients: Carbomer, Cetyl Alcohol, Glycerin, Lactic Acid, Methylparaben, Purified Water, "
      "Sodium Hydroxide");
  ASSERT_NE(FindingFor(alphabetical, "Lactic Acid"), nullptr);
  EXPECT_NE(FindingFor(alphabetical, "Lactic Acid")->reason.find("alphabetical"), std::string::npos);
}

// Every wait of the dictionary comes from the aftercare item it names.
TEST(ProductCheckTest, OkFromDayComesFromTheAftercareItem) {
  struct WaitCase {
    const char* inci;
    ProductType type;
    const char* ingredient;
    const char* wait;
  };
  const std::vector<WaitCase> cases = {
      {"Water, Alcohol Denat.", ProductType::kToner, "Alcohol Denat.", "drying_alcohol"},
      {"Water, Hamamelis Virginiana Water", ProductType::kToner, "Hamamelis Virginiana Water", "drying_alcohol"},
      {"Water, Parfum", ProductType::kMoisturizer, "Parfum", "fragrance"},
      {"Water, Lavandula Angustifolia Oil", ProductType::kMoisturizer, "Lavandula Angustifolia Oil", "fragrance"},
      {"Water, Limonene", ProductType::kMoisturizer, "Limonene", "fragrance"},
      {"Water, Camphor", ProductType::kMoisturizer, "Camphor", "cooling_agents"},
      {"Water, Retinyl Palmitate", ProductType::kMoisturizer, "Retinyl Palmitate", "retinoid_otc"},
      {"Water, Tazarotene", ProductType::kTreatment, "Tazarotene", "retinoid_rx"},
      {"Water, Trifarotene", ProductType::kTreatment, "Trifarotene", "retinoid_rx"},
      {"Water, Mandelic Acid", ProductType::kSerum, "Mandelic Acid", "chemical_exfoliant"},
      {"Water, Gluconolactone", ProductType::kSerum, "Gluconolactone", "chemical_exfoliant"},
      {"Water, Bromelain", ProductType::kMask, "Bromelain", "chemical_exfoliant"},
      {"Water, Jojoba Esters", ProductType::kScrub, "Jojoba Esters", "soft_particle_scrub"},
      {"Sucrose, Glycerin", ProductType::kScrub, "Sucrose", "soft_particle_scrub"},
      {"Water, Ascorbic Acid", ProductType::kSerum, "Ascorbic Acid", "vitamin_c"},
      {"Water, Benzoyl Peroxide", ProductType::kCleanser, "Benzoyl Peroxide", "benzoyl_peroxide"},
      {"Water, Kojic Acid", ProductType::kSerum, "Kojic Acid", "other_actives"},
      {"Water, Sulfur", ProductType::kMask, "Sulfur", "other_actives"},
      {"Water, Pumice", ProductType::kScrub, "Pumice", "physical_exfoliant"},
      {"Water, Solum Diatomeae", ProductType::kScrub, "Solum Diatomeae", "physical_exfoliant"},
      {"Water, Perlite", ProductType::kScrub, "Perlite", "physical_exfoliant"},
      {"Water, Trichloroacetic Acid", ProductType::kPeel, "Trichloroacetic Acid", "strong_peel"},
      {"Glycolic Acid, Water, Lactic Acid", ProductType::kPeel, "Glycolic Acid", "strong_peel"},
  };
  for (const WaitCase& c : cases) {
    SCOPED_TRACE(c.inci);
    const auto check = testing::Check(c.inci, 0, c.type);
    const auto* finding = FindingFor(check, c.ingredient);
    ASSERT_NE(finding, nullptr) << Describe(check);
    EXPECT_EQ(finding->wait, c.wait);
    EXPECT_EQ(finding->ok_from_day, testing::OkDayOf(c.wait));
    EXPECT_GE(check.ok_from_day, finding->ok_from_day);
    EXPECT_FALSE(finding->reason.empty());
    EXPECT_TRUE(check.avoid);
    EXPECT_FALSE(testing::Check(c.inci, check.ok_from_day, c.type).avoid) << "fine from ok_from_day";
    EXPECT_TRUE(testing::Check(c.inci, check.ok_from_day - 1, c.type).avoid) << "not the day before";
  }
}

TEST(ProductCheckTest, StrongPeelNeedsAStrongAcidProfile) {
  // Glycolic 2nd with salicylic above the line (P044-like): a peel, day 14.
  EXPECT_EQ(testing::Check("Water, Glycolic Acid, Glycerin, Salicylic Acid, Phenoxyethanol").ok_from_day, 14);
  // Glycolic 2nd alone in a toner (P068-like): an ordinary exfoliant, day 7.
  EXPECT_EQ(testing::Check("Water, Glycolic Acid, Glycerin, Phenoxyethanol", 0, ProductType::kToner).ok_from_day, 7);
  // The same text sold as a peel.
  EXPECT_EQ(testing::Check("Water, Glycolic Acid, Glycerin, Phenoxyethanol", 0, ProductType::kPeel).ok_from_day, 14);
  // A declared high strength.
  EXPECT_EQ(testing::Check("Water, Glycerin, Glycolic Acid 30%, Phenoxyethanol").ok_from_day, 14);
}

TEST(ProductCheckTest, MakeupByTypeOrTint) {
  const auto by_type = testing::Check("Water, Glycerin, Dimethicone", 0, ProductType::kMakeup);
  EXPECT_EQ(by_type.categories, std::vector<FlagCategory>{FlagCategory::kMakeup});
  EXPECT_TRUE(by_type.avoid);
  EXPECT_FALSE(testing::Check("Water, Glycerin, Dimethicone", 1, ProductType::kMakeup).avoid);
  EXPECT_TRUE(Has(testing::Check("Water, Glycerin, CI 77491"), FlagCategory::kMakeup));
  EXPECT_TRUE(Has(testing::Check("Water, Glycerin [+/- Mica, Titanium Dioxide]"), FlagCategory::kMakeup));
  // A dyed toner is not makeup.
  EXPECT_FALSE(Has(testing::Check("Water, Glycerin, Red 4 (CI 14700), Blue 1"), FlagCategory::kMakeup));
}

TEST(ProductCheckTest, VerdictDependsOnTheDay) {
  const char* rx = "Water, Glycerin, Adapalene";
  EXPECT_TRUE(testing::Check(rx, 9).avoid);
  EXPECT_FALSE(testing::Check(rx, 10).avoid);
  const char* bland = "Water, Glycerin, Sodium Hyaluronate, Panthenol, Phenoxyethanol";
  const auto check = testing::Check(bland, 0);
  EXPECT_FALSE(check.avoid);
  EXPECT_TRUE(check.findings.empty());
  EXPECT_EQ(check.ok_from_day, 0);
}

TEST(ProductCheckTest, NotesGiveSoftCautions) {
  const auto contains = [](const domain::ProductCheck& c, std::string_view text) {
    return std::any_of(c.notes.begin(), c.notes.end(),
                       [text](const std::string& n) { return n.find(text) != std::string::npos; });
  };
  const auto niacinamide = testing::Check("Water, Niacinamide 10%, Glycerin", 0, ProductType::kSerum);
  EXPECT_TRUE(contains(niacinamide, "niacinamide"));
  EXPECT_FALSE(niacinamide.avoid) << "niacinamide alone is never 'avoid'";
  EXPECT_TRUE(contains(testing::Check("Avobenzone 3%, Water", 0, ProductType::kSunscreen), "mineral"));
  EXPECT_TRUE(contains(testing::Check("Water, Glycerin, Dimethicone", 0, ProductType::kSunscreen), "missing"));
  EXPECT_TRUE(contains(testing::Check("Inactive ingredients: water, glycerin"), "missing"));
  EXPECT_TRUE(contains(testing::Check("Water, Glycerin, Zorbitex Blend"), "Zorbitex Blend"));
}

}  // namespace
}  // namespace scarwise

namespace scarwise::domain {
namespace {

// A drug label may name its active only in the product name, before the inactive list.
TEST(ProductCheckTest, AnActiveNamedOnlyInTheProductNameIsFound) {
  const ProductCheck check = testing::Check(
      "Tretinoin Cream USP, 0.05%. Inactive ingredients: butylated hydroxytoluene, cetyl alcohol, "
      "glycerin, isopropyl myristate, methylparaben, purified water, stearyl alcohol, xanthan gum",
      8, ProductType::kTreatment);
  EXPECT_TRUE(check.avoid) << "a prescription retinoid waits until day 10";
  EXPECT_EQ(check.ok_from_day, 10);
  ASSERT_FALSE(check.findings.empty());
  EXPECT_EQ(check.findings[0].ingredient, "Tretinoin");
  EXPECT_EQ(check.findings[0].category, FlagCategory::kRetinoid);
}

}  // namespace
}  // namespace scarwise::domain
