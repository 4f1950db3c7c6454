#pragma once

#include "http/router.hpp"
#include "service/clinic_service.hpp"
#include "service/patient_guide.hpp"
#include "service/recovery_service.hpp"

namespace scarwise::http {

// Recovery between sessions: POST|GET /api/v1/patients/{id}/check-ins, GET /api/v1/alerts,
// POST /api/v1/alerts/{id}/acknowledge|resolve; and the patient's guide: GET /api/v1/faq and
// /api/v1/patients/{id}/faq. Sessions are authenticated by `clinic`.
void AddRecoveryRoutes(Router& router, service::ClinicService& clinic, service::RecoveryService& recovery,
                       service::PatientGuide& guide);

}  // namespace scarwise::http
