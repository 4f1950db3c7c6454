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
    return Unexpected(PermissionDenied("two-factor sign-in is for staff accounts"));
  }
  return {};
}

// The account's enrolment, or nullopt when it has none.
Result<std::optional<storage::TwoFactorRecord>> FindEnrolment(Transaction& tx, Id user_id) {
  auto found = tx.TwoFactor().Find(user_id);
  if (found) return std::optional<storage::TwoFactorRecord>(std::move(*found));
  if (found.error().code == ErrorCode::kNotFound) return std::optional<storage::TwoFactorRecord>();
  return Unexpected(std::move(found).error());
}

Error RequiredByTheClinic() {
  return Conflict("two_factor", "the clinic requires two-factor sign-in for staff accounts; it stays on");
}

}  // namespace

Result<bool> AccountsService::MustEnrolTwoFactor(Transaction& tx, const storage::UserRecord& user) {
  if (user.role == Role::kPatient) return false;
  SCARWISE_ASSIGN_OR_RETURN(auto settings, tx.TwoFactor().FindSecuritySettings());
  if (!settings.require_two_factor_for_staff) return false;
  SCARWISE_ASSIGN_OR_RETURN(auto enrolment, FindEnrolment(tx, user.id));
  return !enrolment || !enrolment->enabled;
}

Result<bool> AccountsService::UseSecondFactor(Transaction& tx, Id user_id, const std::string& code, bool& recovery) {
  recovery = false;
  if (IsTotpCode(code)) {
    SCARWISE_ASSIGN_OR_RETURN(auto enrolment, FindEnrolment(tx, user_id));
    if (!enrolment || !enrolment->enabled) return false;
    const auto step = MatchTotp(enrolment->secret, code, Now());
    if (!step) return false;
    auto used = tx.TwoFactor().UseStep(user_id, *step);
    if (used) return true;
    if (used.error().code == ErrorCode::kConflict || used.error().code == ErrorCode::kNotFound) return false;
    return Unexpected(used.error());
  }
  auto used = tx.TwoFactor().UseRecoveryCode(user_id, RecoveryCodeHash(code), Now());
  if (used) {
    recovery = true;
    return true;
  }
  if (used.error().code == ErrorCode::kNotFound) return false;
  return Unexpected(used.error());
}

Result<TwoFactorStatus> AccountsService::TwoFactor(const Request& request) {
  SCARWISE_RETURN_IF_ERROR(RequireStaff(request));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
  const Id user_id = request.actor->user_id;
  SCARWISE_ASSIGN_OR_RETURN(auto enrolment, FindEnrolment(*tx, user_id));
  SCARWISE_ASSIGN_OR_RETURN(auto left, tx->TwoFactor().CountRecoveryCodes(user_id));
  SCARWISE_ASSIGN_OR_RETURN(auto settings, tx->TwoFactor().FindSecuritySettings());
  TwoFactorStatus status;
  status.enabled = enrolment && enrolment->enabled;
  status.pending = enrolment && !enrolment->enabled;
  status.required = settings.require_two_factor_for_staff;
  status.recovery_codes_left = status.enabled ? left : 0;
  return status;
}

Result<TwoFactorEnrolment> AccountsService::StartTwoFactor(const Request& request) {
  SCARWISE_RETURN_IF_ERROR(RequireStaff(request));
  const Id user_id = request.actor->user_id;
  const std::string secret = NewTotpSecret();
  const Instant now = Now();
  const auto find_email = [&](Transaction& tx) -> Result<std::string> {
    SCARWISE_ASSIGN_OR_RETURN(auto user, tx.Accounts().FindUser(user_id));
    SCARWISE_ASSIGN_OR_RETURN(auto enrolment, FindEnrolment(tx, user_id));
    if (enrolment && enrolment->enabled) {
      return Unexpected(Conflict("two_factor", "two-factor sign-in is already on; turn it off first to enrol again"));
    }
    SCARWISE_RETURN_IF_ERROR(tx.TwoFactor().Save({user_id, secret, false, 0, now}));
    SCARWISE_RETURN_IF_ERROR(tx.AuditLog().Append(AuditEntry(request, now, "two_factor.enrol", "user", user_id)));
    return user.email;
  };
  SCARWISE_ASSIGN_OR_RETURN(auto email, access_.Write<std::string>(find_email));
  TwoFactorEnrolment enrolment{secret, OtpauthUri(email, secret), ""};
  enrolment.qr_svg = QrSvg(enrolment.otpauth_uri);
  if (enrolment.qr_svg.empty()) return Unexpected(Internal("the QR code could not be drawn"));
  return enrolment;
}

Result<std::vector<std::string>> AccountsService::ConfirmTwoFactor(const Request& request, const std::string& code) {
  SCARWISE_RETURN_IF_ERROR(RequireStaff(request));
  if (!IsTotpCode(code)) {
    return Unexpected(InvalidArgument("code", "must be the 6-digit code from your authenticator app"));
  }
  const Id user_id = request.actor->user_id;
  const Instant now = Now();
  const std::vector<std::string> codes = NewRecoveryCodes();
  std::vector<std::string> hashes;
  for (const std::string& c : codes) hashes.push_back(RecoveryCodeHash(c));
  auto confirmed = access_.Write<void>([&](Transaction& tx) -> Result<void> {
    SCARWISE_ASSIGN_OR_RETURN(auto enrolment, FindEnrolment(tx, user_id));
    if (!enrolment) {
      return Unexpected(Conflict("two_factor", "start enrolment first"));
    }
    if (enrolment->enabled) {
      return Unexpected(Conflict("two_factor", "two-factor sign-in is already on"));
    }
    const auto step = MatchTotp(enrolment->secret, code, now);
    if (!step) {
      return Unexpected(InvalidArgument(
          "code", "is not the current code for this enrolment; check the time on your phone and try the next one"));
    }
    storage::TwoFactorRecord enabled = *enrolment;
    enabled.enabled = true;
    enabled.last_step = *step;  // the confirming code cannot sign in as well
    enabled.updated_at = now;
    if (auto saved = tx.TwoFactor().Save(enabled); !saved) return saved;
    if (auto replaced = tx.TwoFactor().ReplaceRecoveryCodes(user_id, hashes, now); !replaced) return replaced;
    SCARWISE_RETURN_IF_ERROR(tx.AuditLog().Append(AuditEntry(request, now, "two_factor.confirm", "user", user_id)));
    return {};
  });
  if (!confirmed) return Unexpected(confirmed.error());
  sessions_.ForgetUser(user_id);  // no longer held to enrolment on this server
  return codes;
}

Result<void> AccountsService::DisableTwoFactor(const Request& request, const std::optional<std::string>& code) {
  SCARWISE_RETURN_IF_ERROR(RequireStaff(request));
  const Id user_id = request.actor->user_id;
  const Instant now = Now();
  auto disabled = access_.Write<void>([&](Transaction& tx) -> Result<void> {
    SCARWISE_ASSIGN_OR_RETURN(auto enrolment, FindEnrolment(tx, user_id));
    if (!enrolment) return {};  // nothing to turn off
    if (enrolment->enabled) {
      SCARWISE_ASSIGN_OR_RETURN(auto settings, tx.TwoFactor().FindSecuritySettings());
      if (settings.require_two_factor_for_staff) return Unexpected(RequiredByTheClinic());
      if (!code || code->empty()) {
        return Unexpected(
            InvalidArgument("code", "required: a current code from your authenticator app or a recovery code"));
      }
      bool recovery = false;
      SCARWISE_ASSIGN_OR_RETURN(auto second, UseSecondFactor(tx, user_id, *code, recovery));
      if (!second) return Unexpected(InvalidArgument("code", "is wrong or was already used"));
      if (recovery) {
        SCARWISE_RETURN_IF_ERROR(
            tx.AuditLog().Append(AuditEntry(request, now, "two_factor.recovery_code_used", "user", user_id)));
      }
    }
    if (auto deleted = tx.TwoFactor().Delete(user_id); !deleted) return deleted;
    SCARWISE_RETURN_IF_ERROR(tx.AuditLog().Append(AuditEntry(request, now, "two_factor.disable", "user", user_id)));
    return {};
  });
  if (!disabled) return disabled;
  sessions_.ForgetUser(user_id);
  return {};
}

Result<storage::SecuritySettingsRecord> AccountsService::SecuritySettings(const Request& request) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicConfigure));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
  return tx->TwoFactor().FindSecuritySettings();
}

Result<storage::SecuritySettingsRecord> AccountsService::SetSecuritySettings(const Request& request,
                                                                             bool require_two_factor_for_staff) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicConfigure));
  const Instant now = Now();
  const storage::SecuritySettingsRecord settings{require_two_factor_for_staff, now, request.actor->user_id};
  const auto save = [&](Transaction& tx) -> Result<void> {
    SCARWISE_RETURN_IF_ERROR(tx.TwoFactor().SaveSecuritySettings(settings));
    SCARWISE_RETURN_IF_ERROR(tx.AuditLog().Append(
        AuditEntry(request, now,
                   require_two_factor_for_staff ? "security.require_two_factor" : "security.allow_without_two_factor",
                   "security_settings", std::nullopt)));
    return {};
  };
  SCARWISE_RETURN_IF_ERROR(access_.Write<void>(save));
  sessions_.ForgetAll();  // what each signed-in actor may do was decided under the old policy
  return settings;
}

}  // namespace scarwise::service
