#pragma once

// The accounts service: signing in and out, sessions, staff and portal accounts, two-factor
// sign-in, the clinic's sign-in policy and the portal invitations patients open their
// accounts with (docs/security.md). Every API request is signed in here first (Authenticate).
// Each use case authorises the actor, runs in one storage transaction, appends its audit
// entry in that same transaction, and commits: a use case that fails leaves nothing behind.
// Bodies: accounts_service.cpp and accounts_two_factor.cpp.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "service/access_policy.hpp"
#include "service/record_access.hpp"
#include "service/session_cache.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

struct ServiceOptions {
  std::chrono::seconds session_lifetime{std::chrono::hours(12)};
  // Sign-in throttling per (e-mail address, client address) pair: after this many
  // consecutive failures of a pair, its next attempt waits login_first_delay after the last
  // failure, doubling with each further failure up to login_max_delay. Other addresses are
  // not slowed down, so guessing from one address cannot lock the account out.
  int login_free_failures = 3;
  std::chrono::seconds login_first_delay{1};
  std::chrono::seconds login_max_delay{std::chrono::minutes(15)};
  // How long the failures of a pair are kept after its last one (housekeeping).
  std::chrono::seconds login_failures_kept{std::chrono::days(1)};
  // How long an authenticated session is remembered without asking the database (see
  // SessionCache: a session revoked on another server instance lives this much longer
  // there). 0 turns the cache off.
  std::chrono::seconds session_cache_ttl{5};
  std::size_t session_cache_capacity = 10000;
  // Index each record's audit trail when nothing has been written for this long (see
  // GroupCommit); nullopt: never (queries by record then read the whole log).
  std::optional<std::chrono::milliseconds> index_audit_trail_when_idle;
  // How long a portal invitation's link works, and where its link points: the address
  // patients reach the web app at (`scarwise serve --public-url`).
  std::chrono::seconds invitation_lifetime{std::chrono::days(7)};
  std::string public_url = "http://127.0.0.1:8080";
  // Told after a commit that queued a message to send at once (a portal invitation), so the
  // outbox delivers it now rather than at its next periodic pass.
  std::function<void()> message_queued;
  // How long a POST's Idempotency-Key is remembered; a retry sent later is a new request.
  std::chrono::seconds idempotency_keys_kept{std::chrono::days(7)};
};

// What AccountsService::ForgetExpired removed.
struct Forgotten {
  int64_t sessions = 0;          // sign-in sessions past their expiry
  int64_t idempotency_keys = 0;  // keys older than ServiceOptions::idempotency_keys_kept
  int64_t login_failures = 0;    // (account, address) pairs quiet for login_failures_kept
};

struct SignedIn {
  std::string token;  // give to the client once; only its hash is stored
  storage::UserRecord user;
  storage::Instant expires_at{};
};

// What starting two-factor enrolment answers, once: the new TOTP secret for the account's
// authenticator app, as text, as an otpauth:// URI and as that URI's QR code (SVG).
struct TwoFactorEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
  std::string qr_svg;
};

// Where an account stands with two-factor sign-in.
struct TwoFactorStatus {
  bool enabled = false;             // sign-in asks for a code
  bool pending = false;             // enrolment started, not confirmed with a code yet
  bool required = false;            // the clinic requires it of staff accounts
  int64_t recovery_codes_left = 0;  // unused recovery codes
};

struct NewAccount {
  std::string email;
  std::string name;
  std::string role;  // admin | clinician | coordinator
  std::string password;
};

// A portal invitation as made: the account it opens and when its link stops working. The
// link's token goes only into the e-mail to the patient; the API never answers with it.
struct Invitation {
  storage::UserRecord account;
  std::string token;  // empty for a retried request (its e-mail already went out)
  storage::Instant expires_at{};
};

// True for a portal account whose patient has not yet chosen a password (an invitation waits).
bool AwaitsInvitation(const storage::UserRecord& user);

class AccountsService {
 public:
  // Owns the store's RecordAccess (its group commit), which the other services share
  // through access().
  AccountsService(storage::Store& store, const Clock& clock, ServiceOptions options = {});

  // ---- accounts ----
  // kUnauthenticated "wrong email or password" for an unknown address, a wrong password or a
  // disabled account alike: the same answer after the same argon2id work (an unknown
  // address is verified against DummyPasswordHash), so sign-in does not tell which
  // addresses have accounts. kResourceExhausted (with retry_after_seconds) while the pair
  // (email, client_address) is throttled (ServiceOptions::login_free_failures): the password
  // is then not checked. Each failure is audited; of the throttled attempts between two
  // failures only the first is. The throttle lives in the database, so every server sharing
  // it counts alike. For an account with two-factor sign-in on, once the password is right:
  // kUnauthenticated (field "code") without `code`, or when `code` is neither a current TOTP
  // code (6 digits, not used before) nor one of its unused recovery codes; a wrong code
  // counts as a failed sign-in of the pair.
  Result<SignedIn> Login(const std::string& email, const std::string& password, const std::string& request_id,
                         const std::string& client_address = "", const std::optional<std::string>& code = std::nullopt);
  // How long the pair waits after its last failure when it has `failures` (0: not throttled).
  std::chrono::seconds LoginDelay(int64_t failures) const;
  Result<void> Logout(const std::string& token, const std::string& request_id);
  // The actor of a live session token; kUnauthenticated otherwise.
  Result<Actor> Authenticate(const std::string& token);
  // Housekeeping (the server runs it every hour): deletes expired sign-in sessions, the
  // idempotency keys it no longer keeps and the sign-in failures of pairs quiet for
  // login_failures_kept, which hold nothing a clinic needs.
  Result<Forgotten> ForgetExpired();
  Result<storage::UserRecord> Me(const Request& request);
  // The signed-in user changes their password: the current one must be right
  // (kInvalidArgument "current_password"), the new one pass the strength check
  // ("new_password"). Every session of the account ends, a new one is opened for the caller
  // (answered like a sign-in), and the change is audited ("auth.password_change").
  Result<SignedIn> ChangePassword(const Request& request, const std::string& current_password,
                                  const std::string& new_password);
  // Staff: the patient's portal account, if any (kNotFound for an unknown patient).
  Result<std::optional<storage::UserRecord>> PortalAccount(const Request& request, storage::Id patient_id);
  // Account names and e-mail addresses (here and in CreatePortalAccount) must pass
  // CheckDisplayText: kInvalidArgument "name" or "email" for a control, bidirectional or
  // zero-width character.
  // Staff accounts: an admin creates them. `request.actor` absent means the operator at the
  // console (`scarwise user add`), which is how the first admin is made. With an idempotency
  // key (a signed-in admin's request), a retry gets the account the first request made.
  Result<storage::UserRecord> CreateStaffUser(const Request& request, const NewAccount& account,
                                              const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // Admin: every account (staff and patients' portal accounts) in id order, up to `limit`
  // (1-1000) after the id `after_id`.
  Result<std::vector<storage::UserRecord>> ListUsers(const Request& request, int limit, storage::Id after_id);
  // Admin: disables an account - it can no longer sign in and its open sessions end at
  // once - or enables it again. kConflict (field "disabled") for one's own account, so that
  // an admin cannot lock the clinic out by mistake. `request.actor` absent means the
  // operator at the console (`scarwise user disable|enable`).
  Result<storage::UserRecord> SetUserDisabled(const Request& request, storage::Id user_id, bool disabled);
  // Admin: gives a staff account another role (admin | clinician | coordinator), audited
  // ("user.role_change"). Its sessions stay open with the new role: at once on this server
  // (its session cache forgets the account), within the session cache's 5 seconds on the
  // others (they read the role with the session when their cached entry runs out).
  // kInvalidArgument (field "role") for another role; kConflict (field "role") for one's own
  // account (an admin cannot demote the last admin by mistake) or a patient's portal account.
  Result<storage::UserRecord> SetUserRole(const Request& request, storage::Id user_id, const std::string& role);

  // ---- two-factor sign-in (staff accounts, for themselves; accounts_two_factor.cpp) ----
  // kPermissionDenied for a patient's portal account: two-factor sign-in is for staff.
  Result<TwoFactorStatus> TwoFactor(const Request& request);
  // Starts (or restarts) enrolment with a new secret, pending until confirmed. kConflict
  // (field "two_factor") when two-factor sign-in is already on: turn it off first.
  Result<TwoFactorEnrolment> StartTwoFactor(const Request& request);
  // Turns two-factor sign-in on with a current code of the pending secret and answers the
  // account's kRecoveryCodeCount new recovery codes (only their hashes are kept: they are
  // shown this once). kInvalidArgument (field "code") for a wrong code; kConflict (field
  // "two_factor") without a pending enrolment.
  Result<std::vector<std::string>> ConfirmTwoFactor(const Request& request, const std::string& code);
  // Turns two-factor sign-in off (or drops a pending enrolment). With it on, `code` must be a
  // current TOTP code or an unused recovery code: kInvalidArgument (field "code") otherwise.
  // kConflict (field "two_factor") while the clinic requires it.
  Result<void> DisableTwoFactor(const Request& request, const std::optional<std::string>& code);
  // Admin: the clinic's sign-in policy, and changing it (audited). Off in a new database.
  Result<storage::SecuritySettingsRecord> SecuritySettings(const Request& request);
  Result<storage::SecuritySettingsRecord> SetSecuritySettings(const Request& request,
                                                              bool require_two_factor_for_staff);

  // Opens the patient's portal account by invitation, or invites again: a single-use link,
  // valid for ServiceOptions::invitation_lifetime, goes through the outbox to the patient's
  // own e-mail address (`email` must be the one on their record: kInvalidArgument, field
  // "email", for any other, so no one can invite themselves into a patient's record). Staff
  // never see or choose the password. Inviting again revokes the earlier links, ends the
  // account's sessions and voids its password until the patient chooses a new one. With an
  // idempotency key, a retry gets the account the first request made and sends nothing.
  Result<Invitation> InvitePatient(const Request& request, storage::Id patient_id, const std::string& email,
                                   const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // The patient chooses their password from the invitation's link: kInvalidArgument (field
  // "token") for a link that is unknown, used, revoked or expired - the same answer for each;
  // the password rules otherwise (field "password"). Uses the link up and ends any earlier
  // session of the account.
  Result<storage::UserRecord> AcceptInvitation(const std::string& token, const std::string& password,
                                               const std::string& request_id);

  // The shared use-case machinery (authorisation, audit, transactions) for the other
  // services of the same store: one per store, owned here.
  RecordAccess& access() { return access_; }
  // Today's date (UTC), from the service's clock.
  Date Today() const { return std::chrono::floor<std::chrono::days>(clock_.Now()); }

 private:
  storage::Instant Now() const { return clock_.Now(); }
  // Whether `user` (a staff account) must enrol before using the API: the clinic requires
  // two-factor sign-in and the account has not turned it on.
  Result<bool> MustEnrolTwoFactor(storage::Transaction& tx, const storage::UserRecord& user);
  // Inside a sign-in's unit of work: whether `code` is a current, unused TOTP code of the
  // account's enabled enrolment or one of its unused recovery codes, which it then uses up
  // (`recovery` tells which). False for anything else, including a replayed code.
  Result<bool> UseSecondFactor(storage::Transaction& tx, storage::Id user_id, const std::string& code, bool& recovery);

  storage::Store& store_;
  const Clock& clock_;
  ServiceOptions options_;
  RecordAccess access_;
  SessionCache sessions_;
};

}  // namespace scarwise::service
