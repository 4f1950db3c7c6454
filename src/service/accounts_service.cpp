// Accounts: signing in and out, sessions, staff accounts, and the portal accounts patients
// open by invitation (docs/security.md). AccountsService (service/accounts_service.hpp).
#include <algorithm>

#include "common/unicode_text.hpp"
#include "service/accounts_service.hpp"
#include "service/credentials.hpp"
#include "service/outbox.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Instant;
using storage::Transaction;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The password of a portal account whose patient has not yet chosen one: no password
// verifies against it (it is not an argon2id string).
constexpr const char* kNoPassword = "!no password: waiting for the patient to accept an invitation";

// An e-mail address: one '@' with text either side, no spaces or list separators, and
// nothing that hides or disguises characters (CheckDisplayText).
Result<void> CheckEmail(const std::string& email, const char* field) {
  if (auto shown = CheckDisplayText(email, field); !shown) return shown;
  const auto at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 == email.size() ||
      email.find_first_of(" \t\r\n<>,;") != std::string::npos) {
    return Unexpected(InvalidArgument(field, "is not an e-mail address"));
  }
  return {};
}

}  // namespace

// ---- accounts ---------------------------------------------------------------------------

AccountsService::AccountsService(storage::Store& store, const Clock& clock, ServiceOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      access_(store, clock, options.index_audit_trail_when_idle),
      sessions_(options.session_cache_ttl, options.session_cache_capacity) {
  (void)DummyPasswordHash();  // now, so that no sign-in ever waits for it (see Login)
}

std::chrono::seconds AccountsService::LoginDelay(int64_t failures) const {
  if (failures < options_.login_free_failures) return std::chrono::seconds(0);
  std::chrono::seconds delay = options_.login_first_delay;
  for (int64_t i = options_.login_free_failures; i < failures && delay < options_.login_max_delay; ++i) delay *= 2;
  return std::min(delay, options_.login_max_delay);
}

Result<SignedIn> AccountsService::Login(const std::string& email, const std::string& password,
                                        const std::string& request_id, const std::string& client_address,
                                        const std::optional<std::string>& code) {
  const std::string key = Lower(email);
  const Instant now = Now();
  const Request anonymous{std::nullopt, request_id};
  const auto audit_refusal = [&](Transaction& tx, std::string outcome) -> Result<void> {
    SCARWISE_RETURN_IF_ERROR(
        tx.AuditLog().Append(AuditEntry(anonymous, now, "auth.login", "", std::nullopt, std::move(outcome))));
    return {};
  };
  // Look the user and the pair's failures up, then verify the password outside any
  // transaction (argon2id takes ~55 ms and must not hold the database's write lock).
  std::optional<storage::UserRecord> user;
  std::optional<storage::LoginFailureRecord> failures;
  bool two_factor = false;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
    auto found_failures = tx->Sessions().FindLoginFailures(key, client_address);
    if (found_failures) {
      failures = std::move(*found_failures);
    } else if (found_failures.error().code != ErrorCode::kNotFound) {
      return Unexpected(std::move(found_failures).error());
    }
    auto found = tx->Accounts().FindUserByEmail(email);
    if (found) {
      user = std::move(*found);
    } else if (found.error().code != ErrorCode::kNotFound) {
      return Unexpected(std::move(found).error());
    }
    if (user) {
      auto enrolment = tx->TwoFactor().Find(user->id);
      if (enrolment) {
        two_factor = enrolment->enabled;
      } else if (enrolment.error().code != ErrorCode::kNotFound) {
        return Unexpected(std::move(enrolment).error());
      }
    }
  }
  if (failures) {
    const Instant until = failures->last_failure_at + LoginDelay(failures->failures);
    if (now < until) {
      // One audit entry per burst of throttled attempts: a flood of them must not flood the log.
      if (!failures->refusal_audited) {
        const auto audit_throttled = [&](Transaction& tx) -> Result<void> {
          SCARWISE_ASSIGN_OR_RETURN(auto first, tx.Sessions().MarkLoginRefusalAudited(key, client_address));
          return first ? audit_refusal(tx, "resource_exhausted") : Result<void>{};
        };
        SCARWISE_RETURN_IF_ERROR(access_.Write<void>(audit_throttled));
      }
      const auto wait = std::chrono::ceil<std::chrono::seconds>(until - now);
      Error error{
          ErrorCode::kResourceExhausted,
          "too many failed sign-ins from this address; try again in " + std::to_string(wait.count()) + " seconds", ""};
      error.retry_after_seconds = static_cast<int>(std::max<int64_t>(1, wait.count()));
      return Unexpected(std::move(error));
    }
  }
  // An unknown address is verified against a hash nobody's password matches: the same
  // argon2id work, time and answer as a known address with a wrong password (no oracle of
  // which addresses have accounts).
  const bool verified = VerifyPassword(user ? user->password_hash : DummyPasswordHash(), password);
  if (!user || !verified || user->disabled) {
    const auto record_failure = [&](Transaction& tx) -> Result<void> {
      SCARWISE_RETURN_IF_ERROR(tx.Sessions().RecordLoginFailure(key, client_address, now));
      return audit_refusal(tx, "unauthenticated");
    };
    SCARWISE_RETURN_IF_ERROR(access_.Write<void>(record_failure));
    return Unexpected(Unauthenticated("wrong email or password"));
  }
  // Only now, with the password verified, may the answer say that a code is needed.
  const bool without_code = !code || code->empty();
  if (two_factor && without_code) {
    SCARWISE_RETURN_IF_ERROR(access_.Write<void>([&](Transaction& tx) { return audit_refusal(tx, "code_required"); }));
    return Unexpected(::scarwise::Unauthenticated(
        "code", "enter the 6-digit code from your authenticator app, or one of your recovery codes"));
  }
  const Request signed_in{Actor{user->id, user->role, user->patient_id}, request_id};
  const std::string token = NewSessionToken();
  const Instant expires = now + options_.session_lifetime;
  // The code is checked and used up in the same unit of work that opens the session, so a
  // code cannot open two sessions even when two sign-ins race with it; a wrong code counts as
  // a failed sign-in of the pair.
  auto stored = access_.Write<bool>([&](Transaction& tx) -> Result<bool> {
    bool recovery = false;
    if (two_factor) {
      SCARWISE_ASSIGN_OR_RETURN(auto second, UseSecondFactor(tx, user->id, *code, recovery));
      if (!second) {
        SCARWISE_RETURN_IF_ERROR(tx.Sessions().RecordLoginFailure(key, client_address, now));
        SCARWISE_RETURN_IF_ERROR(
            tx.AuditLog().Append(AuditEntry(anonymous, now, "auth.login", "user", user->id, "wrong_two_factor_code")));
        return false;
      }
    }
    if (failures) {
      SCARWISE_RETURN_IF_ERROR(tx.Sessions().ClearLoginFailures(key, client_address));
    }
    SCARWISE_RETURN_IF_ERROR(tx.Sessions().Create({TokenHash(token), user->id, now, expires}));
    if (recovery) {
      SCARWISE_RETURN_IF_ERROR(
          tx.AuditLog().Append(AuditEntry(signed_in, now, "two_factor.recovery_code_used", "user", user->id)));
    }
    SCARWISE_RETURN_IF_ERROR(tx.AuditLog().Append(AuditEntry(signed_in, now, "auth.login", "user", user->id)));
    return true;
  });
  if (!stored) return Unexpected(stored.error());
  if (!*stored) return Unexpected(::scarwise::Unauthenticated("code", "the code is wrong or was already used"));
  return SignedIn{token, *user, expires};
}

Result<Forgotten> AccountsService::ForgetExpired() {
  const Instant now = Now();
  return access_.Write<Forgotten>([&](Transaction& tx) -> Result<Forgotten> {
    SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.Sessions().DeleteExpired(now));
    SCARWISE_ASSIGN_OR_RETURN(auto keys, tx.Idempotency().DeleteBefore(now - options_.idempotency_keys_kept));
    SCARWISE_ASSIGN_OR_RETURN(auto failures,
                              tx.Sessions().DeleteLoginFailuresBefore(now - options_.login_failures_kept));
    return Forgotten{sessions, keys, failures};
  });
}

Result<void> AccountsService::Logout(const std::string& token, const std::string& request_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto actor, Authenticate(token));
  const Request request{actor, request_id};
  sessions_.Forget(TokenHash(token));
  return access_.Write<void>([&](Transaction& tx) -> Result<void> {
    if (auto revoked = tx.Sessions().Revoke(TokenHash(token)); !revoked) return revoked;
    SCARWISE_RETURN_IF_ERROR(tx.AuditLog().Append(AuditEntry(request, Now(), "auth.logout", "user", actor.user_id)));
    return {};
  });
}

Result<Actor> AccountsService::Authenticate(const std::string& token) {
  if (token.empty()) return Unexpected(Unauthenticated());
  const std::string hash = TokenHash(token);
  const Instant now = Now();
  if (auto known = sessions_.Find(hash, now)) return *known;
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
  auto user = tx->Sessions().Authenticate(hash, now);
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound)
      return Unexpected(Unauthenticated("the session is not valid; sign in"));
    return Unexpected(std::move(user).error());
  }
  Actor actor{user->id, user->role, user->patient_id};
  SCARWISE_ASSIGN_OR_RETURN(auto must_enrol, MustEnrolTwoFactor(*tx, *user));
  actor.must_enrol_two_factor = must_enrol;
  sessions_.Remember(hash, actor, now);
  return actor;
}

Result<storage::UserRecord> AccountsService::Me(const Request& request) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
  return tx->Accounts().FindUser(request.actor->user_id);
}

bool AwaitsInvitation(const storage::UserRecord& user) {
  return user.password_hash == kNoPassword;
}

Result<SignedIn> AccountsService::ChangePassword(const Request& request, const std::string& current_password,
                                                 const std::string& new_password) {
  if (!request.actor) return Unexpected(Unauthenticated());
  const Id user_id = request.actor->user_id;
  std::string stored_hash;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_ASSIGN_OR_RETURN(const auto user, tx->Accounts().FindUser(user_id));
    stored_hash = user.password_hash;
  }
  // argon2id outside any transaction (~55 ms each).
  if (!VerifyPassword(stored_hash, current_password)) {
    return Unexpected(InvalidArgument("current_password", "is not your current password"));
  }
  if (new_password == current_password) {
    return Unexpected(InvalidArgument("new_password", "must differ from the current password"));
  }
  SCARWISE_RETURN_IF_ERROR(CheckPasswordStrength(new_password, "new_password"));
  SCARWISE_ASSIGN_OR_RETURN(const std::string hash, HashPassword(new_password));
  const Instant now = Now();
  const std::string token = NewSessionToken();
  const Instant expires = now + options_.session_lifetime;
  SCARWISE_ASSIGN_OR_RETURN(
      auto user, access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
        SCARWISE_RETURN_IF_ERROR(tx.Accounts().SetPasswordHash(user_id, hash));
        SCARWISE_RETURN_IF_ERROR(tx.Sessions().RevokeAllOfUser(user_id));
        SCARWISE_RETURN_IF_ERROR(tx.Sessions().Create({TokenHash(token), user_id, now, expires}));
        SCARWISE_RETURN_IF_ERROR(
            tx.AuditLog().Append(AuditEntry(request, now, "auth.password_change", "user", user_id)));
        return tx.Accounts().FindUser(user_id);
      }));
  sessions_.ForgetUser(user_id);  // sessions remembered before the commit end too
  return SignedIn{token, std::move(user), expires};
}

Result<std::optional<storage::UserRecord>> AccountsService::PortalAccount(const Request& request, Id patient_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPortalAccountCreate, patient_id));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
  SCARWISE_RETURN_IF_ERROR(tx->Patients().Find(patient_id));
  auto account = tx->Accounts().FindPortalAccount(patient_id);
  if (!account) {
    if (account.error().code == ErrorCode::kNotFound) return std::optional<storage::UserRecord>();
    return Unexpected(std::move(account).error());
  }
  return std::optional<storage::UserRecord>(std::move(*account));
}

Result<storage::UserRecord> AccountsService::CreateStaffUser(const Request& request, const NewAccount& account,
                                                             const std::optional<IdempotencyKey>& idempotency) {
  if (request.actor) {
    SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kUserCreate));
  }
  const auto role = FromName<Role>(account.role);
  if (!role || *role == Role::kPatient) {
    return Unexpected(InvalidArgument("role", "must be one of admin, clinician, coordinator"));
  }
  SCARWISE_RETURN_IF_ERROR(CheckEmail(account.email, "email"));
  if (account.name.find_first_not_of(" \t") == std::string::npos || account.name.size() > 200) {
    return Unexpected(InvalidArgument("name", "must be 1 to 200 characters"));
  }
  SCARWISE_RETURN_IF_ERROR(CheckDisplayText(account.name, "name"));
  SCARWISE_RETURN_IF_ERROR(CheckPasswordStrength(account.password, "password"));
  SCARWISE_ASSIGN_OR_RETURN(auto hash, HashPassword(account.password));
  const Instant now = Now();
  // The console's operator has no account to remember a key for.
  const std::optional<IdempotencyKey> key = request.actor ? idempotency : std::nullopt;
  return access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    const Id by = request.actor ? request.actor->user_id : 0;
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, by, key));
    if (earlier) return tx.Accounts().FindUser(*earlier);
    SCARWISE_ASSIGN_OR_RETURN(auto id,
                              tx.Accounts().CreateUser({account.email, account.name, *role, hash, std::nullopt, now}));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, by, key, id, now));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kUserCreate, "user", id));
    return tx.Accounts().FindUser(id);
  });
}

Result<std::vector<storage::UserRecord>> AccountsService::ListUsers(const Request& request, int limit, Id after_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kUserList));
  return access_.ReadThenAudit<std::vector<storage::UserRecord>>(
      request, Action::kUserList, "users", std::nullopt,
      [&](Transaction& tx) { return tx.Accounts().ListUsers(limit, after_id); });
}

Result<storage::UserRecord> AccountsService::SetUserDisabled(const Request& request, Id user_id, bool disabled) {
  const Action action = disabled ? Action::kUserDisable : Action::kUserEnable;
  if (request.actor) {
    SCARWISE_RETURN_IF_ERROR(access_.Permit(request, action));
    if (user_id == request.actor->user_id) {
      return Unexpected(Conflict("disabled", "an admin cannot disable or enable their own account"));
    }
  }
  const Instant now = Now();
  auto user = access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    SCARWISE_RETURN_IF_ERROR(tx.Accounts().SetUserDisabled(user_id, disabled));
    if (disabled) {
      SCARWISE_RETURN_IF_ERROR(tx.Sessions().RevokeAllOfUser(user_id));
      SCARWISE_RETURN_IF_ERROR(tx.Accounts().RevokeUserInvitations(user_id));
      // A disabled portal account's calendar feeds stop too: their tokens sit in calendar apps.
      SCARWISE_ASSIGN_OR_RETURN(auto account, tx.Accounts().FindUser(user_id));
      if (account.patient_id) {
        SCARWISE_RETURN_IF_ERROR(tx.CalendarFeeds().RevokeAll(*account.patient_id, now));
      }
    }
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, action, "user", user_id));
    return tx.Accounts().FindUser(user_id);
  });
  if (user && disabled) sessions_.ForgetUser(user_id);  // sessions remembered before the commit end too
  return user;
}

Result<storage::UserRecord> AccountsService::SetUserRole(const Request& request, Id user_id, const std::string& role) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kUserRoleChange));
  const auto staff_role = FromName<Role>(role);
  if (!staff_role || *staff_role == Role::kPatient) {
    return Unexpected(InvalidArgument("role", "must be admin, clinician or coordinator"));
  }
  if (user_id == request.actor->user_id) {
    return Unexpected(Conflict("role", "an admin cannot change their own role"));
  }
  const Instant now = Now();
  auto user = access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto account, tx.Accounts().FindUser(user_id));
    if (account.patient_id || account.role == Role::kPatient) {
      return Unexpected(Conflict("role", "a patient's portal account has no staff role"));
    }
    SCARWISE_RETURN_IF_ERROR(tx.Accounts().SetUserRole(user_id, *staff_role));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kUserRoleChange, "user", user_id));
    return tx.Accounts().FindUser(user_id);
  });
  if (user) sessions_.ForgetUser(user_id);  // this server's cached role goes at once
  return user;
}

// ---- portal invitations ------------------------------------------------------------------

Result<Invitation> AccountsService::InvitePatient(const Request& request, Id patient_id, const std::string& email,
                                                  const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPortalAccountCreate, patient_id));
  SCARWISE_RETURN_IF_ERROR(CheckEmail(email, "email"));
  const Instant now = Now();
  const std::string token = NewSessionToken();
  Invitation made{{}, token, now + options_.invitation_lifetime};
  auto account = access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
    if (earlier) {
      made.token.clear();
      return tx.Accounts().FindUser(*earlier);
    }
    SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
    if (patient.details.email.empty()) {
      return Unexpected(
          InvalidArgument("email", "the patient's record has no e-mail address; add it to the record first"));
    }
    if (Lower(patient.details.email) != Lower(email)) {
      return Unexpected(InvalidArgument(
          "email", "must be the e-mail address on the patient's record; change the record first if it is out of date"));
    }
    Id account_id = 0;
    if (auto existing = tx.Accounts().FindPortalAccount(patient_id); existing) {
      // Inviting again: the old links and sessions end, and so does the old password.
      account_id = existing->id;
      SCARWISE_RETURN_IF_ERROR(tx.Accounts().RevokeUserInvitations(account_id));
      SCARWISE_RETURN_IF_ERROR(tx.Sessions().RevokeAllOfUser(account_id));
      SCARWISE_RETURN_IF_ERROR(tx.Accounts().SetPasswordHash(account_id, kNoPassword));
    } else if (existing.error().code != ErrorCode::kNotFound) {
      return Unexpected(std::move(existing).error());
    } else {
      const std::string name = patient.details.given_name + " " + patient.details.family_name;
      SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Accounts().CreateUser({patient.details.email, name, Role::kPatient,
                                                                   kNoPassword, patient_id, now}));
      account_id = id;
    }
    auto user = tx.Accounts().FindUser(account_id);
    if (!user) return user;
    SCARWISE_ASSIGN_OR_RETURN(
        auto invitation,
        tx.Accounts().CreateInvitation({account_id, TokenHash(token), request.actor->user_id, now, made.expires_at}));
    const std::string link = options_.public_url + "/invitation#token=" + token;
    SCARWISE_RETURN_IF_ERROR(InviteToPortal(tx, patient.details.email, *user, invitation, link, made.expires_at, now));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, account_id, now));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPortalAccountCreate, "patient", patient_id));
    return user;
  });
  if (!account) return Unexpected(std::move(account).error());
  sessions_.ForgetUser(account->id);  // sessions remembered before the commit end too
  made.account = std::move(*account);
  if (!made.token.empty() && options_.message_queued) options_.message_queued();
  return made;
}

Result<storage::UserRecord> AccountsService::AcceptInvitation(const std::string& token, const std::string& password,
                                                              const std::string& request_id) {
  const Error unusable = InvalidArgument(
      "token", "this invitation link is not valid any more (used, replaced or expired); ask the clinic for a new one");
  if (token.empty() || token.size() > 128) return Unexpected(unusable);
  SCARWISE_RETURN_IF_ERROR(CheckPasswordStrength(password, "password"));
  auto hash = HashPassword(password);  // outside the transaction: argon2id takes ~55 ms
  if (!hash) return Unexpected(std::move(hash).error());
  const Instant now = Now();
  auto account = access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    auto invitation = tx.Accounts().FindLiveInvitation(TokenHash(token), now);
    if (!invitation) {
      return Unexpected(invitation.error().code == ErrorCode::kNotFound ? unusable : std::move(invitation).error());
    }
    const Id account_id = invitation->invitation.user_id;
    if (auto used = tx.Accounts().UseInvitation(invitation->id, now); !used) {
      return Unexpected(used.error().code == ErrorCode::kConflict ? unusable : used.error());
    }
    SCARWISE_RETURN_IF_ERROR(tx.Accounts().SetPasswordHash(account_id, *hash));
    SCARWISE_RETURN_IF_ERROR(tx.Sessions().RevokeAllOfUser(account_id));
    auto user = tx.Accounts().FindUser(account_id);
    if (!user) return user;
    const Request patient{Actor{user->id, Role::kPatient, user->patient_id}, request_id};
    SCARWISE_RETURN_IF_ERROR(
        tx.AuditLog().Append(AuditEntry(patient, now, "portal_invitation.accept", "user", user->id)));
    return user;
  });
  if (account) sessions_.ForgetUser(account->id);
  return account;
}

}  // namespace scarwise::service
