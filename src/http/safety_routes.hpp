#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/session_day_service.hpp"

namespace scarwise::http {

// Clinical safety (issue 19 §3, §4): the clinic's cartridge catalogue (GET|POST
// /api/v1/device-lots), a lot recall (GET /api/v1/lots/{lot}/sessions), and the adverse-event
// register (GET /api/v1/adverse-events; GET|POST /api/v1/patients/{id}/adverse-events; POST
// /api/v1/alerts/{id}/adverse-events; PATCH /api/v1/adverse-events/{id}; the protocol's types
// at GET /api/v1/protocol/adverse-event-types). `accounts` signs requests in.
void AddSafetyRoutes(Router& router, service::AccountsService& accounts, service::SessionDayService& day);

}  // namespace scarwise::http
