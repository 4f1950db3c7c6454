#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/session_day_service.hpp"

namespace scarwise::http {

// The session day and after: charting (POST|GET /api/v1/patients/{id}/sessions, the draft
// to start from, amendments), the aftercare timeline (GET /api/v1/patients/{id}/aftercare)
// and the product checker (POST /api/v1/product-checks, whose day may come from the
// patient's last session). `accounts` signs requests in.
void AddSessionDayRoutes(Router& router, service::AccountsService& accounts, service::SessionDayService& day);

}  // namespace scarwise::http
