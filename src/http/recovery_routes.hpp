#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/recovery_service.hpp"

namespace scarwise::http {

// Recovery between sessions: POST|GET /api/v1/patients/{id}/check-ins, GET /api/v1/alerts,
// POST /api/v1/alerts/{id}/acknowledge|resolve; GET /api/v1/protocol/questions (the
// screening questions and check-in signs, with their wording). `accounts` signs requests in.
void AddRecoveryRoutes(Router& router, service::AccountsService& accounts, service::RecoveryService& recovery);

}  // namespace scarwise::http
