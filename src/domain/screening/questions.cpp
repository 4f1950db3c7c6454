#include "domain/screening/questions.hpp"

namespace scarwise::domain {

std::string_view QuestionTypeName(QuestionType type) {
  switch (type) {
    case QuestionType::kYesNo:
      return "bool";
    case QuestionType::kChoice:
      return "enum";
    case QuestionType::kMonthsAgo:
      return "months_ago";
    case QuestionType::kWeeksAgo:
      return "weeks_ago";
    case QuestionType::kCourse:
      return "course";
  }
  return "bool";
}

std::vector<std::string> UnansweredQuestions(const std::vector<ScreeningQuestion>& questions,
                                             const MedicalHistory& history) {
  std::vector<std::string> missing;
  for (const ScreeningQuestion& q : questions) {
    if (history.Find(q.key) == nullptr) missing.push_back(q.key);
  }
  return missing;
}

MedicalHistory UnremarkableHistory(const std::vector<ScreeningQuestion>& questions) {
  MedicalHistory history;
  for (const ScreeningQuestion& q : questions) {
    switch (q.type) {
      case QuestionType::kYesNo:
        history.Set(q.key, q.no_concern_answer);
        break;
      case QuestionType::kChoice:
        history.Set(q.key, q.options.empty() ? std::string() : q.options.front());
        break;
      case QuestionType::kMonthsAgo:
      case QuestionType::kWeeksAgo:
        history.Set(q.key, std::optional<double>{});
        break;
      case QuestionType::kCourse:
        history.Set(q.key, CourseAnswer{});
        break;
    }
  }
  return history;
}

const ScreeningQuestion* FindQuestion(const std::vector<ScreeningQuestion>& questions, std::string_view key) {
  for (const ScreeningQuestion& q : questions) {
    if (q.key == key) return &q;
  }
  return nullptr;
}

}  // namespace scarwise::domain
