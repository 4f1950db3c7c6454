#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/patient_guide.hpp"

namespace scarwise::http {

// The patients' guide: GET /api/v1/faq and /api/v1/patients/{id}/faq, the patients'
// questions answered from the protocol's own values. `accounts` signs requests in.
void AddGuideRoutes(Router& router, service::AccountsService& accounts, service::PatientGuide& guide);

}  // namespace scarwise::http
