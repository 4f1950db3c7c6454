#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/assessment/goodman_baron.hpp"
#include "domain/consultation.hpp"
#include "domain/screening/questions.hpp"

namespace scarwise::domain {

// The vocabulary that protocol rules may test: facts computed from a consultation (age,
// skin type, scores, scar counts and shares: adding one is a code change) and one fact per
// screening question of the protocol (a course question gives two: `<key>` and
// `<key>_stopped_months_ago`). What is tested and the thresholds are protocol data.
enum class FactKind { kBoolean, kNumber, kText };
// How a number reads: a count or measure, months or weeks ago (a "below N" rule then
// says when it stops applying), or a share 0..1 (shown as a percentage).
enum class FactUnit { kPlain, kMonthsAgo, kWeeksAgo, kShare };

struct FactInfo {
  std::string name;
  FactKind kind = FactKind::kNumber;
  FactUnit unit = FactUnit::kPlain;
};

class FactVocabulary {
 public:
  // The computed facts only.
  FactVocabulary();
  // The computed facts and those of `questions`.
  explicit FactVocabulary(const std::vector<ScreeningQuestion>& questions);

  const FactInfo* Find(std::string_view name) const;
  const std::vector<FactInfo>& facts() const { return facts_; }

 private:
  std::vector<FactInfo> facts_;
};

// A fact's value; std::monostate means "not applicable" (e.g. never had radiation, or a
// question the history does not answer), which satisfies no comparison.
using FactValue = std::variant<std::monostate, bool, double, std::string>;

class FactSet {
 public:
  // The value of `name`; monostate when the set has none.
  const FactValue& operator[](std::string_view name) const;
  void Set(std::string name, FactValue value) { values_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, FactValue, std::less<>> values_;
};

// Shares are fractions 0..1 of atrophic scars (raised share: of all counted scars); 0 when
// there is nothing to divide by. Every answer of the history becomes its question's fact.
FactSet ComputeFacts(const Consultation& consultation, const ScoringProtocol& scoring, int quantitative_score);

}  // namespace scarwise::domain
