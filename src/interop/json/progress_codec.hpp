#pragma once

// Re-assessments (issue 21): the API's request body, and the documents stored for each
// (its input as recorded, the scores computed from it).

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/outcome/outcome_model.hpp"
#include "domain/outcome/reassessment.hpp"

namespace scarwise::interop {

// {"visit": "session" | "follow_up", "after_session": N, "assessment": {date,
// qualitative_grade, zones} (as POST .../assessments), "ecca": {ITEM: 0..max, ...} (optional;
// every item of the protocol's scale), "patient_rating": {"improvement": 0-10,
// "satisfaction": 0-10} (optional, either may be absent)}. Strict; errors name the field.
Result<domain::Reassessment> DecodeReassessment(const nlohmann::json& body, const domain::EccaScale& ecca);

// The computed part of a re-assessment.
struct ReassessmentScores {
  int quantitative = 0;
  int qualitative_grade = 0;
  std::optional<int> ecca_total;
  std::optional<double> improvement_pct;  // against the plan's baseline assessment
};

std::string ReassessmentInputDocument(const domain::Reassessment& reassessment, const domain::EccaScale& ecca);
Result<domain::Reassessment> ReassessmentFromDocument(std::string_view text, const domain::EccaScale& ecca);
std::string ReassessmentScoresDocument(const ReassessmentScores& scores);
Result<ReassessmentScores> ReassessmentScoresFromDocument(std::string_view text);

}  // namespace scarwise::interop
