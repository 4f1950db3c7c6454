#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "domain/assessment/scar_inventory.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

// How a scar type counts for treatment rules: flat (macular), atrophic (depressed, the
// target of microneedling) or raised (papular, keloidal).
enum class ScarKind { kFlat, kAtrophic, kRaised };

// One Goodman & Baron category ("A", milder: 1 point per count band step).
struct ScoringCategory {
  std::string code;
  std::string description;
  int points = 0;
};

// A lesion-count band: `min_count`..`max_count` lesions (no max: open-ended) multiply
// the category's points by `multiplier`.
struct CountBand {
  int min_count = 1;
  std::optional<int> max_count;
  int multiplier = 1;
};

// A keloidal-area tier: applies when the area is >= `min_cm2` or > `above_cm2`
// (exactly one is set). The last matching tier in ascending order wins.
struct KeloidTier {
  std::optional<double> min_cm2;
  std::optional<double> above_cm2;
  int points = 0;
};

struct ScarTypeScoring {
  size_t category = 0;  // index into ScoringProtocol::categories
  ScarKind kind = ScarKind::kAtrophic;
  bool deep = false;  // counts as a deep scar for depth and session rules
};

// The Goodman & Baron quantitative global scarring score, as configured in the
// protocol's scoring.yaml (Goodman GJ, Baron JA, J Cosmet Dermatol 2006).
struct ScoringProtocol {
  std::string scale_name;
  Source source;
  std::vector<ScoringCategory> categories;
  std::array<ScarTypeScoring, kScarTypeCount> scar_types{};
  std::vector<CountBand> count_bands;    // ascending, non-overlapping
  std::vector<KeloidTier> keloid_tiers;  // ascending
  Source keloid_source;
};

// Lesion totals over the whole face.
struct InventoryTotals {
  std::array<int, kScarTypeCount> by_type{};
  int all = 0;
  int atrophic = 0;
  int deep = 0;
  int raised = 0;
  double keloid_area_cm2 = 0;
};

struct CategoryScore {
  std::string code;
  int lesions = 0;
  int multiplier = 0;
  int points = 0;
};

struct QuantitativeScore {
  int total = 0;
  std::vector<CategoryScore> categories;  // one per protocol category, in protocol order
  int keloid_points = 0;
};

InventoryTotals TotalInventory(const ScoringProtocol& protocol, const ScarAssessment& assessment);

// Deep scars in one zone (types marked `deep`).
int DeepScars(const ScoringProtocol& protocol, const ZoneInventory& zone);

// Points = sum over categories of (category points x band multiplier of the category's
// lesion count over the whole face), plus the keloid tier points for the total keloidal area.
QuantitativeScore ScoreQuantitative(const ScoringProtocol& protocol, const ScarAssessment& assessment);

}  // namespace scarwise::domain
