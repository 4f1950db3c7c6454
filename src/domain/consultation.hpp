#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/civil_time.hpp"
#include "domain/assessment/scar_inventory.hpp"

namespace scarwise::domain {

// A medication course answered as never, current, or stopped some months ago (the
// `course` question type: isotretinoin).
struct CourseAnswer {
  enum class Status { kNever, kCurrent, kStopped };
  Status status = Status::kNever;
  double stopped_months_ago = 0;  // meaningful only when status == kStopped

  bool operator==(const CourseAnswer&) const = default;
};

// One answer to a screening question, by the question's type:
//   yes_no -> bool; choice -> the chosen option; months_ago / weeks_ago -> a number, or
//   nullopt for "never"; course -> CourseAnswer.
using Answer = std::variant<bool, std::string, std::optional<double>, CourseAnswer>;

// The answers to the protocol's screening questions (screening.yaml `questions`), by key.
// The decoder (interop/json/consultation_codec.hpp) insists that every question of the
// protocol is answered; a history read back from an old record may lack questions added
// since (see UnansweredQuestions in domain/screening/questions.hpp).
struct MedicalHistory {
  std::map<std::string, Answer, std::less<>> answers;

  void Set(std::string key, Answer answer) { answers[std::move(key)] = std::move(answer); }
  // nullptr when the question was not answered.
  const Answer* Find(std::string_view key) const {
    const auto it = answers.find(key);
    return it == answers.end() ? nullptr : &it->second;
  }
};

struct PatientProfile {
  Date birth_date{};
  int fitzpatrick = 1;  // Fitzpatrick skin type I-VI as 1-6
};

// What a clinician records at a consultation (or re-screening before a session).
struct Consultation {
  PatientProfile patient;
  MedicalHistory history;
  ScarAssessment assessment;
};

}  // namespace scarwise::domain
