#include "domain/ingredients/product_check.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "domain/ingredients/inci_parser.hpp"
#include "domain/ingredients/inci_text.hpp"

namespace scarwise::domain {
namespace {

constexpr std::array<std::string_view, 11> kProductTypeNames = {
    "cleanser", "toner", "serum", "moisturizer", "sunscreen", "makeup", "mask", "scrub", "peel", "treatment", "other"};
constexpr std::array<std::string_view, 6> kFlagCategoryNames = {
    "drying_alcohol", "retinoid", "chemical_exfoliant", "physical_exfoliant", "other_irritant", "makeup"};

// Truth of a condition; kUnknown when it depends on an order the list does not give.
enum class Truth { kFalse, kTrue, kUnknown };

bool Contains(const std::vector<ProductType>& types, ProductType type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

bool AllUpperCase(std::string_view text) {
  bool letters = false;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') return false;
    letters = letters || (c >= 'A' && c <= 'Z');
  }
  return letters;
}

std::string DayText(int day) {
  if (day <= 0) return "from the day of the session";
  return "from day " + std::to_string(day) + " after the session";
}

class Checker {
 public:
  Checker(const IngredientDictionary& dictionary, const AftercareProtocol& aftercare,
          const ProductCheckRequest& request)
      : d_(dictionary), aftercare_(aftercare), request_(request) {}

  ProductCheck Run() {
    if (!d_.index.built) {
      out_.notes.emplace_back("The ingredient dictionary is not loaded, so the list could not be checked.");
      return std::move(out_);
    }
    list_ = inci::ParseIngredientList(d_, request_.inci_text);
    for (const inci::ParsedIngredient& item : list_.items) out_.ingredients.push_back(Display(item));
    Classify();
    ApplyStrongPeel();
    ApplyMakeup();
    AddNotes();
    Finish();
    return std::move(out_);
  }

 private:
  const IngredientGroup* GroupOf(const inci::ParsedIngredient& item) const {
    return item.group >= 0 ? &d_.groups[static_cast<size_t>(item.group)] : nullptr;
  }

  // The clean display name: the label as written, or the dictionary's spelling when the
  // label was repaired, corrected or written in capitals.
  std::string Display(const inci::ParsedIngredient& item) const {
    const bool repaired = item.match == inci::MatchKind::kHyphenRepair || item.match == inci::MatchKind::kFuzzy;
    if (item.name >= 0 && (repaired || AllUpperCase(item.label))) return d_.names[static_cast<size_t>(item.name)].name;
    return item.label;
  }

  // `other_flagged`: whether another ingredient of the group's category is flagged.
  Truth Evaluate(const ListCondition& c, const inci::ParsedIngredient& item, bool other_flagged) const {
    if (!c.product_types.empty() && !Contains(c.product_types, request_.product_type)) return Truth::kFalse;
    if (Contains(c.not_product_types, request_.product_type)) return Truth::kFalse;
    if (c.with_other_in_category && !other_flagged) return Truth::kFalse;
    if (c.percent_at_least && !(item.percent && *item.percent >= *c.percent_at_least)) return Truth::kFalse;
    bool unknown = false;
    if (c.within_top) {
      if (!item.order_known) {
        unknown = true;
      } else if (item.position > *c.within_top) {
        return Truth::kFalse;
      }
    }
    if (c.above_line) {
      if (!item.order_known) {
        unknown = true;
      } else if (item.below_line) {
        return Truth::kFalse;
      }
    }
    return unknown ? Truth::kUnknown : Truth::kTrue;
  }

  // Whether any condition holds (an empty list always holds).
  bool AnyHolds(const std::vector<ListCondition>& conditions, const inci::ParsedIngredient& item, bool other_flagged,
                OrderUnknown when_unknown) const {
    if (conditions.empty()) return true;
    for (const ListCondition& c : conditions) {
      const Truth t = Evaluate(c, item, other_flagged);
      if (t == Truth::kTrue) return true;
      if (t == Truth::kUnknown && when_unknown == OrderUnknown::kFlag) return true;
    }
    return false;
  }

  void Classify() {
    const size_t n = list_.items.size();
    flagged_.assign(n, false);
    // Pass 1: rules that do not depend on other findings.
    for (size_t i = 0; i < n; ++i) {
      const IngredientGroup* g = GroupOf(list_.items[i]);
      if (g == nullptr || !g->category) continue;
      flagged_[i] = AnyHolds(g->flag_when, list_.items[i], false, g->when_order_unknown);
    }
    // Pass 2: "part of a blend" rules see the first pass.
    std::vector<bool> first_pass = flagged_;
    for (size_t i = 0; i < n; ++i) {
      const IngredientGroup* g = GroupOf(list_.items[i]);
      if (flagged_[i] || g == nullptr || !g->category) continue;
      bool other = false;
      for (size_t j = 0; j < n && !other; ++j) {
        const IngredientGroup* h = GroupOf(list_.items[j]);
        other = j != i && first_pass[j] && h->category == g->category && list_.items[j].name != list_.items[i].name;
      }
      if (other) flagged_[i] = AnyHolds(g->flag_when, list_.items[i], true, g->when_order_unknown);
    }
    finding_of_.assign(n, SIZE_MAX);
    for (size_t i = 0; i < n; ++i) {
      if (flagged_[i]) AddFinding(i);
    }
  }

  void AddFinding(size_t i) {
    const inci::ParsedIngredient& item = list_.items[i];
    const IngredientGroup& g = *GroupOf(item);
    Severity severity = Severity::kHigh;
    if (!g.always_high && item.order_known && item.below_line) severity = Severity::kTrace;
    // One finding per ingredient: a repeated name keeps its first finding, at the higher severity.
    for (size_t f = 0; f < out_.findings.size(); ++f) {
      const inci::ParsedIngredient& earlier = list_.items[finding_item_[f]];
      const bool same = item.name >= 0 ? earlier.name == item.name
                                       : (earlier.name < 0 && inci::Key(earlier.label) == inci::Key(item.label));
      if (same && earlier.group == item.group) {
        if (severity == Severity::kHigh) out_.findings[f].severity = Severity::kHigh;
        finding_of_[i] = f;
        return;
      }
    }
    IngredientFinding finding;
    finding.ingredient = Display(item);
    finding.category = *g.category;
    finding.severity = severity;
    finding.ok_from_day = g.ok_from_day;
    finding.wait = g.wait;
    finding.reason = g.reason;
    if (!item.order_known && !g.always_high) {
      finding.reason += " The list is in alphabetical order, so the amount is unknown; it is counted as a full dose.";
    } else if (severity == Severity::kTrace) {
      finding.reason += " It is listed after the 1 % line, so only a small amount is present.";
    }
    if (item.match == inci::MatchKind::kFuzzy) {
      finding.reason += " (Read '" + item.label + "' as '" + d_.names[static_cast<size_t>(item.name)].name + "'.)";
    }
    finding.reason += WaitText(g.wait, g.ok_from_day);
    finding_of_[i] = out_.findings.size();
    finding_item_.push_back(i);
    out_.findings.push_back(std::move(finding));
  }

  std::string WaitText(const std::string& wait, int day) const {
    std::string text = " Fine again " + DayText(day);
    if (const AftercareItem* item = aftercare_.Find(wait)) text += " (aftercare: " + item->title + ")";
    return text + ".";
  }

  // High-strength at-home peels (REFERENCE.md part 2 §4): upgrades the leading acid.
  void ApplyStrongPeel() {
    const StrongPeelRule& rule = d_.strong_peel;
    std::vector<size_t> acids;
    for (size_t i = 0; i < list_.items.size(); ++i) {
      const inci::ParsedIngredient& item = list_.items[i];
      const IngredientGroup* g = GroupOf(item);
      if (flagged_[i] && g->peel_acid && item.order_known && item.section_kind != SectionKind::kShade)
        acids.push_back(i);
    }
    for (const StrongPeelCondition& c : rule.when) {
      if (!c.product_types.empty() && !Contains(c.product_types, request_.product_type)) continue;
      for (size_t lead : acids) {
        const inci::ParsedIngredient& item = list_.items[lead];
        if (c.lead_within_top && item.position > *c.lead_within_top) continue;
        if (c.percent_at_least && !(item.percent && *item.percent >= *c.percent_at_least)) continue;
        int others = 0;
        for (size_t other : acids) {
          const inci::ParsedIngredient& o = list_.items[other];
          if (other != lead && o.name != item.name && !o.below_line) ++others;
        }
        if (others < c.others_above_line) continue;
        IngredientFinding& finding = out_.findings[finding_of_[lead]];
        if (finding.ok_from_day < rule.ok_from_day) {
          finding.ok_from_day = rule.ok_from_day;
          finding.wait = rule.wait;
        }
        finding.reason = rule.reason + WaitText(rule.wait, rule.ok_from_day);
        return;
      }
    }
  }

  void ApplyMakeup() {
    const MakeupRule& rule = d_.makeup;
    if (rule.wait.empty()) return;
    std::string ingredient;
    if (Contains(rule.product_types, request_.product_type)) ingredient = rule.label;
    for (size_t i = 0; i < list_.items.size() && ingredient.empty(); ++i) {
      const IngredientGroup* g = GroupOf(list_.items[i]);
      if (g != nullptr && g->tint) ingredient = Display(list_.items[i]);
    }
    if (ingredient.empty() && rule.shade_section_is_tint) {
      for (const inci::ParsedIngredient& item : list_.items) {
        if (item.section_kind == SectionKind::kShade) {
          ingredient = Display(item);
          break;
        }
      }
    }
    if (ingredient.empty()) return;
    IngredientFinding finding;
    finding.ingredient = ingredient;
    finding.category = FlagCategory::kMakeup;
    finding.severity = Severity::kHigh;
    finding.ok_from_day = rule.ok_from_day;
    finding.wait = rule.wait;
    finding.reason = rule.reason + WaitText(rule.wait, rule.ok_from_day);
    out_.findings.push_back(std::move(finding));
  }

  void AddNote(std::string note) {
    if (std::find(out_.notes.begin(), out_.notes.end(), note) == out_.notes.end())
      out_.notes.push_back(std::move(note));
  }

  void AddNotes() {
    if (list_.items.empty()) AddNote("No ingredient names were found in the text.");
    if (list_.truncated) AddNote("The text is very long; only its beginning was read.");
    std::vector<bool> group_noted(d_.groups.size(), false);
    std::vector<bool> group_present(d_.groups.size(), false);
    std::vector<std::string> unknown;
    for (const inci::ParsedIngredient& item : list_.items) {
      if (item.group < 0) {
        unknown.push_back(item.label);
        continue;
      }
      const auto g = static_cast<size_t>(item.group);
      group_present[g] = true;
      const IngredientGroup& group = d_.groups[g];
      if (group.note.empty() || group_noted[g]) continue;
      if (AnyHolds(group.note_when, item, false, OrderUnknown::kIgnore)) {
        group_noted[g] = true;
        AddNote(Display(item) + ": " + group.note);
      }
    }
    for (const ExpectedActives& e : d_.expected_actives) {
      if (!Contains(e.product_types, request_.product_type)) continue;
      const bool any = std::any_of(e.groups.begin(), e.groups.end(), [&](size_t g) { return group_present[g]; });
      if (!any && !list_.items.empty()) AddNote(e.note);
    }
    if (list_.has_inactive_section && !list_.has_active_section) {
      AddNote(
          "The text has an inactive-ingredient list but no active ingredient: the active ingredients may be "
          "missing from what was pasted.");
    }
    if (list_.alphabetical) {
      AddNote(
          "Part of the list is in alphabetical order (as in a Drug Facts label), so its order says nothing "
          "about amounts: ingredients there are judged with their concentration unknown.");
    }
    if (list_.greedy_used) AddNote("The list had no separators; ingredient names were found by longest match.");
    for (const auto& [fragments, joined] : list_.merged) {
      AddNote("Read '" + fragments + "' as one ingredient, '" + joined + "' (a stray comma split the name).");
    }
    for (const inci::ParsedIngredient& item : list_.items) {
      if (item.match == inci::MatchKind::kFuzzy) {
        AddNote("Read '" + item.label + "' as '" + d_.names[static_cast<size_t>(item.name)].name +
                "' (spelling corrected).");
      }
    }
    if (!unknown.empty()) {
      std::string note = "Not in the ingredient dictionary, so not judged: ";
      for (size_t i = 0; i < unknown.size() && i < 12; ++i) note += (i > 0 ? ", " : "") + unknown[i];
      if (unknown.size() > 12) note += " and " + std::to_string(unknown.size() - 12) + " more";
      AddNote(note + ".");
    }
    if (!list_.ignored.empty()) {
      std::string note = "Ignored text that is not an ingredient name: ";
      for (size_t i = 0; i < list_.ignored.size() && i < 6; ++i) note += (i > 0 ? "; " : "") + list_.ignored[i];
      AddNote(note + ".");
    }
  }

  void Finish() {
    for (const IngredientFinding& f : out_.findings) {
      out_.ok_from_day = std::max(out_.ok_from_day, f.ok_from_day);
      if (std::find(out_.categories.begin(), out_.categories.end(), f.category) == out_.categories.end()) {
        out_.categories.push_back(f.category);
      }
    }
    std::sort(out_.categories.begin(), out_.categories.end());
    out_.avoid = out_.ok_from_day > request_.day;
  }

  const IngredientDictionary& d_;
  const AftercareProtocol& aftercare_;
  const ProductCheckRequest& request_;
  inci::ParsedList list_;
  std::vector<bool> flagged_;
  std::vector<size_t> finding_of_;    // per item: index into out_.findings, or SIZE_MAX
  std::vector<size_t> finding_item_;  // per finding: the item that raised it
  ProductCheck out_;
};

}  // namespace

std::string_view ProductTypeName(ProductType type) {
  return kProductTypeNames[static_cast<size_t>(type)];
}

std::optional<ProductType> ProductTypeFromName(std::string_view name) {
  for (size_t i = 0; i < kProductTypeNames.size(); ++i) {
    if (kProductTypeNames[i] == name) return static_cast<ProductType>(i);
  }
  return std::nullopt;
}

std::string_view FlagCategoryName(FlagCategory category) {
  return kFlagCategoryNames[static_cast<size_t>(category)];
}

std::optional<FlagCategory> FlagCategoryFromName(std::string_view name) {
  for (size_t i = 0; i < kFlagCategoryNames.size(); ++i) {
    if (kFlagCategoryNames[i] == name) return static_cast<FlagCategory>(i);
  }
  return std::nullopt;
}

std::string_view SeverityName(Severity severity) {
  return severity == Severity::kHigh ? "high" : "trace";
}

ProductCheck CheckProduct(const IngredientDictionary& dictionary, const AftercareProtocol& aftercare,
                          const ProductCheckRequest& request) {
  return Checker(dictionary, aftercare, request).Run();
}

}  // namespace scarwise::domain
