#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"

namespace scarwise::http {

// The accounts API under /api/v1: signing in and out (auth/login, auth/csrf, auth/logout),
// the signed-in account (me) and its two-factor sign-in, the clinic's security settings,
// staff accounts (users), and the patients' portal accounts (an invitation made by staff,
// accepted by the patient). Sessions come from `Authorization: Bearer TOKEN` or the
// `scarwise_session` cookie; a cookie-authenticated write must echo the `scarwise_csrf`
// cookie in an `X-CSRF-Token` header. Served by service::AccountsService.
void AddAccountsRoutes(Router& router, service::AccountsService& accounts);

}  // namespace scarwise::http
