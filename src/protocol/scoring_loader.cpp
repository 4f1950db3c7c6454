#include "common/unicode_text.hpp"
#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {

domain::ScoringProtocol LoadScoring(const Node& root) {
  using domain::ScarKind;
  domain::ScoringProtocol scoring;
  root.AllowOnly({"scale", "categories", "count_bands", "scar_types", "keloid_tiers"});
  const Node scale = root.Child("scale");
  scale.AllowOnly({"name", "source", "unverified"});
  scoring.scale_name = scale.Text("name");
  scoring.source = scale.ReadSource();

  for (const Node& item : root.Items("categories")) {
    item.AllowOnly({"code", "description", "points"});
    scoring.categories.push_back({item.Text("code"), item.Text("description"), item.Integer("points", 0, 100)});
  }

  int previous_max = 0;
  for (const Node& item : root.Items("count_bands")) {
    item.AllowOnly({"min", "max", "multiplier"});
    domain::CountBand band{item.Integer("min", 1, 100000), item.OptionalInteger("max", 1, 100000),
                           item.Integer("multiplier", 0, 100)};
    if (band.min_count <= previous_max) item.Report("min", "bands must be ascending and must not overlap");
    if (band.max_count && *band.max_count < band.min_count) item.Report("max", "must not be below min");
    previous_max = band.max_count.value_or(100000);
    scoring.count_bands.push_back(band);
  }

  std::array<bool, domain::kScarTypeCount> seen{};
  for (const auto& [name, item] : root.Entries("scar_types")) {
    const auto type = domain::ScarTypeFromName(name);
    if (!type) {
      item.Report("unknown scar type");
      continue;
    }
    item.AllowOnly({"category", "kind", "deep"});
    seen[domain::Index(*type)] = true;
    domain::ScarTypeScoring& s = scoring.scar_types[domain::Index(*type)];
    const std::string category = item.Text("category");
    bool found = false;
    for (size_t c = 0; c < scoring.categories.size(); ++c) {
      if (scoring.categories[c].code == category) {
        s.category = c;
        found = true;
      }
    }
    if (!found && !category.empty()) item.Report("category", "unknown category '" + Printable(category) + "'");
    const std::string kind = item.Text("kind");
    if (kind == "flat")
      s.kind = ScarKind::kFlat;
    else if (kind == "atrophic")
      s.kind = ScarKind::kAtrophic;
    else if (kind == "raised")
      s.kind = ScarKind::kRaised;
    else if (!kind.empty())
      item.Report("kind", "must be flat, atrophic or raised");
    s.deep = item.Boolean("deep");
  }
  for (domain::ScarType type : domain::kAllScarTypes) {
    if (!seen[domain::Index(type)]) {
      root.Report("scar_types", "missing scar type '" + std::string(domain::ScarTypeName(type)) + "'");
    }
  }

  const Node keloid = root.Child("keloid_tiers");
  keloid.AllowOnly({"source", "unverified", "tiers"});
  scoring.keloid_source = keloid.ReadSource();
  for (const Node& item : keloid.Items("tiers")) {
    item.AllowOnly({"min_cm2", "above_cm2", "points"});
    domain::KeloidTier tier{item.OptionalNumber("min_cm2", 0, 10000), item.OptionalNumber("above_cm2", 0, 10000),
                            item.Integer("points", 0, 100)};
    if (tier.min_cm2.has_value() == tier.above_cm2.has_value())
      item.Report("needs exactly one of min_cm2 or above_cm2");
    scoring.keloid_tiers.push_back(tier);
  }
  return scoring;
}

}  // namespace scarwise::protocol
