#include "domain/screening/screening.hpp"

#include <cmath>

namespace scarwise::domain {
namespace {

// The date a "fact below N months ago" test stops holding, for each such term that holds.
std::optional<Date> ClearsOn(const Condition& c, const FactSet& facts, Date assessed_on) {
  if (c.op == Condition::Op::kAll || c.op == Condition::Op::kAny) {
    std::optional<Date> latest;
    for (const Condition& t : c.terms) {
      if (!Holds(t, facts)) continue;
      const auto d = ClearsOn(t, facts, assessed_on);
      if (d && (!latest || *d > *latest)) latest = d;
    }
    return latest;
  }
  const bool months = c.unit == FactUnit::kMonthsAgo;
  if ((c.op == Condition::Op::kBelow || c.op == Condition::Op::kAtMost) && (months || c.unit == FactUnit::kWeeksAgo)) {
    const double* ago = std::get_if<double>(&facts[c.fact]);
    if (ago == nullptr) return std::nullopt;
    const double remaining = c.number - *ago + (c.op == Condition::Op::kAtMost ? 1 : 0);
    if (months) return AddMonths(assessed_on, static_cast<int>(std::ceil(remaining)));
    return assessed_on + std::chrono::days{static_cast<int>(std::ceil(remaining * 7))};
  }
  return std::nullopt;
}

}  // namespace

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kProceed:
      return "proceed";
    case Decision::kProceedWithPrecautions:
      return "proceed_with_precautions";
    case Decision::kDefer:
      return "defer";
    case Decision::kNotSuitable:
      return "not_suitable";
  }
  return "proceed";
}

std::string_view RecordFieldTypeName(RecordFieldType type) {
  switch (type) {
    case RecordFieldType::kText:
      return "text";
    case RecordFieldType::kDate:
      return "date";
    case RecordFieldType::kConfirm:
      return "confirm";
  }
  return "text";
}

const ScreeningRule* FindPrecaution(const ScreeningProtocol& protocol, std::string_view code) {
  for (const ScreeningRule& rule : protocol.rules) {
    if (rule.code == code && rule.decision == Decision::kProceedWithPrecautions) return &rule;
  }
  return nullptr;
}

ScreeningOutcome Screen(const ScreeningProtocol& protocol, const FactSet& facts, Date assessed_on) {
  ScreeningOutcome outcome;
  for (const ScreeningRule& rule : protocol.rules) {
    if (!Holds(rule.when, facts)) continue;
    ScreeningFinding finding{rule.code,
                             rule.decision,
                             rule.message,
                             rule.action,
                             Explain(rule.when, facts),
                             rule.clinician_must_confirm,
                             rule.plan_modifiers,
                             rule.record,
                             rule.source};
    if (rule.decision > outcome.decision) outcome.decision = rule.decision;
    if (rule.decision == Decision::kProceedWithPrecautions) {
      outcome.precautions.push_back(std::move(finding));
      continue;
    }
    outcome.reasons.push_back(std::move(finding));
    if (rule.decision == Decision::kDefer) {
      Date date = assessed_on + std::chrono::days{rule.rescreen_after_days.value_or(0)};
      if (const auto clears = ClearsOn(rule.when, facts, assessed_on); clears && *clears > date) date = *clears;
      if (!outcome.rescreen_after || date > *outcome.rescreen_after) outcome.rescreen_after = date;
    }
  }
  if (outcome.decision != Decision::kDefer) outcome.rescreen_after.reset();  // only a deferral is rescreened
  return outcome;
}

}  // namespace scarwise::domain
