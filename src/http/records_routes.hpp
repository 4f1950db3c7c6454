#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/records_service.hpp"

namespace scarwise::http {

// The records API under /api/v1: patients, their history, assessments (and their preview),
// screenings, plans (proposed, adjusted, approved, listed by status) and the audit log. Each
// route signs the request in with `accounts`, decodes, calls one use case of `records` and
// encodes.
void AddRecordsRoutes(Router& router, service::AccountsService& accounts, service::RecordsService& records);

}  // namespace scarwise::http
