#pragma once

// What the clinic tells its patients, from its protocol: the answers to their frequent
// questions, personalised with the patient's skin type when a patient record is named.

#include <optional>
#include <vector>

#include "domain/protocol.hpp"
#include "service/record_access.hpp"

namespace scarwise::service {

class PatientGuide {
 public:
  PatientGuide(RecordAccess& access, const domain::Protocol& protocol) : access_(access), protocol_(protocol) {}

  // Any signed-in user; with `patient_id`, answers for that patient (a patient: only their
  // own record; the read of the record is audited).
  Result<std::vector<domain::FaqEntry>> Faq(const Request& request, std::optional<storage::Id> patient_id);

 private:
  RecordAccess& access_;
  const domain::Protocol& protocol_;
};

}  // namespace scarwise::service
