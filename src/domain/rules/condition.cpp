#include "domain/rules/condition.hpp"

#include <algorithm>
#include <cstdio>

namespace scarwise::domain {
namespace {

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

std::string ValueText(const FactValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "yes" : "no";
  if (const double* d = std::get_if<double>(&value)) return Number(*d);
  if (const std::string* s = std::get_if<std::string>(&value)) return *s;
  return "not applicable";
}

std::string Percent(double share) {
  return Number(share * 100.0) + " %";
}

}  // namespace

bool Holds(const Condition& c, const FactSet& facts) {
  using Op = Condition::Op;
  switch (c.op) {
    case Op::kAll:
      for (const Condition& t : c.terms) {
        if (!Holds(t, facts)) return false;
      }
      return true;
    case Op::kAny:
      for (const Condition& t : c.terms) {
        if (Holds(t, facts)) return true;
      }
      return false;
    case Op::kIs: {
      const bool* b = std::get_if<bool>(&facts[c.fact]);
      return b != nullptr && *b == c.flag;
    }
    case Op::kIn: {
      const std::string* s = std::get_if<std::string>(&facts[c.fact]);
      if (s == nullptr) return false;
      for (const std::string& t : c.texts) {
        if (t == *s) return true;
      }
      return false;
    }
    case Op::kBelow:
    case Op::kAtMost:
    case Op::kAtLeast:
    case Op::kAbove: {
      const double* d = std::get_if<double>(&facts[c.fact]);
      if (d == nullptr) return false;
      if (c.op == Op::kBelow) return *d < c.number;
      if (c.op == Op::kAtMost) return *d <= c.number;
      if (c.op == Op::kAtLeast) return *d >= c.number;
      return *d > c.number;
    }
  }
  return false;
}

std::string Explain(const Condition& c, const FactSet& facts) {
  using Op = Condition::Op;
  if (c.op == Op::kAll || c.op == Op::kAny) {
    std::string out;
    for (const Condition& t : c.terms) {
      if (c.op == Op::kAny && !Holds(t, facts)) continue;
      if (!out.empty()) out += c.op == Op::kAll ? " and " : "; ";
      out += Explain(t, facts);
    }
    return out;
  }
  const std::string& name = c.fact;
  const bool share = c.unit == FactUnit::kShare;
  const auto show = [&](double v) { return share ? Percent(v) : Number(v); };
  const FactValue& value = facts[c.fact];
  const std::string actual =
      share && std::holds_alternative<double>(value) ? Percent(std::get<double>(value)) : ValueText(value);
  switch (c.op) {
    case Op::kIs:
      return name + " is " + actual;
    case Op::kIn:
      return name + " is " + actual;
    case Op::kBelow:
      return name + " is " + actual + " (below " + show(c.number) + ")";
    case Op::kAtMost:
      return name + " is " + actual + " (at most " + show(c.number) + ")";
    case Op::kAtLeast:
      return name + " is " + actual + " (at least " + show(c.number) + ")";
    case Op::kAbove:
      return name + " is " + actual + " (above " + show(c.number) + ")";
    default:
      return name;
  }
}

namespace {

std::string WholePercent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", share * 100.0);
  return buf;
}

// "<what> <value>" in the protocol's words; other facts: "<name>: <value>".
std::string PlainFact(const std::string& fact, const std::string& value, const FactWording& wording) {
  if (const auto it = wording.find(fact); it != wording.end()) {
    std::string said = it->second;
    if (const size_t at = said.find(kValuePlaceholder); at != std::string::npos) {
      said.replace(at, kValuePlaceholder.size(), value);
    }
    return said;
  }
  std::string name = fact;
  for (char& c : name) c = c == '_' ? ' ' : c;
  return name + ": " + value;
}

void CollectFacts(const Condition& c, std::vector<std::string>& out) {
  if (c.op == Condition::Op::kAll || c.op == Condition::Op::kAny) {
    for (const Condition& t : c.terms) CollectFacts(t, out);
    return;
  }
  if (std::find(out.begin(), out.end(), c.fact) == out.end()) out.push_back(c.fact);
}

}  // namespace

std::vector<std::string> FactsTested(const Condition& condition) {
  std::vector<std::string> out;
  CollectFacts(condition, out);
  return out;
}

std::string ExplainPlainly(const Condition& c, const FactSet& facts, const FactWording& wording) {
  using Op = Condition::Op;
  if (c.op == Op::kAll || c.op == Op::kAny) {
    std::string out;
    for (const Condition& t : c.terms) {
      if (c.op == Op::kAny && !Holds(t, facts)) continue;
      if (!out.empty()) out += c.op == Op::kAll ? " and " : "; ";
      out += ExplainPlainly(t, facts, wording);
    }
    return out;
  }
  const bool share = c.unit == FactUnit::kShare;
  const auto show = [&](double v) { return share ? WholePercent(v) : Number(v); };
  const FactValue& value = facts[c.fact];
  const std::string actual =
      share && std::holds_alternative<double>(value) ? WholePercent(std::get<double>(value)) : ValueText(value);
  const std::string said = PlainFact(c.fact, actual, wording);
  switch (c.op) {
    case Op::kBelow:
      return said + " (below " + show(c.number) + ")";
    case Op::kAtMost:
      return said + " (at most " + show(c.number) + ")";
    case Op::kAtLeast:
      return said + " (at least " + show(c.number) + ")";
    case Op::kAbove:
      return said + " (above " + show(c.number) + ")";
    default:
      return said;
  }
}

}  // namespace scarwise::domain
