#include "domain/review.hpp"

namespace scarwise::domain {

ConsultationReview ReviewConsultation(const Protocol& protocol, const Consultation& consultation) {
  ConsultationReview review;
  review.quantitative = ScoreQuantitative(protocol.scoring, consultation.assessment);
  review.qualitative_grade = consultation.assessment.qualitative_grade;
  const FactSet facts = ComputeFacts(consultation, protocol.scoring, review.quantitative.total);
  review.screening = Screen(protocol.screening, facts, consultation.assessment.date);
  if (review.screening.decision == Decision::kProceed ||
      review.screening.decision == Decision::kProceedWithPrecautions) {
    review.plan =
        ProposePlan(protocol.planning, protocol.scoring, consultation.assessment, facts, review.screening.precautions);
  }
  return review;
}

}  // namespace scarwise::domain
