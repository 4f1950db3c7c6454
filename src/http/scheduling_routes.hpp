#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/scheduling_service.hpp"

namespace scarwise::http {

// Series scheduling: the clinic's calendar (GET|PUT /api/v1/clinic), practitioners, rooms
// and devices, booking a plan's series (GET ?dry_run=true for the alternatives, POST to
// book), reschedule / cancel / no-show with reflow, the clinic calendar
// (GET /api/v1/appointments), a patient's appointments, and iCalendar feeds (signed in, or
// by a subscription token). `accounts` signs requests in and tells today's date.
void AddSchedulingRoutes(Router& router, service::AccountsService& accounts, service::SchedulingService& scheduling);

}  // namespace scarwise::http
