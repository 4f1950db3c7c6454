// Staff two-factor sign-in: enrolment, confirmation with a code, turning it off, the
// clinic's policy, and the checks that sign-in and authentication make (see
// docs/security.md, "Two-factor sign-in").
#include "service/accounts_service.hpp"
#include "service/two_factor.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Instant;
using storage::Transaction;

// Two-factor sign-in is for staff accounts; kUnauthenticated without an actor.
Result<void> RequireStaff(const Request& request) {
  if (!request.actor) return Unexpected(Unauthenticated());
  if (request.actor->role == Role::kPatient) {
    return Unexpected(Error{ErrorCode::kPermissionDenied, "two-factor sign-in is for staff accounts", ""});
  }
  return {};
}

// The account's enrolment, or nullopt when it has none.
Result<std::optional<storage::TwoFactorRecord>> FindEnrolment(Transaction& tx, Id user_id) {
  auto found = tx.FindTwoFactor(user_id);
  if (found) return std::optional<storage::TwoFactorRecord>(std::move(*found));
  if (found.error().code == ErrorCode::kNotFound) return std::optional<storage::TwoFactorRecord>();
  return Unexpected(std::move(found).error());
}

Error RequiredByTheClinic() {
  return Error{ErrorCode::kConflict, "the clinic requires two-factor sign-in for staff accounts; it stays on",
               "two_factor"};
}

}  // namespace

Result<bool> AccountsService::MustEnrolTwoFactor(Transaction& tx, const storage::UserRecord& user) {
  if (user.role == "patient") return false;
  auto settings = tx.FindSecuritySettings();
  if (!settings) return Unexpected(std::move(settings).error());
  if (!settings->require_two_factor_for_staff) return false;
  auto enrolment = FindEnrolment(tx, user.id);
  if (!enrolment) return Unexpected(std::move(enrolment).error());
  return !*enrolment || !(*enrolment)->enabled;
}

Result<bool> AccountsService::UseSecondFactor(Transaction& tx, Id user_id, const std::string& code, bool& recovery) {
  recovery = false;
  if (IsTotpCode(code)) {
    auto enrolment = FindEnrolment(tx, user_id);
    if (!enrolment) return Unexpected(std::move(enrolment).error());
    if (!*enrolment || !(*enrolment)->enabled) return false;
    const auto step = MatchTotp((*enrolment)->secret, code, Now());
    if (!step) return false;
    auto used = tx.UseTwoFactorStep(user_id, *step);
    if (used) return true;
    if (used.error().code == ErrorCode::kConflict || used.error().code == ErrorCode::kNotFound) return false;
    return Unexpected(used.error());
  }
  auto used = tx.UseRecoveryCode(user_id, RecoveryCodeHash(code), Now());
  if (used) {
    recovery = true;
    return true;
  }
  if (used.error().code == ErrorCode::kNotFound) return false;
  return Unexpected(used.error());
}

Result<TwoFactorStatus> AccountsService::TwoFactor(const Request& request) {
  if (auto staff = RequireStaff(request); !staff) return Unexpected(staff.error());
  auto tx = store_.Begin(storage::TransactionMode::kReadOnly);
  if (!tx) return Unexpected(std::move(tx).error());
  const Id user_id = request.actor->user_id;
  auto enrolment = FindEnrolment(**tx, user_id);
  if (!enrolment) return Unexpected(std::move(enrolment).error());
  auto left = (*tx)->CountRecoveryCodes(user_id);
  if (!left) return Unexpected(std::move(left).error());
  auto settings = (*tx)->FindSecuritySettings();
  if (!settings) return Unexpected(std::move(settings).error());
  TwoFactorStatus status;
  status.enabled = *enrolment && (*enrolment)->enabled;
  status.pending = *enrolment && !(*enrolment)->enabled;
  status.required = settings->require_two_factor_for_staff;
  status.recovery_codes_left = status.enabled ? *left : 0;
  return status;
}

Result<TwoFactorEnrolment> AccountsService::StartTwoFactor(const Request& request) {
  if (auto staff = RequireStaff(request); !staff) return Unexpected(staff.error());
  const Id user_id = request.actor->user_id;
  const std::string secret = NewTotpSecret();
  const Instant now = Now();
  auto email = access_.Write<std::string>([&](Transaction& tx) -> Result<std::string> {
    auto user = tx.FindUser(user_id);
    if (!user) return Unexpected(std::move(user).error());
    auto enrolment = FindEnrolment(tx, user_id);
    if (!enrolment) return Unexpected(std::move(enrolment).error());
    if (*enrolment && (*enrolment)->enabled) {
      return Unexpected(Error{ErrorCode::kConflict,
                              "two-factor sign-in is already on; turn it off first to enrol again", "two_factor"});
    }
    if (auto saved = tx.SaveTwoFactor({user_id, secret, false, 0, now}); !saved) return Unexpected(saved.error());
    auto appended = tx.AppendAudit(AuditEntry(request, now, "two_factor.enrol", "user", user_id));
    if (!appended) return Unexpected(std::move(appended).error());
    return user->email;
  });
  if (!email) return Unexpected(std::move(email).error());
  TwoFactorEnrolment enrolment{secret, OtpauthUri(*email, secret), ""};
  enrolment.qr_svg = QrSvg(enrolment.otpauth_uri);
  if (enrolment.qr_svg.empty()) return Unexpected(Error{ErrorCode::kInternal, "the QR code could not be drawn", ""});
  return enrolment;
}

Result<std::vector<std::string>> AccountsService::ConfirmTwoFactor(const Request& request, const std::string& code) {
  if (auto staff = RequireStaff(request); !staff) return Unexpected(staff.error());
  if (!IsTotpCode(code)) {
    return Unexpected(InvalidArgument("code", "must be the 6-digit code from your authenticator app"));
  }
  const Id user_id = request.actor->user_id;
  const Instant now = Now();
  const std::vector<std::string> codes = NewRecoveryCodes();
  std::vector<std::string> hashes;
  for (const std::string& c : codes) hashes.push_back(RecoveryCodeHash(c));
  auto confirmed = access_.Write<void>([&](Transaction& tx) -> Result<void> {
    auto enrolment = FindEnrolment(tx, user_id);
    if (!enrolment) return Unexpected(std::move(enrolment).error());
    if (!*enrolment) {
      return Unexpected(Error{ErrorCode::kConflict, "start enrolment first", "two_factor"});
    }
    if ((*enrolment)->enabled) {
      return Unexpected(Error{ErrorCode::kConflict, "two-factor sign-in is already on", "two_factor"});
    }
    const auto step = MatchTotp((*enrolment)->secret, code, now);
    if (!step) {
      return Unexpected(InvalidArgument(
          "code", "is not the current code for this enrolment; check the time on your phone and try the next one"));
    }
    storage::TwoFactorRecord enabled = **enrolment;
    enabled.enabled = true;
    enabled.last_step = *step;  // the confirming code cannot sign in as well
    enabled.updated_at = now;
    if (auto saved = tx.SaveTwoFactor(enabled); !saved) return saved;
    if (auto replaced = tx.ReplaceRecoveryCodes(user_id, hashes, now); !replaced) return replaced;
    auto appended = tx.AppendAudit(AuditEntry(request, now, "two_factor.confirm", "user", user_id));
    if (!appended) return Unexpected(std::move(appended).error());
    return {};
  });
  if (!confirmed) return Unexpected(confirmed.error());
  sessions_.ForgetUser(user_id);  // no longer held to enrolment on this server
  return codes;
}

Result<void> AccountsService::DisableTwoFactor(const Request& request, const std::optional<std::string>& code) {
  if (auto staff = RequireStaff(request); !staff) return Unexpected(staff.error());
  const Id user_id = request.actor->user_id;
  const Instant now = Now();
  auto disabled = access_.Write<void>([&](Transaction& tx) -> Result<void> {
    auto enrolment = FindEnrolment(tx, user_id);
    if (!enrolment) return Unexpected(std::move(enrolment).error());
    if (!*enrolment) return {};  // nothing to turn off
    if ((*enrolment)->enabled) {
      auto settings = tx.FindSecuritySettings();
      if (!settings) return Unexpected(std::move(settings).error());
      if (settings->require_two_factor_for_staff) return Unexpected(RequiredByTheClinic());
      if (!code || code->empty()) {
        return Unexpected(
            InvalidArgument("code", "required: a current code from your authenticator app or a recovery code"));
      }
      bool recovery = false;
      auto second = UseSecondFactor(tx, user_id, *code, recovery);
      if (!second) return Unexpected(std::move(second).error());
      if (!*second) return Unexpected(InvalidArgument("code", "is wrong or was already used"));
      if (recovery) {
        auto used = tx.AppendAudit(AuditEntry(request, now, "two_factor.recovery_code_used", "user", user_id));
        if (!used) return Unexpected(std::move(used).error());
      }
    }
    if (auto deleted = tx.DeleteTwoFactor(user_id); !deleted) return deleted;
    auto appended = tx.AppendAudit(AuditEntry(request, now, "two_factor.disable", "user", user_id));
    if (!appended) return Unexpected(std::move(appended).error());
    return {};
  });
  if (!disabled) return disabled;
  sessions_.ForgetUser(user_id);
  return {};
}

Result<storage::SecuritySettingsRecord> AccountsService::SecuritySettings(const Request& request) {
  if (auto allowed = access_.Permit(request, Action::kClinicConfigure); !allowed) return Unexpected(allowed.error());
  auto tx = store_.Begin(storage::TransactionMode::kReadOnly);
  if (!tx) return Unexpected(std::move(tx).error());
  return (*tx)->FindSecuritySettings();
}

Result<storage::SecuritySettingsRecord> AccountsService::SetSecuritySettings(const Request& request,
                                                                             bool require_two_factor_for_staff) {
  if (auto allowed = access_.Permit(request, Action::kClinicConfigure); !allowed) return Unexpected(allowed.error());
  const Instant now = Now();
  const storage::SecuritySettingsRecord settings{require_two_factor_for_staff, now, request.actor->user_id};
  auto saved = access_.Write<void>([&](Transaction& tx) -> Result<void> {
    if (auto stored = tx.SaveSecuritySettings(settings); !stored) return stored;
    auto appended = tx.AppendAudit(
        AuditEntry(request, now,
                   require_two_factor_for_staff ? "security.require_two_factor" : "security.allow_without_two_factor",
                   "security_settings", std::nullopt));
    if (!appended) return Unexpected(std::move(appended).error());
    return {};
  });
  if (!saved) return Unexpected(saved.error());
  sessions_.ForgetAll();  // what each signed-in actor may do was decided under the old policy
  return settings;
}

}  // namespace scarwise::service
