#pragma once

// Two-factor sign-in: TOTP enrolments, recovery codes and the clinic's sign-in policy.
// Reached through Transaction::TwoFactor() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

class TwoFactorRepository {
 public:
  virtual ~TwoFactorRepository() = default;

  // The account's TOTP enrolment; kNotFound when it has none.
  virtual Result<TwoFactorRecord> Find(Id user_id) = 0;
  // Stores the account's enrolment, replacing the one it had; kNotFound for an unknown user.
  virtual Result<void> Save(const TwoFactorRecord& record) = 0;
  // Records that the enabled enrolment's code of time step `step` was used. kConflict (field
  // "code") when a code of that step or a later one was used before (a replayed code, or two
  // sign-ins racing with one code: exactly one wins); kNotFound without an enabled enrolment.
  virtual Result<void> UseStep(Id user_id, int64_t step) = 0;
  // Deletes the account's enrolment and its recovery codes (nothing to delete is fine).
  virtual Result<void> Delete(Id user_id) = 0;
  // Replaces the account's recovery codes by these SHA-256 hashes (hex), all unused.
  virtual Result<void> ReplaceRecoveryCodes(Id user_id, std::span<const std::string> code_hashes,
                                            Instant created_at) = 0;
  // Marks the account's unused recovery code with this hash used; kNotFound when it has no
  // such unused code (wrong, or used before: each works once).
  virtual Result<void> UseRecoveryCode(Id user_id, std::string_view code_hash, Instant used_at) = 0;
  // How many of the account's recovery codes are unused.
  virtual Result<int64_t> CountRecoveryCodes(Id user_id) = 0;
  // The clinic's sign-in policy; all off when never saved.
  virtual Result<SecuritySettingsRecord> FindSecuritySettings() = 0;
  virtual Result<void> SaveSecuritySettings(const SecuritySettingsRecord& settings) = 0;
};

}  // namespace scarwise::storage
