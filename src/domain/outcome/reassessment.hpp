#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/assessment/scar_inventory.hpp"

namespace scarwise::domain {

// Where a re-assessment was made: at a session (before its needling) or at the follow-up visit.
enum class ReassessmentVisit { kSession, kFollowUp };
std::string_view ReassessmentVisitName(ReassessmentVisit visit);  // session | follow_up
std::optional<ReassessmentVisit> ReassessmentVisitFromName(std::string_view name);

// A re-assessment (issue 21): the same zone-by-type inventory and qualitative grade as the
// consultation's, optionally ECCA frequency grades (one per item of the protocol's scale),
// and the patient's own ratings (0-10).
struct Reassessment {
  ReassessmentVisit visit = ReassessmentVisit::kSession;
  int after_session = 0;  // sessions done before it
  ScarAssessment assessment;
  std::optional<std::vector<int>> ecca;
  std::optional<int> patient_improvement;   // 0 = none, 10 = the best imaginable
  std::optional<int> patient_satisfaction;  // 0 = not at all, 10 = completely
};

}  // namespace scarwise::domain
