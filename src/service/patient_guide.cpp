#include "service/patient_guide.hpp"

namespace scarwise::service {

Result<std::vector<domain::FaqEntry>> PatientGuide::Faq(const Request& request, std::optional<storage::Id> patient_id) {
  const auto answer = [&](std::optional<int> fitzpatrick) {
    return domain::AnswerFaq(protocol_.faq, protocol_.planning, protocol_.aftercare, protocol_.recovery, fitzpatrick);
  };
  if (!patient_id) {
    if (!request.actor) return Unexpected(Unauthenticated());
    return answer(std::nullopt);
  }
  SCARWISE_ASSIGN_OR_RETURN(auto patient,
                            access_.ReadPatientRecords<storage::PatientRecord>(
                                request, Action::kPatientRead, *patient_id,
                                [&](storage::Transaction& tx) { return tx.Patients().Find(*patient_id); }));
  return answer(patient.details.fitzpatrick);
}

}  // namespace scarwise::service
