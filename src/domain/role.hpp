#pragma once

// Who a signed-in user is to the clinic: three staff roles and the patient's portal account.
// The access matrix (service/access_policy) says what each may do; these are the names the
// roles have in the database, the API and the audit trail.

#include <array>

#include "common/enum_names.hpp"

namespace scarwise::domain {

enum class Role { kAdmin, kClinician, kCoordinator, kPatient };

constexpr std::array<Named<Role>, 4> NamesOf(Role) {
  return {{{Role::kAdmin, "admin"},
           {Role::kClinician, "clinician"},
           {Role::kCoordinator, "coordinator"},
           {Role::kPatient, "patient"}}};
}

}  // namespace scarwise::domain
