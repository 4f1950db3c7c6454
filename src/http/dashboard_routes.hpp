#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/records_service.hpp"
#include "service/scheduling_service.hpp"

namespace scarwise::http {

// The clinician's start page in one request (GET /api/v1/dashboard): the scheduling
// service's summary (the day's sessions, every patient's plan and next session, open alerts
// by urgency) and the records service's courses behind their expected band. Coordinators
// get neither alerts nor courses behind (null): both are clinical.
void AddDashboardRoutes(Router& router, service::AccountsService& accounts, service::SchedulingService& scheduling,
                        service::RecordsService& records);

}  // namespace scarwise::http
