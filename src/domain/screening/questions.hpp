#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/consultation.hpp"

namespace scarwise::domain {

// The type of a screening question (screening.yaml `questions[].type`):
//   bool       -> true | false
//   enum       -> one of `options`
//   months_ago -> null (never) or a number of months, >= 0
//   weeks_ago  -> null (never) or a number of weeks, >= 0
//   course     -> "never" | "current" | {"stopped_months_ago": N} (a medication course)
enum class QuestionType { kYesNo, kChoice, kMonthsAgo, kWeeksAgo, kCourse };
std::string_view QuestionTypeName(QuestionType type);  // "bool", "enum", ...

// One screening question, as data: a clinic adds a question without a code change. The
// key is the answer's key in the consultation's `history` and the fact rules test (a
// course question also gives `<key>_stopped_months_ago`).
struct ScreeningQuestion {
  std::string key;
  QuestionType type = QuestionType::kYesNo;
  std::vector<std::string> options;  // enum only
  std::string clinician_wording;     // the question as the clinician asks it
  std::string patient_wording;       // the question in the patient's words
  std::string help;                  // what counts, with examples
  bool no_concern_answer = false;    // bool only: the answer that raises no concern
};

// The keys of `questions` that `history` does not answer, in protocol order (a history
// recorded before a question was added lacks it: that screening must be repeated).
std::vector<std::string> UnansweredQuestions(const std::vector<ScreeningQuestion>& questions,
                                             const MedicalHistory& history);

// A history with the answer that raises no concern to every question (bool: its
// no_concern_answer; enum: the first option; months/weeks ago: never; course: never). For
// demonstration data and tests; a real screening answers every question.
MedicalHistory UnremarkableHistory(const std::vector<ScreeningQuestion>& questions);

// The question with `key`; nullptr if none.
const ScreeningQuestion* FindQuestion(const std::vector<ScreeningQuestion>& questions, std::string_view key);

}  // namespace scarwise::domain
