#include "http/accounts_routes.hpp"

#include <cstdint>
#include <random>

#include "http/answers.hpp"
#include "http/route_support.hpp"
#include "interop/json/account_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::AccountsService;

// ---- what the routes share ----

// A random value for the double-submit CSRF cookie (from the OS's random source).
std::string NewCsrfToken() {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    uint32_t bits = random();
    for (int j = 0; j < 4; ++j) {
      out.push_back(kHex[bits & 0xF]);
      bits >>= 4;
    }
  }
  return out;
}

std::string SecureFlag(const HttpRequest& request) {
  return request.Header("x-forwarded-proto") == "https" ? "; Secure" : "";
}

HttpResponse NoStore(HttpResponse response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Result<service::NewAccount> DecodeNewAccount(const json& body) {
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"email", "name", "role", "password"}));
  service::NewAccount account;
  for (auto [key, target] : {std::pair{"email", &account.email}, std::pair{"name", &account.name},
                             std::pair{"role", &account.role}, std::pair{"password", &account.password}}) {
    SCARWISE_ASSIGN_OR_RETURN(*target, TextField(body, key));
  }
  return account;
}

// ---- signing in and out ----

// POST /api/v1/auth/login {email, password, code?}
Result<HttpResponse> Login(AccountsService& accounts, const HttpRequest& request, const PathParams&) {
  // Login CSRF: a browser (it sends Origin) signs in with the pre-session token of
  // GET /api/v1/auth/csrf, so no other site can sign a visitor in as someone else.
  if (!request.Header("origin").empty()) {
    const std::string pre_session = Cookie(request, kCsrfCookie);
    if (pre_session.empty() || request.Header("x-csrf-token") != pre_session) {
      return Unexpected(
          PermissionDenied("X-CSRF-Token", "a sign-in from a browser needs the token of GET /api/v1/auth/csrf"));
    }
  }
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"email", "password", "code"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string email, TextField(body, "email"));
  SCARWISE_ASSIGN_OR_RETURN(const std::string password, TextField(body, "password"));
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<std::string> code, interop::DecodeTwoFactorCode(body));
  SCARWISE_ASSIGN_OR_RETURN(const service::SignedIn signed_in,
                            accounts.Login(email, password, request.request_id, request.client_address, code));
  // The CSRF token is bound to the new session: the pre-session one stops working.
  const std::string csrf = SessionCsrfToken(signed_in.token);
  HttpResponse response = Json(200, {{"token", signed_in.token},
                                     {"user", EncodeUser(signed_in.user)},
                                     {"expires_at", Iso(signed_in.expires_at)},
                                     {"csrf_token", csrf}});
  const std::string secure = SecureFlag(request);
  response.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + signed_in.token +
                                                  "; Path=/; HttpOnly; SameSite=Strict" + secure);
  response.headers.emplace_back("Set-Cookie",
                                std::string(kCsrfCookie) + "=" + csrf + "; Path=/; SameSite=Strict" + secure);
  return response;
}

// GET /api/v1/auth/csrf: the pre-session CSRF token a browser signs in with.
Result<HttpResponse> PreSessionCsrf(AccountsService&, const HttpRequest& request, const PathParams&) {
  const std::string csrf = NewCsrfToken();
  HttpResponse response = Json(200, {{"csrf_token", csrf}});
  response.headers.emplace_back(
      "Set-Cookie", std::string(kCsrfCookie) + "=" + csrf + "; Path=/; SameSite=Strict" + SecureFlag(request));
  return response;
}

// POST /api/v1/auth/logout
Result<HttpResponse> Logout(AccountsService& accounts, const service::Request& who, const HttpRequest& request) {
  std::string token = BearerToken(request);
  if (token.empty()) token = Cookie(request, kSessionCookie);
  SCARWISE_RETURN_IF_ERROR(accounts.Logout(token, who.request_id));
  HttpResponse response = Json(200, {{"signed_out", true}});
  response.headers.emplace_back("Set-Cookie",
                                std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return response;
}

// GET /api/v1/me
Result<HttpResponse> Me(AccountsService& accounts, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const storage::UserRecord me, accounts.Me(who));
  json user = EncodeUser(me);
  user["must_enrol_two_factor"] = who.actor && who.actor->must_enrol_two_factor;
  return Json(200, user);
}

// POST /api/v1/me/password {current_password, new_password}: every session of the account
// ends; the caller gets a new one (cookie and CSRF token, as at sign-in).
Result<HttpResponse> ChangePassword(AccountsService& accounts, const service::Request& who,
                                    const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"current_password", "new_password"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string current, TextField(body, "current_password"));
  SCARWISE_ASSIGN_OR_RETURN(const std::string next, TextField(body, "new_password"));
  SCARWISE_ASSIGN_OR_RETURN(const service::SignedIn signed_in, accounts.ChangePassword(who, current, next));
  const std::string csrf = SessionCsrfToken(signed_in.token);
  HttpResponse response = NoStore(Json(200, {{"changed", true},
                                             {"user", EncodeUser(signed_in.user)},
                                             {"expires_at", Iso(signed_in.expires_at)},
                                             {"csrf_token", csrf}}));
  const std::string secure = SecureFlag(request);
  response.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + signed_in.token +
                                                  "; Path=/; HttpOnly; SameSite=Strict" + secure);
  response.headers.emplace_back("Set-Cookie",
                                std::string(kCsrfCookie) + "=" + csrf + "; Path=/; SameSite=Strict" + secure);
  return response;
}

// GET /api/v1/patients/{id}/portal-account: the patient's portal account and its state
// (invited: no password chosen yet; active; disabled), or {"account": null}.
Result<HttpResponse> PortalAccountStatus(AccountsService& accounts, const service::Request& who, const HttpRequest&,
                                         int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<storage::UserRecord> account, accounts.PortalAccount(who, id));
  if (!account) return Json(200, {{"account", nullptr}});
  const std::string status =
      account->disabled ? "disabled" : (service::AwaitsInvitation(*account) ? "invited" : "active");
  return Json(200, {{"account", {{"id", account->id}, {"email", account->email}, {"status", status}}}});
}

// ---- two-factor sign-in and the clinic's security settings ----

// GET /api/v1/me/two-factor
Result<HttpResponse> TwoFactorStatus(AccountsService& accounts, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const service::TwoFactorStatus status, accounts.TwoFactor(who));
  return Json(200, EncodeTwoFactorStatus(status));
}

// POST /api/v1/me/two-factor: a new secret, answered once (never stored by a cache).
Result<HttpResponse> StartTwoFactor(AccountsService& accounts, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const service::TwoFactorEnrolment enrolment, accounts.StartTwoFactor(who));
  return NoStore(Json(200, EncodeTwoFactorEnrolment(enrolment)));
}

// POST /api/v1/me/two-factor/confirm {code}: the recovery codes, answered once.
Result<HttpResponse> ConfirmTwoFactor(AccountsService& accounts, const service::Request& who,
                                      const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const std::string code, TextField(body, "code"));
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<std::string> codes, accounts.ConfirmTwoFactor(who, code));
  return NoStore(Json(200, {{"recovery_codes", codes}}));
}

// DELETE /api/v1/me/two-factor {code?}
Result<HttpResponse> DisableTwoFactor(AccountsService& accounts, const service::Request& who,
                                      const HttpRequest& request) {
  std::optional<std::string> code;
  if (!request.body.empty()) {
    SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
    SCARWISE_ASSIGN_OR_RETURN(code, interop::DecodeTwoFactorCode(body));
  }
  SCARWISE_RETURN_IF_ERROR(accounts.DisableTwoFactor(who, code));
  return Json(200, {{"enabled", false}});
}

// GET /api/v1/clinic/security
Result<HttpResponse> SecuritySettings(AccountsService& accounts, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const storage::SecuritySettingsRecord settings, accounts.SecuritySettings(who));
  return Json(200, EncodeSecurity(settings));
}

// PUT /api/v1/clinic/security {require_two_factor_for_staff}
Result<HttpResponse> SetSecuritySettings(AccountsService& accounts, const service::Request& who,
                                         const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const bool require_two_factor, interop::DecodeSecuritySettings(body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::SecuritySettingsRecord saved,
                            accounts.SetSecuritySettings(who, require_two_factor));
  return Json(200, EncodeSecurity(saved));
}

// ---- staff accounts ----

// POST /api/v1/users {email, name, role, password}
Result<HttpResponse> CreateStaffUser(AccountsService& accounts, const service::Request& who,
                                     const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const service::NewAccount account, DecodeNewAccount(body));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::UserRecord user, accounts.CreateStaffUser(who, account, idempotency));
  return Json(201, EncodeUser(user));
}

// GET /api/v1/users?limit=&cursor= (`after`: the older name of `cursor`)
Result<HttpResponse> ListUsers(AccountsService& accounts, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const IdPage page, IdPageOf(request, "after", 1, "must be a user id"));
  const int limit = page.limit.value_or(100);
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::UserRecord> users,
                            accounts.ListUsers(who, limit, page.after.value_or(0)));
  json out = List(users, &EncodeUser);
  // A full page may have more after it: the next page starts after its last id.
  out["next_cursor"] = NextCursor(users, limit);
  return Json(200, out);
}

// PATCH /api/v1/users/{id} {disabled}
Result<HttpResponse> SetUserDisabled(AccountsService& accounts, const service::Request& who, const HttpRequest& request,
                                     int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const bool disabled, interop::DecodeAccountDisabled(body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::UserRecord user, accounts.SetUserDisabled(who, id, disabled));
  return Json(200, EncodeUser(user));
}

// PUT /api/v1/users/{id}/role {role}
Result<HttpResponse> SetUserRole(AccountsService& accounts, const service::Request& who, const HttpRequest& request,
                                 int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"role"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string role, TextField(body, "role"));
  SCARWISE_ASSIGN_OR_RETURN(const storage::UserRecord user, accounts.SetUserRole(who, id, role));
  return Json(200, EncodeUser(user));
}

// ---- the patients' portal accounts ----

// POST /api/v1/patients/{id}/portal-account {email}. A portal account is opened by
// invitation only: the link goes to the patient's own address, and the patient chooses the
// password (never staff).
Result<HttpResponse> InvitePatient(AccountsService& accounts, const service::Request& who, const HttpRequest& request,
                                   int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  if (body.is_object() && body.contains("password")) {
    return Unexpected(InvalidArgument(
        "password", "staff never choose a patient's password: the invitation lets the patient choose it"));
  }
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"email"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string email, TextField(body, "email"));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const service::Invitation invitation, accounts.InvitePatient(who, id, email, idempotency));
  return Json(201, EncodeUser(invitation.account));
}

// POST /api/v1/auth/invitations/accept {token, password}
Result<HttpResponse> AcceptInvitation(AccountsService& accounts, const HttpRequest& request, const PathParams&) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"token", "password"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string token, TextField(body, "token"));
  SCARWISE_ASSIGN_OR_RETURN(const std::string password, TextField(body, "password"));
  SCARWISE_ASSIGN_OR_RETURN(const storage::UserRecord account,
                            accounts.AcceptInvitation(token, password, request.request_id));
  return Json(200, EncodeUser(account));
}

}  // namespace

void AddAccountsRoutes(Router& router, AccountsService& accounts) {
  RouteTable routes(router, accounts, accounts);
  routes.Add("POST", "/api/v1/auth/login", &Login);
  routes.Add("GET", "/api/v1/auth/csrf", &PreSessionCsrf);
  routes.Add("POST", "/api/v1/auth/logout", &Logout);
  routes.Add("GET", "/api/v1/me", &Me);
  routes.Add("POST", "/api/v1/me/password", &ChangePassword);
  routes.Add("GET", "/api/v1/me/two-factor", &TwoFactorStatus);
  routes.Add("POST", "/api/v1/me/two-factor", &StartTwoFactor);
  routes.Add("POST", "/api/v1/me/two-factor/confirm", &ConfirmTwoFactor);
  routes.Add("DELETE", "/api/v1/me/two-factor", &DisableTwoFactor);
  routes.Add("GET", "/api/v1/clinic/security", &SecuritySettings);
  routes.Add("PUT", "/api/v1/clinic/security", &SetSecuritySettings);
  routes.Add("POST", "/api/v1/users", &CreateStaffUser);
  routes.Add("GET", "/api/v1/users", &ListUsers);
  routes.Add("PATCH", "/api/v1/users/{id}", &SetUserDisabled);
  routes.Add("PUT", "/api/v1/users/{id}/role", &SetUserRole);
  routes.Add("POST", "/api/v1/patients/{id}/portal-account", &InvitePatient);
  routes.Add("GET", "/api/v1/patients/{id}/portal-account", &PortalAccountStatus);
  routes.Add("POST", "/api/v1/auth/invitations/accept", &AcceptInvitation);
}

}  // namespace scarwise::http
