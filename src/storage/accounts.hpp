#pragma once

// Staff users, portal accounts and their invitations.
// Reached through Transaction::Accounts() (storage/store.hpp), whose rules on errors and
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

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;

  // A new user; kAlreadyExists (field "email") when the email is taken, ignoring ASCII case;
  // kAlreadyExists (field "patient_id") when the patient already has a portal account;
  // kNotFound when patient_id names no patient; kInvalidArgument for an unknown role or a
  // role/patient_id mismatch (a "patient" user needs a patient_id, staff must have none).
  virtual Result<Id> CreateUser(const NewUser& user) = 0;
  virtual Result<UserRecord> FindUser(Id id) = 0;
  // Case-insensitive (ASCII) match on the whole email.
  virtual Result<UserRecord> FindUserByEmail(std::string_view email) = 0;
  // The portal account bound to a patient.
  virtual Result<UserRecord> FindPortalAccount(Id patient_id) = 0;
  // Staff and portal users in id order, `limit` (1-1000) after the id `after_id`.
  virtual Result<std::vector<UserRecord>> ListUsers(int limit, Id after_id) = 0;
  virtual Result<void> SetUserDisabled(Id id, bool disabled) = 0;
  // kNotFound for an unknown user.
  virtual Result<void> SetUserRole(Id id, domain::Role role) = 0;
  virtual Result<void> SetPasswordHash(Id id, std::string_view password_hash) = 0;
  // kAlreadyExists (field "token_hash") for a duplicate hash; kNotFound for an unknown user.
  virtual Result<Id> CreateInvitation(const NewInvitation& invitation) = 0;
  // The invitation of this token hash if it can still be accepted at `now`: not used, not
  // revoked, not expired. kNotFound otherwise (the caller does not learn which).
  virtual Result<InvitationRecord> FindLiveInvitation(std::string_view token_hash, Instant now) = 0;
  // Marks the invitation used at `now`; kConflict (field "token") when it was used or
  // revoked meanwhile (a second acceptance racing the first loses).
  virtual Result<void> UseInvitation(Id id, Instant now) = 0;
  // Revokes every unused invitation of a user (a new invitation, disabling); returns how many.
  virtual Result<int64_t> RevokeUserInvitations(Id user_id) = 0;
};

}  // namespace scarwise::storage
