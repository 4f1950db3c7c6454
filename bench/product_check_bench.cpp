// Product checks per second (target: >= 20,000 per core on a 40-ingredient list; issue 2
// §5). The default protocol is loaded once, outside the timed loop.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"
#include "domain/ingredients/product_check.hpp"
#include "protocol/protocol_loader.hpp"

namespace {

using scarwise::domain::ProductType;

// The default protocol, loaded once; a protocol that fails to load aborts, since every
// run would then measure or test nothing.
const scarwise::domain::Protocol& Protocol() {
  static const scarwise::domain::Protocol protocol = [] {
    auto load = scarwise::protocol::LoadProtocol(SCARWISE_SOURCE_DIR "/protocol/default");
    if (!load.ok()) std::abort();
    return std::move(load.protocol);
  }();
  return protocol;
}

// A realistic 40-ingredient sunscreen-moisturiser label with percentages, a slash name,
// parentheticals, fragrance allergens and a pH adjuster.
constexpr const char* kForty =
    "Water, Glycerin, Homosalate 10%, Octisalate 5%, Avobenzone 3%, Octocrylene 2.7%, Niacinamide, Butylene "
    "Glycol, Caprylic/Capric Triglyceride, Cetearyl Alcohol, Dimethicone, Squalane, Glyceryl Stearate, PEG-100 "
    "Stearate, Butyrospermum Parkii (Shea) Butter, Panthenol, Sodium Hyaluronate, Ceramide NP, Ceramide AP, "
    "Cholesterol, Phytosphingosine, Tocopheryl Acetate, Allantoin, Centella Asiatica Extract, Camellia Sinensis "
    "Leaf Extract, Carbomer, Xanthan Gum, Acrylates/C10-30 Alkyl Acrylate Crosspolymer, Sodium Hydroxide, "
    "Disodium EDTA, Citric Acid, Sodium Citrate, Ethylhexylglycerin, Caprylyl Glycol, Phenoxyethanol, Parfum, "
    "Linalool, Limonene, Retinyl Palmitate, Iron Oxides (CI 77491)";

// The messy layouts of REFERENCE.md part 2 §3.2.
const std::vector<std::string>& Messy() {
  static const std::vector<std::string> texts = {
      "The active ingredient in Differin Gel, which is an adapalene product, is adapalene 0.1% (retinoid) . The "
      "inactive ingredients include carbomer 940, edetate disodium, methylparaben, poloxamer 182, propylene "
      "glycol, purified water, and sodium hydroxide.",
      "Benzoyl Peroxide 10%\nCetearyl Alcohol; Cocamidopropyl Betaine; Glycerin; Glycolic Acid; Hydrogenated "
      "Castor Oil; Imidurea; Lactic Acid; Methylparaben; Mineral Oil; PEG-14M; Potassium Lauryl Sulfate; Purified "
      "Water; Sodium Hydroxide; Sodium Lauryl Sulfate; Sodium PCA; Titanium Dioxide; Zea Mays (Corn) Starch",
      "BENZOYL PEROXIDE BENZOYL PEROXIDE WATER GLUCONOLACTONE GLYCERYL MONOSTEARATE CETYL ALCOHOL SODIUM LAURYL "
      "SULFATE PHENOXYETHANOL ZEA MAYS (CORN) STARCH",
      "Aqua/\xE2\x80\x8BWater/\xE2\x80\x8B"
      "Eau, Retinyl, Palmitate,, Phe-noxyethanol, Collodial Oatmeal, "
      "Xantham Gum, Octocrylene 2.70%Water , Zinc Oxide (nano) [+/- Mica, Iron Oxides (Ci 77491)]",
  };
  return texts;
}

void BM_ProductCheck40(benchmark::State& state) {
  const scarwise::domain::Protocol& p = Protocol();
  for (auto _ : state) {
    auto check = scarwise::domain::CheckProduct(p.ingredients, p.aftercare, {kForty, 0, ProductType::kMoisturizer});
    benchmark::DoNotOptimize(check);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProductCheck40);

void BM_ProductCheckMessy(benchmark::State& state) {
  const scarwise::domain::Protocol& p = Protocol();
  const std::string& text = Messy()[static_cast<size_t>(state.range(0))];
  for (auto _ : state) {
    auto check = scarwise::domain::CheckProduct(p.ingredients, p.aftercare, {text, 7, ProductType::kOther});
    benchmark::DoNotOptimize(check);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProductCheckMessy)->DenseRange(0, 3);

}  // namespace
