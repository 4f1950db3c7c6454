#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/records_service.hpp"

namespace scarwise::service {

struct DemoLogin {
  std::string role;
  std::string email;
  std::string password;
};

// Seeds a demo clinic: an admin, a clinician and a coordinator, and 20 patients at
// different stages (registered only, assessed, screened with each decision, plan proposed,
// plan approved, its series booked), two of them with portal accounts; the clinic's
// calendar in Amsterdam with two practitioners, two rooms and two pens. Idempotent: when the demo admin
// already exists nothing is written. Returns the documented logins (README).
// Patients past screening have signed their treatment and medical-record photograph consents.
Result<std::vector<DemoLogin>> SeedDemoClinic(AccountsService& accounts, RecordsService& records,
                                              ConsentService& consent);

}  // namespace scarwise::service
