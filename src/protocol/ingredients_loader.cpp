// Loads ingredients.yaml: the product checker's dictionary (names, synonyms, categories,
// waits, context rules, parsing conventions). Every problem is reported as
// "ingredients.yaml:path: reason"; see protocol/default/ingredients.yaml for the schema.
#include <map>
#include <string>
#include <vector>

#include "common/unicode_text.hpp"
#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/inci_text.hpp"
#include "domain/ingredients/product_categories.hpp"
#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

using domain::IngredientDictionary;
using domain::IngredientGroup;
using domain::ListCondition;
using domain::ProductType;

std::vector<std::string> OptionalTexts(const Node& node, std::string_view key) {
  std::vector<std::string> out;
  if (!node.Has(key)) return out;
  for (const Node& item : node.Items(key, false)) out.push_back(item.AsText());
  return out;
}

std::vector<ProductType> ReadProductTypes(const Node& node, std::string_view key) {
  std::vector<ProductType> out;
  if (!node.Has(key)) return out;
  for (const Node& item : node.Items(key)) {
    const std::string name = item.AsText();
    if (name.empty()) continue;
    if (const auto type = domain::ProductTypeFromName(name)) {
      out.push_back(*type);
    } else {
      item.Report("unknown product type '" + Printable(name) +
                  "' (cleanser, toner, serum, moisturizer, sunscreen, makeup, mask, scrub, peel, treatment, other)");
    }
  }
  return out;
}

ListCondition ReadListCondition(const Node& node) {
  ListCondition c;
  node.AllowOnly(
      {"within_top", "above_line", "with_other_in_category", "percent_at_least", "product_types", "not_product_types"});
  if (!node.IsMap()) return c;
  c.within_top = node.OptionalInteger("within_top", 1, 1000);
  c.above_line = node.OptionalBoolean("above_line").value_or(false);
  c.with_other_in_category = node.OptionalBoolean("with_other_in_category").value_or(false);
  c.percent_at_least = node.OptionalNumber("percent_at_least", 0, 100);
  c.product_types = ReadProductTypes(node, "product_types");
  c.not_product_types = ReadProductTypes(node, "not_product_types");
  if (node.yaml().size() == 0) {
    node.Report("an empty condition always holds; leave the list out instead");
  }
  return c;
}

std::vector<ListCondition> ReadConditions(const Node& node, std::string_view key) {
  std::vector<ListCondition> out;
  if (!node.Has(key)) return out;
  for (const Node& item : node.Items(key)) out.push_back(ReadListCondition(item));
  return out;
}

// The aftercare item `code` names: its first fine day, or a problem when there is none.
int ReadWait(const Node& node, std::string_view key, const domain::AftercareProtocol& aftercare, std::string* code) {
  *code = node.Text(key);
  if (code->empty()) return 0;
  const domain::AftercareItem* item = aftercare.Find(*code);
  if (item == nullptr) {
    node.Report(key, "unknown aftercare item '" + Printable(*code) + "' (waits name a `code` of aftercare.yaml)");
    return 0;
  }
  return domain::OkFromDay(item->allowed_after);
}

bool ReadFlag(const Node& node, std::string_view key) {
  return node.OptionalBoolean(key).value_or(false);
}

void ReadGroup(const Node& node, const domain::AftercareProtocol& aftercare, IngredientDictionary* dict,
               std::vector<Node>* name_nodes, std::map<std::string, size_t>* ids) {
  node.AllowOnly({"id", "label", "category", "wait", "reason", "flag_when", "when_order_unknown", "always_high",
                  "marks_one_percent_line", "tint", "peel_acid", "note", "note_when", "source", "unverified", "names",
                  "patterns"});
  if (!node.IsMap()) return;
  const size_t index = dict->groups.size();
  IngredientGroup g;
  g.id = node.Text("id");
  if (!g.id.empty() && !ids->emplace(g.id, index).second)
    node.Report("id", "duplicate group id '" + Printable(g.id) + "'");
  g.label = node.Text("label");
  const std::string category = node.Text("category");
  if (category != "none" && !category.empty()) {
    g.category = domain::FlagCategoryFromName(category);
    if (!g.category) {
      node.Report("category", "unknown category '" + Printable(category) +
                                  "' (none, drying_alcohol, retinoid, chemical_exfoliant, physical_exfoliant, "
                                  "other_irritant, makeup)");
    }
  }
  if (category != "none") {
    g.ok_from_day = ReadWait(node, "wait", aftercare, &g.wait);
    g.reason = node.Text("reason");
  } else {
    for (std::string_view key : {"wait", "reason", "flag_when", "always_high", "when_order_unknown", "peel_acid"}) {
      if (node.Has(key)) node.Report(key, "only a flagged category takes this (category is 'none')");
    }
  }
  g.flag_when = ReadConditions(node, "flag_when");
  if (const auto policy = node.OptionalText("when_order_unknown")) {
    if (*policy == "flag") {
      g.when_order_unknown = domain::OrderUnknown::kFlag;
    } else if (*policy == "ignore") {
      g.when_order_unknown = domain::OrderUnknown::kIgnore;
    } else {
      node.Report("when_order_unknown", "must be 'flag' or 'ignore'");
    }
  }
  g.always_high = ReadFlag(node, "always_high");
  g.marks_one_percent_line = ReadFlag(node, "marks_one_percent_line");
  g.tint = ReadFlag(node, "tint");
  g.peel_acid = ReadFlag(node, "peel_acid");
  g.note = node.OptionalText("note").value_or("");
  g.note_when = ReadConditions(node, "note_when");
  if (!g.note_when.empty() && g.note.empty()) node.Report("note_when", "needs a `note`");
  g.source = node.ReadSource();

  if (!node.Has("names") && !node.Has("patterns")) node.Report("needs `names` or `patterns`");
  if (node.Has("names")) {
    for (const Node& item : node.Items("names")) {
      domain::IngredientName name;
      name.group = index;
      name.source = g.source;
      if (item.IsMap()) {
        item.AllowOnly({"name", "also", "source", "unverified"});
        name.name = item.Text("name");
        if (item.Has("also")) name.also = item.TextList("also");
        if (item.Has("source")) name.source = item.ReadSource();
        if (const auto unverified = item.OptionalBoolean("unverified")) name.source.unverified = *unverified;
      } else {
        name.name = item.AsText();
      }
      if (!name.name.empty() && domain::inci::Key(name.name).empty()) item.Report("a name needs letters or digits");
      dict->names.push_back(std::move(name));
      name_nodes->push_back(item);
    }
  }
  if (node.Has("patterns")) {
    for (const Node& item : node.Items("patterns")) {
      const std::string pattern = item.AsText();
      std::string normalised;
      domain::inci::MakeKey(pattern, &normalised, /*keep_glob=*/true);
      if (normalised.find_first_not_of("* ") == std::string::npos) {
        if (!pattern.empty()) item.Report("a pattern needs letters or digits besides '*'");
        continue;
      }
      dict->patterns.push_back(domain::NamePattern{pattern, index});
    }
  }
  dict->groups.push_back(std::move(g));
}

std::optional<size_t> GroupId(const Node& node, std::string_view key, const std::map<std::string, size_t>& ids) {
  const std::string id = node.Text(key);
  if (id.empty()) return std::nullopt;
  const auto it = ids.find(id);
  if (it == ids.end()) {
    node.Report(key, "unknown group '" + Printable(id) + "'");
    return std::nullopt;
  }
  return it->second;
}

void ReadParsing(const Node& node, domain::ParsingRules* rules) {
  node.AllowOnly({"headers", "boilerplate", "filler_words", "prose_words", "ignore_parentheticals", "ignore_tokens",
                  "strip_words", "abbreviations", "product_words", "alphabetical_min_items", "greedy_min_words",
                  "fuzzy", "limits", "source", "unverified"});
  if (!node.IsMap()) return;
  for (const Node& item : node.Items("headers")) {
    item.AllowOnly({"phrase", "kind", "needs_colon", "closes_with"});
    if (!item.IsMap()) continue;
    domain::SectionHeader h;
    h.phrase = item.Text("phrase");
    const std::string kind = item.Text("kind");
    static const std::map<std::string, domain::SectionKind, std::less<>> kKinds = {
        {"ingredients", domain::SectionKind::kIngredients},
        {"active", domain::SectionKind::kActive},
        {"inactive", domain::SectionKind::kInactive},
        {"shade", domain::SectionKind::kShade},
        {"ignore", domain::SectionKind::kIgnore}};
    if (const auto it = kKinds.find(kind); it != kKinds.end()) {
      h.kind = it->second;
    } else if (!kind.empty()) {
      item.Report("kind",
                  "unknown section kind '" + Printable(kind) + "' (ingredients, active, inactive, shade, ignore)");
    }
    h.needs_colon = item.OptionalBoolean("needs_colon").value_or(false);
    h.closes_with = item.OptionalText("closes_with").value_or("");
    rules->headers.push_back(std::move(h));
  }
  rules->boilerplate = OptionalTexts(node, "boilerplate");
  rules->filler_words = OptionalTexts(node, "filler_words");
  rules->prose_words = OptionalTexts(node, "prose_words");
  rules->ignore_parentheticals = OptionalTexts(node, "ignore_parentheticals");
  rules->ignore_tokens = OptionalTexts(node, "ignore_tokens");
  rules->strip_words = OptionalTexts(node, "strip_words");
  rules->abbreviations = OptionalTexts(node, "abbreviations");
  rules->product_words = OptionalTexts(node, "product_words");
  rules->alphabetical_min_items = node.Integer("alphabetical_min_items", 3, 100);
  rules->greedy_min_words = node.Integer("greedy_min_words", 2, 100);
  const Node fuzzy = node.Child("fuzzy");
  if (node.Has("fuzzy"))
    fuzzy.AllowOnly({"min_length", "max_distance", "long_length", "long_max_distance", "active_min_length",
                     "active_max_distance", "max_tokens"});
  if (fuzzy.IsMap()) {
    domain::FuzzyRules& f = rules->fuzzy;
    f.min_length = fuzzy.Integer("min_length", 4, 64);
    f.max_distance = fuzzy.Integer("max_distance", 0, 3);
    f.long_length = fuzzy.Integer("long_length", 4, 64);
    f.long_max_distance = fuzzy.Integer("long_max_distance", 0, 3);
    f.active_min_length = fuzzy.Integer("active_min_length", 4, 64);
    f.active_max_distance = fuzzy.Integer("active_max_distance", 0, 3);
    f.max_tokens = fuzzy.Integer("max_tokens", 0, 1000);
  }
  const Node limits = node.Child("limits");
  if (node.Has("limits")) limits.AllowOnly({"max_input_bytes", "max_ingredients"});
  if (limits.IsMap()) {
    rules->max_input_bytes = static_cast<size_t>(limits.Integer("max_input_bytes", 1024, 10'000'000));
    rules->max_ingredients = static_cast<size_t>(limits.Integer("max_ingredients", 10, 5000));
  }
  node.ReadSource();
}

}  // namespace

domain::IngredientDictionary LoadIngredients(const Node& root, const domain::AftercareProtocol& aftercare) {
  IngredientDictionary dict;
  root.AllowOnly({"parsing", "groups", "essential_oils", "strong_peel", "makeup", "expected_actives"});
  std::vector<Node> name_nodes;  // parallel to dict.names, for problems found by BuildIndex
  std::map<std::string, size_t> ids;
  for (const Node& group : root.Items("groups")) ReadGroup(group, aftercare, &dict, &name_nodes, &ids);

  ReadParsing(root.Child("parsing"), &dict.parsing);

  const Node oils = root.Child("essential_oils");
  if (root.Has("essential_oils")) oils.AllowOnly({"group", "genera", "exclude_endings", "source", "unverified"});
  if (oils.IsMap()) {
    domain::EssentialOilRule rule;
    const auto group = GroupId(oils, "group", ids);
    for (const Node& item : oils.Items("genera")) {
      domain::OilGenus genus;
      if (item.IsMap()) {
        item.AllowOnly({"genus", "only_endings"});
        genus.genus = item.Text("genus");
        genus.only_endings = item.TextList("only_endings");
      } else {
        genus.genus = item.AsText();
      }
      if (genus.genus.find(' ') != std::string::npos) item.Report("a genus is one word");
      rule.genera.push_back(std::move(genus));
    }
    rule.exclude_endings = OptionalTexts(oils, "exclude_endings");
    rule.source = oils.ReadSource();
    if (group) {
      rule.group = *group;
      if (!dict.groups[*group].category) oils.Report("group", "essential oils must name a flagged group");
      dict.essential_oils = std::move(rule);
    }
  }

  const Node peel = root.Child("strong_peel");
  if (root.Has("strong_peel")) peel.AllowOnly({"wait", "reason", "when", "source", "unverified"});
  if (peel.IsMap()) {
    domain::StrongPeelRule& rule = dict.strong_peel;
    rule.ok_from_day = ReadWait(peel, "wait", aftercare, &rule.wait);
    rule.reason = peel.Text("reason");
    for (const Node& item : peel.Items("when")) {
      item.AllowOnly({"lead_within_top", "others_above_line", "product_types", "percent_at_least"});
      if (!item.IsMap()) continue;
      domain::StrongPeelCondition c;
      c.lead_within_top = item.OptionalInteger("lead_within_top", 1, 100);
      c.others_above_line = item.OptionalInteger("others_above_line", 0, 20).value_or(0);
      c.product_types = ReadProductTypes(item, "product_types");
      c.percent_at_least = item.OptionalNumber("percent_at_least", 0, 100);
      if (!c.lead_within_top && !c.percent_at_least) {
        item.Report("needs `lead_within_top` or `percent_at_least`");
      }
      rule.when.push_back(std::move(c));
    }
    rule.source = peel.ReadSource();
  }

  const Node makeup = root.Child("makeup");
  if (root.Has("makeup"))
    makeup.AllowOnly({"wait", "label", "reason", "product_types", "shade_section_is_tint", "source", "unverified"});
  if (makeup.IsMap()) {
    domain::MakeupRule& rule = dict.makeup;
    rule.ok_from_day = ReadWait(makeup, "wait", aftercare, &rule.wait);
    rule.label = makeup.Text("label");
    rule.reason = makeup.Text("reason");
    rule.product_types = ReadProductTypes(makeup, "product_types");
    rule.shade_section_is_tint = makeup.OptionalBoolean("shade_section_is_tint").value_or(true);
    rule.source = makeup.ReadSource();
  }

  if (root.Has("expected_actives")) {
    for (const Node& item : root.Items("expected_actives", false)) {
      item.AllowOnly({"product_types", "groups", "note", "source", "unverified"});
      if (!item.IsMap()) continue;
      domain::ExpectedActives e;
      e.product_types = ReadProductTypes(item, "product_types");
      for (const Node& id : item.Items("groups")) {
        const std::string text = id.AsText();
        const auto it = ids.find(text);
        if (it == ids.end()) {
          if (!text.empty()) id.Report("unknown group '" + Printable(text) + "'");
        } else {
          e.groups.push_back(it->second);
        }
      }
      e.note = item.Text("note");
      e.source = item.ReadSource();
      dict.expected_actives.push_back(std::move(e));
    }
  }

  for (const auto& conflict : dict.BuildIndex()) {
    if (conflict.second >= name_nodes.size() || conflict.first >= name_nodes.size()) continue;
    name_nodes[conflict.second].Report("the name '" + Printable(conflict.key) + "' is already listed at " +
                                       name_nodes[conflict.first].path());
  }
  return dict;
}

}  // namespace scarwise::protocol
