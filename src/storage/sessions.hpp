#pragma once

// Sign-in sessions and the sign-in failures counted per (email, address).
// Reached through Transaction::Sessions() (storage/store.hpp), whose rules on errors and
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

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;

  // kAlreadyExists (field "token_hash") for a duplicate hash; kNotFound for an unknown user.
  virtual Result<Id> Create(const NewSession& session) = 0;
  // The user of a live session: the session exists, is not revoked, `now` < expires_at, and
  // the user is not disabled. kNotFound otherwise (an unauthenticated request: the caller
  // does not learn which). One indexed query: meant for every request.
  virtual Result<UserRecord> Authenticate(std::string_view token_hash, Instant now) = 0;
  // Marks the session revoked; kNotFound when there is none. Revoking twice is fine.
  virtual Result<void> Revoke(std::string_view token_hash) = 0;
  // Revokes every session of a user (password change, disabling); returns how many.
  virtual Result<int64_t> RevokeAllOfUser(Id user_id) = 0;
  // Deletes sessions that expired before `now`; returns how many.
  virtual Result<int64_t> DeleteExpired(Instant now) = 0;
  // The failures of (email_key, address); kNotFound when there are none.
  virtual Result<LoginFailureRecord> FindLoginFailures(std::string_view email_key, std::string_view address) = 0;
  // Counts one more failure at `now` (atomically, also across servers) and clears the
  // refusal mark; returns the row as it is now.
  virtual Result<LoginFailureRecord> RecordLoginFailure(std::string_view email_key, std::string_view address,
                                                        Instant now) = 0;
  // Marks that a throttled attempt was audited since the last failure. True when this call
  // set the mark (audit now), false when it was set already (or there is no row).
  virtual Result<bool> MarkLoginRefusalAudited(std::string_view email_key, std::string_view address) = 0;
  // Forgets the failures of (email_key, address) (a success). Fine when there are none.
  virtual Result<void> ClearLoginFailures(std::string_view email_key, std::string_view address) = 0;
  // Deletes failure rows whose last failure was before `before`; returns how many.
  virtual Result<int64_t> DeleteLoginFailuresBefore(Instant before) = 0;
};

}  // namespace scarwise::storage
