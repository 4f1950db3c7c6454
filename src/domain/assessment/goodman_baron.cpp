#include "domain/assessment/goodman_baron.hpp"

namespace scarwise::domain {
namespace {

int BandMultiplier(const std::vector<CountBand>& bands, int lesions) {
  int multiplier = 0;
  for (const CountBand& band : bands) {
    if (lesions >= band.min_count && (!band.max_count || lesions <= *band.max_count)) multiplier = band.multiplier;
  }
  return multiplier;
}

int KeloidPoints(const std::vector<KeloidTier>& tiers, double area_cm2) {
  if (area_cm2 <= 0) return 0;
  int points = 0;
  for (const KeloidTier& tier : tiers) {
    if ((tier.min_cm2 && area_cm2 >= *tier.min_cm2) || (tier.above_cm2 && area_cm2 > *tier.above_cm2)) {
      points = tier.points;
    }
  }
  return points;
}

}  // namespace

InventoryTotals TotalInventory(const ScoringProtocol& protocol, const ScarAssessment& assessment) {
  InventoryTotals totals;
  for (const ZoneInventory& zone : assessment.zones) {
    for (ScarType type : kAllScarTypes) {
      const int n = zone.Count(type);
      const ScarTypeScoring& scoring = protocol.scar_types[Index(type)];
      totals.by_type[Index(type)] += n;
      totals.all += n;
      if (scoring.kind == ScarKind::kAtrophic) totals.atrophic += n;
      if (scoring.kind == ScarKind::kRaised) totals.raised += n;
      if (scoring.deep) totals.deep += n;
    }
    totals.keloid_area_cm2 += zone.keloid_area_cm2;
  }
  return totals;
}

int DeepScars(const ScoringProtocol& protocol, const ZoneInventory& zone) {
  int deep = 0;
  for (ScarType type : kAllScarTypes) {
    if (protocol.scar_types[Index(type)].deep) deep += zone.Count(type);
  }
  return deep;
}

QuantitativeScore ScoreQuantitative(const ScoringProtocol& protocol, const ScarAssessment& assessment) {
  const InventoryTotals totals = TotalInventory(protocol, assessment);
  QuantitativeScore score;
  score.categories.reserve(protocol.categories.size());
  for (size_t c = 0; c < protocol.categories.size(); ++c) {
    CategoryScore category{protocol.categories[c].code, 0, 0, 0};
    for (ScarType type : kAllScarTypes) {
      if (protocol.scar_types[Index(type)].category == c) category.lesions += totals.by_type[Index(type)];
    }
    category.multiplier = BandMultiplier(protocol.count_bands, category.lesions);
    category.points = protocol.categories[c].points * category.multiplier;
    score.total += category.points;
    score.categories.push_back(std::move(category));
  }
  score.keloid_points = KeloidPoints(protocol.keloid_tiers, totals.keloid_area_cm2);
  score.total += score.keloid_points;
  return score;
}

}  // namespace scarwise::domain
