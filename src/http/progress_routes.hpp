#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/records_service.hpp"

namespace scarwise::http {

// Progress and outcome under /api/v1 (issue 21): re-assessments of a course, the course
// against the outcome model's prediction (the behind flag is computed here, on the server),
// and the clinician's list of courses that are behind.
void AddProgressRoutes(Router& router, service::AccountsService& accounts, service::RecordsService& records);

}  // namespace scarwise::http
