#pragma once

// The JSON documents kept verbatim in stored records (assessment and screening inputs and
// results, plan proposals), as text: the service layer stores and re-reads them without
// touching a JSON library.

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "domain/ingredients/product_check.hpp"
#include "domain/review.hpp"

namespace scarwise::interop {

// {"goodman_baron_quantitative", "goodman_baron_qualitative", "quantitative_breakdown"}
std::string AssessmentResultDocument(const domain::QuantitativeScore& score, int qualitative_grade);

// {"decision", "reasons", "precautions", "rescreen_after", "protocol"}
std::string ScreeningResultDocument(const domain::ScreeningOutcome& outcome, const domain::ProtocolId& protocol);

// A product check as POST /api/v1/product-checks answers it.
std::string ProductCheckDocument(const domain::ProductCheck& check, int day, domain::ProductType type);

// The whole review, as `scarwise plan --json` prints it: the plan proposal's document.
std::string ReviewDocument(const domain::ConsultationReview& review, const domain::ProtocolId& protocol);

// The plan of a stored review document (its "plan" member, as EncodePlan wrote it), and the
// document with its plan replaced (a clinician's adjustment), the rest untouched.
Result<domain::TreatmentPlan> PlanFromReviewDocument(std::string_view text);
Result<std::string> ReviewDocumentWithPlan(std::string_view text, const domain::TreatmentPlan& plan);

// The stored inputs, in the API's shapes (POST .../assessments and .../screenings bodies),
// and back.
std::string ScarAssessmentDocument(const domain::ScarAssessment& assessment);
std::string MedicalHistoryDocument(const domain::MedicalHistory& history);
Result<domain::ScarAssessment> ScarAssessmentFromDocument(std::string_view text);
// A recorded history lacks the questions added since it was recorded (see
// DecodeRecordedHistory).
Result<domain::MedicalHistory> MedicalHistoryFromDocument(std::string_view text,
                                                          const std::vector<domain::ScreeningQuestion>& questions);

}  // namespace scarwise::interop
