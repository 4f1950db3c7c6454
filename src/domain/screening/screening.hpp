#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/civil_time.hpp"
#include "domain/rules/condition.hpp"
#include "domain/screening/questions.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

// Ordered from least to most severe: the most severe applicable rule decides.
enum class Decision { kProceed, kProceedWithPrecautions, kDefer, kNotSuitable };
std::string_view DecisionName(Decision decision);

// What a precaution changes in the proposed plan, as protocol data: the needle is never set
// deeper than `max_needle_depth_mm` (bleeding risk: anticoagulants, antiplatelets).
struct PlanModifiers {
  std::optional<double> max_needle_depth_mm;
  Source source;
  // Days of skin priming (e.g. a tyrosinase-suppressing cream) before the first session:
  // booking offers no first session before they have passed since the plan's approval.
  std::optional<int> priming_days = std::nullopt;
};

// What a precaution asks someone to record before the plan is approved and before each
// session is charted, as protocol data: each field with the clinician's label. `kText` is a
// non-empty text (a drug, a name, a reason), `kDate` a calendar date (when it started),
// `kConfirm` a statement the clinician must confirm (true).
enum class RecordFieldType { kText, kDate, kConfirm };
std::string_view RecordFieldTypeName(RecordFieldType type);  // "text" | "date" | "confirm"

struct RecordField {
  std::string key;
  RecordFieldType type = RecordFieldType::kText;
  std::string label;
};

struct PrecautionRecording {
  std::vector<RecordField> fields;
  Source source;
};

// A screening rule from screening.yaml. `decision` is kNotSuitable, kDefer or
// kProceedWithPrecautions. `action` says what to do: the precaution to take, what must
// change before rescreening, or the alternative to discuss. Defer rules carry
// `rescreen_after_days`.
struct ScreeningRule {
  std::string code;
  Decision decision = Decision::kProceedWithPrecautions;
  Condition when;
  std::string message;
  std::string action;
  std::optional<int> rescreen_after_days;
  bool clinician_must_confirm = false;
  std::optional<PlanModifiers> plan_modifiers;  // precaution rules only
  std::optional<PrecautionRecording> record;    // precaution rules only (required there)
  Source source;
};

// screening.yaml: the questions asked (every one must be answered) and the rules over them.
struct ScreeningProtocol {
  std::vector<ScreeningQuestion> questions;
  std::vector<ScreeningRule> rules;
};

// One rule that applied, with the facts that made it apply.
struct ScreeningFinding {
  std::string code;
  Decision decision = Decision::kProceed;
  std::string message;
  std::string action;
  std::string because;
  bool clinician_must_confirm = false;
  std::optional<PlanModifiers> plan_modifiers;
  std::optional<PrecautionRecording> record;
  Source source;
};

struct ScreeningOutcome {
  Decision decision = Decision::kProceed;
  std::vector<ScreeningFinding> reasons;      // every not_suitable and defer rule that applied
  std::vector<ScreeningFinding> precautions;  // every precaution rule that applied
  // For a deferral: the first date all deferring states are expected to have cleared.
  std::optional<Date> rescreen_after;
};

// Applies every rule to the facts of a consultation assessed on `assessed_on`.
// The rescreen date is the latest over the deferring rules of (assessed_on +
// rescreen_after_days) and, for a "below N months/weeks ago" test, the day it stops holding.
ScreeningOutcome Screen(const ScreeningProtocol& protocol, const FactSet& facts, Date assessed_on);

// The precaution rule with `code`, or null (also for a rule that is not a precaution).
const ScreeningRule* FindPrecaution(const ScreeningProtocol& protocol, std::string_view code);

}  // namespace scarwise::domain
