#include "common/unicode_text.hpp"
#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

using domain::Condition;
using domain::FactKind;

constexpr std::string_view kComparisons[] = {"below", "at_most", "at_least", "above"};

std::string KindName(FactKind kind) {
  switch (kind) {
    case FactKind::kBoolean:
      return "a yes/no fact";
    case FactKind::kNumber:
      return "a number fact";
    case FactKind::kText:
      return "a text fact";
  }
  return "a fact";
}

}  // namespace

Condition ReadCondition(const Node& node, const domain::FactVocabulary& facts) {
  Condition c;
  if (!node.IsMap()) {
    node.Report(node.IsNull() ? "required" : "must be a condition mapping");
    return c;
  }
  if (node.Has("any") || node.Has("all")) {
    const bool any = node.Has("any");
    node.AllowOnly({any ? "any" : "all"});
    c.op = any ? Condition::Op::kAny : Condition::Op::kAll;
    for (const Node& term : node.Items(any ? "any" : "all")) c.terms.push_back(ReadCondition(term, facts));
    return c;
  }
  node.AllowOnly({"fact", "is", "in", "below", "at_most", "at_least", "above"});
  const std::string name = node.Text("fact");
  const domain::FactInfo* fact = facts.Find(name);
  if (fact == nullptr) {
    if (!name.empty()) node.Report("fact", "unknown fact '" + Printable(name) + "'");
    return c;
  }
  c.fact = fact->name;
  c.unit = fact->unit;
  const FactKind kind = fact->kind;
  int tests = 0;
  if (node.Has("is")) {
    ++tests;
    c.op = Condition::Op::kIs;
    c.flag = node.Boolean("is");
    if (kind != FactKind::kBoolean)
      node.Report("is", "'" + Printable(name) + "' is " + KindName(kind) + ", not yes/no");
  }
  if (node.Has("in")) {
    ++tests;
    c.op = Condition::Op::kIn;
    c.texts = node.TextList("in");
    if (kind != FactKind::kText) node.Report("in", "'" + Printable(name) + "' is " + KindName(kind) + ", not text");
  }
  for (std::string_view cmp : kComparisons) {
    if (!node.Has(cmp)) continue;
    ++tests;
    c.op = cmp == "below"      ? Condition::Op::kBelow
           : cmp == "at_most"  ? Condition::Op::kAtMost
           : cmp == "at_least" ? Condition::Op::kAtLeast
                               : Condition::Op::kAbove;
    c.number = node.Number(cmp, -1e9, 1e9);
    if (kind != FactKind::kNumber)
      node.Report(cmp, "'" + Printable(name) + "' is " + KindName(kind) + ", not a number");
  }
  if (tests != 1) node.Report("needs exactly one test: is, in, below, at_most, at_least or above");
  return c;
}

}  // namespace scarwise::protocol
