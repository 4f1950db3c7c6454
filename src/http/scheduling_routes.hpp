#pragma once

#include "http/router.hpp"
#include "service/clinic_service.hpp"
#include "service/outbox.hpp"
#include "service/scheduling_service.hpp"

namespace scarwise::http {

// Series scheduling: the clinic's calendar (GET|PUT /api/v1/clinic), practitioners, rooms
// and devices, booking a plan's series (GET ?dry_run=true for the alternatives, POST to
// book), reschedule / cancel / no-show with reflow, the clinic calendar
// (GET /api/v1/appointments), a patient's appointments, and iCalendar feeds (signed in, or
// by a subscription token).
void AddSchedulingRoutes(Router& router, service::ClinicService& clinic, service::SchedulingService& scheduling);

// The outbox for staff: GET /api/v1/outbox?status=pending|sent|failed|skipped&limit=&before=
// (newest first), every reminder and alert message with its delivery state.
void AddOutboxRoutes(Router& router, service::ClinicService& clinic, service::Outbox& outbox);

}  // namespace scarwise::http
