#pragma once

#include <optional>

#include "domain/consultation.hpp"
#include "domain/protocol.hpp"

namespace scarwise::domain {

// Everything the engine says about one consultation: scores, the screening decision and,
// when the decision allows treatment, the proposed plan (for a clinician to approve).
struct ConsultationReview {
  QuantitativeScore quantitative;
  int qualitative_grade = 0;
  ScreeningOutcome screening;
  std::optional<TreatmentPlan> plan;  // only for proceed and proceed_with_precautions
};

// Scores, screens and plans one consultation with the given protocol. Pure: the
// consultation must already be valid (see interop/json/consultation_codec.hpp).
ConsultationReview ReviewConsultation(const Protocol& protocol, const Consultation& consultation);

}  // namespace scarwise::domain
