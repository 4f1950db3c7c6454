#pragma once

#include <string>

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"

namespace scarwise::http {

// Consent (issue 22): the protocol's texts, signing, withdrawal, the list and the signed
// PDF. `clinic_name` heads the PDF. `accounts` signs requests in.
void AddConsentRoutes(Router& router, service::AccountsService& accounts, service::ConsentService& consent);

}  // namespace scarwise::http
