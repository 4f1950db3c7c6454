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
    auto appended = tx.AppendAudit(AuditEntry(anonymous, now, "auth.login", "", std::nullopt, std::move(outcome)));
    if (!appended) return Unexpected(std::move(appended).error());
    return {};
  };
  // Look the user and the pair's failures up, then verify the password outside any
  // transaction (argon2id takes ~55 ms and must not hold the database's write lock).
  std::optional<storage::UserRecord> user;
  std::optional<storage::LoginFailureRecord> failures;
  bool two_factor = false;
  {
    auto tx = store_.Begin(storage::TransactionMode::kReadOnly);
    if (!tx) return Unexpected(std::move(tx).error());
    auto found_failures = (*tx)->FindLoginFailures(key, client_address);
    if (found_failures) {
      failures = std::move(*found_failures);
    } else if (found_failures.error().code != ErrorCode::kNotFound) {
      return Unexpected(std::move(found_failures).error());
    }
    auto found = (*tx)->FindUserByEmail(email);
    if (found) {
      user = std::move(*found);
    } else if (found.error().code != ErrorCode::kNotFound) {
      return Unexpected(std::move(found).error());
    }
    if (user) {
      auto enrolment = (*tx)->FindTwoFactor(user->id);
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
        auto audited = access_.Write<void>([&](Transaction& tx) -> Result<void> {
          auto first = tx.MarkLoginRefusalAudited(key, client_address);
          if (!first) return Unexpected(std::move(first).error());
          return *first ? audit_refusal(tx, "resource_exhausted") : Result<void>{};
        });
        if (!audited) return Unexpected(audited.error());
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
    auto audited = access_.Write<void>([&](Transaction& tx) -> Result<void> {
      auto counted = tx.RecordLoginFailure(key, client_address, now);
      if (!counted) return Unexpected(std::move(counted).error());
      return audit_refusal(tx, "unauthenticated");
    });
    if (!audited) return Unexpected(audited.error());
    return Unexpected(Unauthenticated("wrong email or password"));
  }
  // Only now, with the password verified, may the answer say that a code is needed.
  const bool without_code = !code || code->empty();
  if (two_factor && without_code) {
    auto audited = access_.Write<void>([&](Transaction& tx) { return audit_refusal(tx, "code_required"); });
    if (!audited) return Unexpected(audited.error());
    return Unexpected(Error{ErrorCode::kUnauthenticated,
                            "enter the 6-digit code from your authenticator app, or one of your recovery codes",
                            "code"});
  }
  const Request signed_in{Actor{user->id, RoleFromName(user->role).value_or(Role::kPatient), user->patient_id},
                          request_id};
  const std::string token = NewSessionToken();
  const Instant expires = now + options_.session_lifetime;
  // The code is checked and used up in the same unit of work that opens the session, so a
  // code cannot open two sessions even when two sign-ins race with it; a wrong code counts as
  // a failed sign-in of the pair.
  auto stored = access_.Write<bool>([&](Transaction& tx) -> Result<bool> {
    bool recovery = false;
    if (two_factor) {
      auto second = UseSecondFactor(tx, user->id, *code, recovery);
      if (!second) return Unexpected(std::move(second).error());
      if (!*second) {
        auto counted = tx.RecordLoginFailure(key, client_address, now);
        if (!counted) return Unexpected(std::move(counted).error());
        auto appended =
            tx.AppendAudit(AuditEntry(anonymous, now, "auth.login", "user", user->id, "wrong_two_factor_code"));
        if (!appended) return Unexpected(std::move(appended).error());
        return false;
      }
    }
    if (failures) {
      if (auto cleared = tx.ClearLoginFailures(key, client_address); !cleared) return Unexpected(cleared.error());
    }
    auto session = tx.CreateSession({TokenHash(token), user->id, now, expires});
    if (!session) return Unexpected(std::move(session).error());
    if (recovery) {
      auto used = tx.AppendAudit(AuditEntry(signed_in, now, "two_factor.recovery_code_used", "user", user->id));
      if (!used) return Unexpected(std::move(used).error());
    }
    auto appended = tx.AppendAudit(AuditEntry(signed_in, now, "auth.login", "user", user->id));
    if (!appended) return Unexpected(std::move(appended).error());
    return true;
  });
  if (!stored) return Unexpected(stored.error());
  if (!*stored) return Unexpected(Error{ErrorCode::kUnauthenticated, "the code is wrong or was already used", "code"});
  return SignedIn{token, *user, expires};
}

Result<Forgotten> AccountsService::ForgetExpired() {
  const Instant now = Now();
  return access_.Write<Forgotten>([&](Transaction& tx) -> Result<Forgotten> {
    auto sessions = tx.DeleteExpiredSessions(now);
    if (!sessions) return Unexpected(std::move(sessions).error());
    auto keys = tx.DeleteIdempotencyBefore(now - options_.idempotency_keys_kept);
    if (!keys) return Unexpected(std::move(keys).error());
    auto failures = tx.DeleteLoginFailuresBefore(now - options_.login_failures_kept);
    if (!failures) return Unexpected(std::move(failures).error());
    return Forgotten{*sessions, *keys, *failures};
  });
}

Result<void> AccountsService::Logout(const std::string& token, const std::string& request_id) {
  auto actor = Authenticate(token);
  if (!actor) return Unexpected(actor.error());
  const Request request{*actor, request_id};
  sessions_.Forget(TokenHash(token));
  return access_.Write<void>([&](Transaction& tx) -> Result<void> {
    if (auto revoked = tx.RevokeSession(TokenHash(token)); !revoked) return revoked;
    auto appended = tx.AppendAudit(AuditEntry(request, Now(), "auth.logout", "user", actor->user_id));
    if (!appended) return Unexpected(std::move(appended).error());
    return {};
  });
}

Result<Actor> AccountsService::Authenticate(const std::string& token) {
  if (token.empty()) return Unexpected(Unauthenticated());
  const std::string hash = TokenHash(token);
  const Instant now = Now();
  if (auto known = sessions_.Find(hash, now)) return *known;
  auto tx = store_.Begin(storage::TransactionMode::kReadOnly);
  if (!tx) return Unexpected(std::move(tx).error());
  auto user = (*tx)->AuthenticateSession(hash, now);
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound)
      return Unexpected(Unauthenticated("the session is not valid; sign in"));
    return Unexpected(std::move(user).error());
  }
  const auto role = RoleFromName(user->role);
  if (!role) return Unexpected(Error{ErrorCode::kInternal, "stored user has an unknown role", ""});
  Actor actor{user->id, *role, user->patient_id};
  auto must_enrol = MustEnrolTwoFactor(**tx, *user);
  if (!must_enrol) return Unexpected(std::move(must_enrol).error());
  actor.must_enrol_two_factor = *must_enrol;
  sessions_.Remember(hash, actor, now);
  return actor;
}

Result<storage::UserRecord> AccountsService::Me(const Request& request) {
  if (!request.actor) return Unexpected(Unauthenticated());
  auto tx = store_.Begin(storage::TransactionMode::kReadOnly);
  if (!tx) return Unexpected(std::move(tx).error());
  return (*tx)->FindUser(request.actor->user_id);
}

Result<storage::UserRecord> AccountsService::CreateStaffUser(const Request& request, const NewAccount& account,
                                                             const std::optional<IdempotencyKey>& idempotency) {
  if (request.actor) {
    if (auto allowed = access_.Permit(request, Action::kUserCreate); !allowed) return Unexpected(allowed.error());
  }
  const auto role = RoleFromName(account.role);
  if (!role || *role == Role::kPatient) {
    return Unexpected(InvalidArgument("role", "must be one of admin, clinician, coordinator"));
  }
  if (auto ok = CheckEmail(account.email, "email"); !ok) return Unexpected(ok.error());
  if (account.name.find_first_not_of(" \t") == std::string::npos || account.name.size() > 200) {
    return Unexpected(InvalidArgument("name", "must be 1 to 200 characters"));
  }
  if (auto shown = CheckDisplayText(account.name, "name"); !shown) return Unexpected(shown.error());
  if (auto ok = CheckPasswordStrength(account.password, "password"); !ok) return Unexpected(ok.error());
  auto hash = HashPassword(account.password);
  if (!hash) return Unexpected(std::move(hash).error());
  const Instant now = Now();
  // The console's operator has no account to remember a key for.
  const std::optional<IdempotencyKey> key = request.actor ? idempotency : std::nullopt;
  return access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    const Id by = request.actor ? request.actor->user_id : 0;
    auto earlier = EarlierCreation(tx, by, key);
    if (!earlier) return Unexpected(std::move(earlier).error());
    if (*earlier) return tx.FindUser(**earlier);
    auto id = tx.CreateUser({account.email, account.name, account.role, *hash, std::nullopt, now});
    if (!id) return Unexpected(std::move(id).error());
    if (auto remembered = RememberCreation(tx, by, key, *id, now); !remembered) return Unexpected(remembered.error());
    if (auto a = Audit(tx, request, now, Action::kUserCreate, "user", *id); !a) return Unexpected(a.error());
    return tx.FindUser(*id);
  });
}

Result<std::vector<storage::UserRecord>> AccountsService::ListUsers(const Request& request, int limit, Id after_id) {
  if (auto allowed = access_.Permit(request, Action::kUserList); !allowed) return Unexpected(allowed.error());
  return access_.ReadThenAudit<std::vector<storage::UserRecord>>(
      request, Action::kUserList, "users", std::nullopt,
      [&](Transaction& tx) { return tx.ListUsers(limit, after_id); });
}

Result<storage::UserRecord> AccountsService::SetUserDisabled(const Request& request, Id user_id, bool disabled) {
  const Action action = disabled ? Action::kUserDisable : Action::kUserEnable;
  if (request.actor) {
    if (auto allowed = access_.Permit(request, action); !allowed) return Unexpected(allowed.error());
    if (user_id == request.actor->user_id) {
      return Unexpected(Error{ErrorCode::kConflict, "an admin cannot disable or enable their own account", "disabled"});
    }
  }
  const Instant now = Now();
  auto user = access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    if (auto set = tx.SetUserDisabled(user_id, disabled); !set) return Unexpected(std::move(set).error());
    if (disabled) {
      if (auto revoked = tx.RevokeUserSessions(user_id); !revoked) return Unexpected(std::move(revoked).error());
      if (auto revoked = tx.RevokeUserInvitations(user_id); !revoked) return Unexpected(std::move(revoked).error());
      // A disabled portal account's calendar feeds stop too: their tokens sit in calendar apps.
      auto account = tx.FindUser(user_id);
      if (!account) return Unexpected(std::move(account).error());
      if (account->patient_id) {
        auto feeds = tx.RevokeCalendarFeeds(*account->patient_id, now);
        if (!feeds) return Unexpected(std::move(feeds).error());
      }
    }
    if (auto a = Audit(tx, request, now, action, "user", user_id); !a) return Unexpected(a.error());
    return tx.FindUser(user_id);
  });
  if (user && disabled) sessions_.ForgetUser(user_id);  // sessions remembered before the commit end too
  return user;
}

// ---- portal invitations ------------------------------------------------------------------

Result<Invitation> AccountsService::InvitePatient(const Request& request, Id patient_id, const std::string& email,
                                                  const std::optional<IdempotencyKey>& idempotency) {
  if (auto allowed = access_.Permit(request, Action::kPortalAccountCreate, patient_id); !allowed) {
    return Unexpected(allowed.error());
  }
  if (auto ok = CheckEmail(email, "email"); !ok) return Unexpected(ok.error());
  const Instant now = Now();
  const std::string token = NewSessionToken();
  Invitation made{{}, token, now + options_.invitation_lifetime};
  auto account = access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    auto earlier = EarlierCreation(tx, request.actor->user_id, idempotency);
    if (!earlier) return Unexpected(std::move(earlier).error());
    if (*earlier) {
      made.token.clear();
      return tx.FindUser(**earlier);
    }
    auto patient = tx.FindPatient(patient_id);
    if (!patient) return Unexpected(std::move(patient).error());
    if (patient->details.email.empty()) {
      return Unexpected(
          InvalidArgument("email", "the patient's record has no e-mail address; add it to the record first"));
    }
    if (Lower(patient->details.email) != Lower(email)) {
      return Unexpected(InvalidArgument(
          "email", "must be the e-mail address on the patient's record; change the record first if it is out of date"));
    }
    Id account_id = 0;
    if (auto existing = tx.FindPortalAccount(patient_id); existing) {
      // Inviting again: the old links and sessions end, and so does the old password.
      account_id = existing->id;
      if (auto revoked = tx.RevokeUserInvitations(account_id); !revoked) return Unexpected(std::move(revoked).error());
      if (auto revoked = tx.RevokeUserSessions(account_id); !revoked) return Unexpected(std::move(revoked).error());
      if (auto voided = tx.SetPasswordHash(account_id, kNoPassword); !voided) return Unexpected(voided.error());
    } else if (existing.error().code != ErrorCode::kNotFound) {
      return Unexpected(std::move(existing).error());
    } else {
      const std::string name = patient->details.given_name + " " + patient->details.family_name;
      auto id = tx.CreateUser({patient->details.email, name, storage::kRolePatient, kNoPassword, patient_id, now});
      if (!id) return Unexpected(std::move(id).error());
      account_id = *id;
    }
    auto user = tx.FindUser(account_id);
    if (!user) return user;
    auto invitation = tx.CreateInvitation({account_id, TokenHash(token), request.actor->user_id, now, made.expires_at});
    if (!invitation) return Unexpected(std::move(invitation).error());
    const std::string link = options_.public_url + "/invitation#token=" + token;
    if (auto mailed = InviteToPortal(tx, patient->details.email, *user, *invitation, link, made.expires_at, now);
        !mailed) {
      return Unexpected(mailed.error());
    }
    if (auto remembered = RememberCreation(tx, request.actor->user_id, idempotency, account_id, now); !remembered) {
      return Unexpected(remembered.error());
    }
    if (auto a = Audit(tx, request, now, Action::kPortalAccountCreate, "patient", patient_id); !a) {
      return Unexpected(a.error());
    }
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
  if (auto ok = CheckPasswordStrength(password, "password"); !ok) return Unexpected(ok.error());
  auto hash = HashPassword(password);  // outside the transaction: argon2id takes ~55 ms
  if (!hash) return Unexpected(std::move(hash).error());
  const Instant now = Now();
  auto account = access_.Write<storage::UserRecord>([&](Transaction& tx) -> Result<storage::UserRecord> {
    auto invitation = tx.FindLiveInvitation(TokenHash(token), now);
    if (!invitation) {
      return Unexpected(invitation.error().code == ErrorCode::kNotFound ? unusable : std::move(invitation).error());
    }
    const Id account_id = invitation->invitation.user_id;
    if (auto used = tx.UseInvitation(invitation->id, now); !used) {
      return Unexpected(used.error().code == ErrorCode::kConflict ? unusable : used.error());
    }
    if (auto set = tx.SetPasswordHash(account_id, *hash); !set) return Unexpected(set.error());
    if (auto revoked = tx.RevokeUserSessions(account_id); !revoked) return Unexpected(std::move(revoked).error());
    auto user = tx.FindUser(account_id);
    if (!user) return user;
    const Request patient{Actor{user->id, Role::kPatient, user->patient_id}, request_id};
    auto appended = tx.AppendAudit(AuditEntry(patient, now, "portal_invitation.accept", "user", user->id));
    if (!appended) return Unexpected(std::move(appended).error());
    return user;
  });
  if (account) sessions_.ForgetUser(account->id);
  return account;
}

}  // namespace scarwise::service
