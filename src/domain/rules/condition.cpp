#include "domain/rules/condition.hpp"

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

// "<what> <value>" for the computed facts a plan's rules test, in the words of a clinician;
// `value` is already formatted (a whole percentage for a share). Other facts: "<name>: <value>".
std::string PlainFact(const std::string& fact, const std::string& value) {
  if (fact == "ice_pick_share") return "ice pick scars are " + value + " of the atrophic scars";
  if (fact == "rolling_share") return "rolling scars are " + value + " of the atrophic scars";
  if (fact == "boxcar_share") return "boxcar scars are " + value + " of the atrophic scars";
  if (fact == "deep_atrophic_share") return "deep scars are " + value + " of the atrophic scars";
  if (fact == "raised_share") return "raised scars are " + value + " of all scars";
  if (fact == "qualitative_grade") return "Goodman & Baron qualitative grade " + value;
  if (fact == "goodman_baron_quantitative") return "Goodman & Baron quantitative score " + value;
  if (fact == "fitzpatrick") return "Fitzpatrick skin type " + value;
  if (fact == "age_years") return "age " + value + " years";
  if (fact == "all_scars") return value + " scars in all";
  if (fact == "atrophic_scars") return value + " atrophic scars";
  if (fact == "deep_scars") return value + " deep scars";
  if (fact == "raised_scars") return value + " raised scars";
  std::string name = fact;
  for (char& c : name) c = c == '_' ? ' ' : c;
  return name + ": " + value;
}

}  // namespace

std::string ExplainPlainly(const Condition& c, const FactSet& facts) {
  using Op = Condition::Op;
  if (c.op == Op::kAll || c.op == Op::kAny) {
    std::string out;
    for (const Condition& t : c.terms) {
      if (c.op == Op::kAny && !Holds(t, facts)) continue;
      if (!out.empty()) out += c.op == Op::kAll ? " and " : "; ";
      out += ExplainPlainly(t, facts);
    }
    return out;
  }
  const bool share = c.unit == FactUnit::kShare;
  const auto show = [&](double v) { return share ? WholePercent(v) : Number(v); };
  const FactValue& value = facts[c.fact];
  const std::string actual =
      share && std::holds_alternative<double>(value) ? WholePercent(std::get<double>(value)) : ValueText(value);
  const std::string said = PlainFact(c.fact, actual);
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
