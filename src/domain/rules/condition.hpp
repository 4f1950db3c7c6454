#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/rules/facts.hpp"

namespace scarwise::domain {

// A test over consultation facts, written in the protocol as e.g.
//   {fact: fitzpatrick, at_least: 4}
//   {fact: active_acne, in: [moderate, severe]}
//   {any: [{fact: pregnant, is: true}, {fact: breastfeeding, is: true}]}
// A fact that is not applicable (null) satisfies no comparison.
struct Condition {
  enum class Op { kIs, kIn, kBelow, kAtMost, kAtLeast, kAbove, kAll, kAny };
  Op op = Op::kIs;
  std::string fact;                  // a name of the protocol's FactVocabulary
  FactUnit unit = FactUnit::kPlain;  // the fact's unit, resolved when the protocol is read
  bool flag = false;                 // kIs
  double number = 0;                 // kBelow, kAtMost, kAtLeast, kAbove
  std::vector<std::string> texts;    // kIn
  std::vector<Condition> terms;      // kAll, kAny
};

bool Holds(const Condition& condition, const FactSet& facts);

// Why the condition holds, in words, with the values that made it hold:
// "fitzpatrick is 5 (at least 4)"; for kAny only the terms that hold are named.
std::string Explain(const Condition& condition, const FactSet& facts);

// How a clinician says each fact, as protocol data (planning.yaml `facts_in_words`): a
// sentence with "{value}" where the fact's value goes ("deep scars are {value} of the
// atrophic scars").
using FactWording = std::map<std::string, std::string, std::less<>>;
inline constexpr std::string_view kValuePlaceholder = "{value}";

// The same for a clinician reading a plan: the facts in the protocol's words, shares as whole
// percentages ("deep scars are 64 % of the atrophic scars (at least 50 %)"). A fact the
// wording lacks reads "<name>: <value>" (the protocol check requires wording for every fact
// a plan's rule tests).
std::string ExplainPlainly(const Condition& condition, const FactSet& facts, const FactWording& wording);

// Every fact `condition` tests, in order, each once.
std::vector<std::string> FactsTested(const Condition& condition);

}  // namespace scarwise::domain
