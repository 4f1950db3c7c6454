#pragma once

// The patients' frequently asked questions, answered from the clinic's own protocol: the
// answers in faq.yaml name protocol values as {placeholders}, filled here, so an answer
// never disagrees with the rules the software applies.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare/aftercare.hpp"
#include "domain/planning/treatment_plan.hpp"
#include "domain/recovery/recovery.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

struct FaqEntry {
  std::string code;
  std::string question;
  std::string answer;  // with {placeholders} in the protocol; filled in AnswerFaq's result
  Source source;
};

// faq.yaml.
struct FaqProtocol {
  std::vector<FaqEntry> entries;
};

// The placeholder names an answer may use.
const std::vector<std::string_view>& FaqPlaceholders();

// The questions with their answers filled from the protocol; `fitzpatrick` is the asking
// patient's skin type (absent: "your recorded type" is said instead).
std::vector<FaqEntry> AnswerFaq(const FaqProtocol& faq, const PlanningProtocol& planning,
                                const AftercareProtocol& aftercare, const RecoveryProtocol& recovery,
                                std::optional<int> fitzpatrick);

}  // namespace scarwise::domain
