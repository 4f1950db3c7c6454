#pragma once

#include "http/router.hpp"
#include "service/clinic_service.hpp"

namespace scarwise::http {

// The records API under /api/v1 (accounts, patients, assessments, screenings, plans,
// product checks, audit): each handler authenticates, decodes, calls one ClinicService
// use case and encodes. Sessions come from `Authorization: Bearer TOKEN` or the
// `scarwise_session` cookie; a cookie-authenticated write must echo the `scarwise_csrf`
// cookie in an `X-CSRF-Token` header.
void AddRecordRoutes(Router& router, service::ClinicService& service);

}  // namespace scarwise::http
