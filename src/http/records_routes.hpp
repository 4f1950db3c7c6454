#pragma once

#include "http/router.hpp"
#include "service/clinic_service.hpp"

namespace scarwise::http {

// The records API under /api/v1: patients, their history, assessments (and their preview),
// screenings, plans (proposed, adjusted, approved, listed by status) and the audit log. Each
// route signs the request in with `accounts`, decodes, calls one use case of `records` and
// encodes. Both are ClinicService today (the accounts and records services once it is split).
void AddRecordsRoutes(Router& router, service::ClinicService& accounts, service::ClinicService& records);

}  // namespace scarwise::http
