#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/outbox.hpp"

namespace scarwise::http {

// The outbox for staff: GET /api/v1/outbox?status=pending|sent|failed|skipped&limit=&cursor=
// (newest first), every reminder and alert message with its delivery state, and
// POST /api/v1/outbox/{id}/retry. `accounts` signs requests in.
void AddOutboxRoutes(Router& router, service::AccountsService& accounts, service::Outbox& outbox);

}  // namespace scarwise::http
