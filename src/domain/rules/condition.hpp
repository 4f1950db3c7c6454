#pragma once

#include <string>
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

// The same for a clinician reading a plan: the facts by what they mean, shares as whole
// percentages ("deep scars are 64 % of the atrophic scars (at least 50 %)").
std::string ExplainPlainly(const Condition& condition, const FactSet& facts);

}  // namespace scarwise::domain
