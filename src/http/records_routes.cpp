#include "http/records_routes.hpp"

#include <cstdint>
#include <random>

#include <nlohmann/json.hpp>

#include "common/civil_time.hpp"
#include "common/json_text.hpp"
#include "common/unicode_text.hpp"
#include "http/error_mapping.hpp"
#include "http/route_support.hpp"
#include "interop/json/consultation_codec.hpp"
#include "interop/json/patient_codec.hpp"
#include "interop/json/plan_codec.hpp"
#include "interop/json/record_documents.hpp"
#include "interop/json/report_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::ClinicService;

json EncodeUser(const storage::UserRecord& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"role", u.role},
          {"patient_id", u.patient_id ? json(*u.patient_id) : json(nullptr)},
          {"disabled", u.disabled}};
}

void WritePatient(JsonText& out, const storage::PatientRecord& p) {
  out.BeginObject().Key("id").Int(p.id);
  interop::WritePatientDetails(out, p.details);
  out.Key("version").Int(p.version).Key("created_at").String(Iso(p.created_at));
  out.Key("updated_at").String(Iso(p.updated_at)).EndObject();
}

// A patient's answer: the record, its version as the ETag.
HttpResponse PatientResponse(int status, const storage::PatientRecord& p) {
  JsonText out;
  WritePatient(out, p);
  return WithEtag(HttpResponse{status, "application/json", std::move(out).Take(), {}}, p.version);
}

json EncodeEvaluation(const storage::EvaluationRecord& e) {
  return {{"id", e.id},
          {"patient_id", e.patient_id},
          {"created_by", e.created_by},
          {"created_at", Iso(e.created_at)},
          {"input", Document(e.input_json)},
          {"result", Document(e.result_json)}};
}

// EncodeEvaluation's JSON text with the two documents spliced in verbatim, for a record the
// server has just written: they are the JSON it made, so parsing them back is wasted work.
std::string NewEvaluationJson(const storage::EvaluationRecord& e) {
  JsonText out;
  out.BeginObject().Key("id").Int(e.id).Key("patient_id").Int(e.patient_id).Key("created_by").Int(e.created_by);
  out.Key("created_at").String(Iso(e.created_at)).Key("input").Raw(e.input_json).Key("result").Raw(e.result_json);
  return std::move(out.EndObject()).Take();
}

// A plan as the caller's role may see it. Coordinators (the front desk) get what booking the
// series needs - its status, sessions, interval window and session length - never the
// scores, screening, depths, expected improvement or the records it was made from.
json EncodePlan(const storage::PlanRecord& p, service::Role role) {
  if (role == service::Role::kCoordinator) {
    const json proposal = Document(p.proposal_json);
    json plan = nullptr;
    if (proposal.is_object() && proposal.contains("plan") && proposal["plan"].is_object()) {
      plan = json::object();
      for (const char* key : {"sessions", "interval_days", "session_minutes", "numbing_minutes"}) {
        if (proposal["plan"].contains(key)) plan[key] = proposal["plan"][key];
      }
    }
    return {{"id", p.id},
            {"patient_id", p.patient_id},
            {"status", storage::PlanStatusName(p.status)},
            {"protocol", {{"name", p.protocol_name}, {"version", p.protocol_version}}},
            {"proposal", {{"plan", plan}}},
            {"created_at", Iso(p.created_at)},
            {"approved_at", p.approved_at ? json(Iso(*p.approved_at)) : json(nullptr)},
            {"version", p.version}};
  }
  return {{"id", p.id},
          {"patient_id", p.patient_id},
          {"assessment_id", p.assessment_id},
          {"screening_id", p.screening_id},
          {"status", storage::PlanStatusName(p.status)},
          {"protocol", {{"name", p.protocol_name}, {"version", p.protocol_version}}},
          {"proposal", Document(p.proposal_json)},
          {"created_by", p.created_by},
          {"created_at", Iso(p.created_at)},
          {"approved_by", p.approved_by ? json(*p.approved_by) : json(nullptr)},
          {"approved_at", p.approved_at ? json(Iso(*p.approved_at)) : json(nullptr)},
          {"version", p.version}};
}

json PlansFor(const std::vector<storage::PlanRecord>& plans, const service::Request& who) {
  json items = json::array();
  for (const storage::PlanRecord& p : plans) items.push_back(EncodePlan(p, who.actor->role));
  return {{"items", items}};
}

json EncodeHistory(const storage::HistoryRecord& h) {
  return {{"version", h.version},
          {"changed_by", h.changed_by ? json(*h.changed_by) : json(nullptr)},
          {"changed_at", Iso(h.changed_at)},
          {"record", Document(h.snapshot_json)}};
}

json EncodeAudit(const storage::AuditRecord& a) {
  return {{"seq", a.seq},
          {"at", Iso(a.at)},
          {"actor_user_id", a.actor_user_id ? json(*a.actor_user_id) : json(nullptr)},
          {"actor_role", a.actor_role},
          {"action", a.action},
          {"entity", a.entity},
          {"entity_id", a.entity_id ? json(*a.entity_id) : json(nullptr)},
          {"request_id", a.request_id},
          {"outcome", a.outcome},
          {"hash", a.hash}};
}

// GET /api/v1/patients/{id}/<records>: one of the patient's record lists, encoded item by item.
template <typename T>
Handler PatientList(ClinicService& svc,
                    Result<std::vector<T>> (ClinicService::*list)(const service::Request&, storage::Id),
                    json (*encode)(const T&)) {
  return WithId(
      svc, [&svc, list, encode](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
        auto items = (svc.*list)(who, id);
        if (!items) return Unexpected(std::move(items).error());
        return Json(200, List(*items, encode));
      });
}

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

// The optional "code" member of a body (a two-factor code): nullopt when absent or null;
// kInvalidArgument naming it when it is not a string of at most 64 characters.
Result<std::optional<std::string>> OptionalCode(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  const auto it = body.find("code");
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string() || it->get_ref<const std::string&>().size() > 64) {
    return Unexpected(
        InvalidArgument("code", "must be the 6-digit code from your authenticator app or a recovery code"));
  }
  return std::optional<std::string>(it->get<std::string>());
}

json EncodeSecurity(const storage::SecuritySettingsRecord& s) {
  return {{"require_two_factor_for_staff", s.require_two_factor_for_staff}};
}

void AddTwoFactorRoutes(Router& router, ClinicService& svc) {
  router.Add(
      "GET", "/api/v1/me/two-factor",
      Authed(svc, [&svc](const service::Request& who, const HttpRequest&, const PathParams&) -> Result<HttpResponse> {
        auto status = svc.TwoFactor(who);
        if (!status) return Unexpected(std::move(status).error());
        return Json(200, {{"enabled", status->enabled},
                          {"pending", status->pending},
                          {"required", status->required},
                          {"recovery_codes_left", status->recovery_codes_left}});
      }));
  router.Add(
      "POST", "/api/v1/me/two-factor",
      Authed(svc, [&svc](const service::Request& who, const HttpRequest&, const PathParams&) -> Result<HttpResponse> {
        auto enrolment = svc.StartTwoFactor(who);
        if (!enrolment) return Unexpected(std::move(enrolment).error());
        HttpResponse response = Json(200, {{"secret_base32", enrolment->secret_base32},
                                           {"otpauth_uri", enrolment->otpauth_uri},
                                           {"qr_svg", enrolment->qr_svg}});
        response.headers.emplace_back("Cache-Control", "no-store");  // it holds the secret
        return response;
      }));
  router.Add("POST", "/api/v1/me/two-factor/confirm",
             Authed(svc,
                    [&svc](const service::Request& who, const HttpRequest& request,
                           const PathParams&) -> Result<HttpResponse> {
                      auto body = Body(request);
                      if (!body) return Unexpected(std::move(body).error());
                      auto code = TextField(*body, "code");
                      if (!code) return Unexpected(std::move(code).error());
                      auto codes = svc.ConfirmTwoFactor(who, *code);
                      if (!codes) return Unexpected(std::move(codes).error());
                      HttpResponse response = Json(200, {{"recovery_codes", *codes}});
                      response.headers.emplace_back("Cache-Control", "no-store");
                      return response;
                    }));
  router.Add("DELETE", "/api/v1/me/two-factor",
             Authed(svc,
                    [&svc](const service::Request& who, const HttpRequest& request,
                           const PathParams&) -> Result<HttpResponse> {
                      std::optional<std::string> code;
                      if (!request.body.empty()) {
                        auto body = Body(request);
                        if (!body) return Unexpected(std::move(body).error());
                        auto given = OptionalCode(*body);
                        if (!given) return Unexpected(std::move(given).error());
                        code = std::move(*given);
                      }
                      if (auto off = svc.DisableTwoFactor(who, code); !off) return Unexpected(off.error());
                      return Json(200, {{"enabled", false}});
                    }));
  router.Add(
      "GET", "/api/v1/clinic/security",
      Authed(svc, [&svc](const service::Request& who, const HttpRequest&, const PathParams&) -> Result<HttpResponse> {
        auto settings = svc.SecuritySettings(who);
        if (!settings) return Unexpected(std::move(settings).error());
        return Json(200, EncodeSecurity(*settings));
      }));
  router.Add("PUT", "/api/v1/clinic/security",
             Authed(svc,
                    [&svc](const service::Request& who, const HttpRequest& request,
                           const PathParams&) -> Result<HttpResponse> {
                      auto body = Body(request);
                      if (!body) return Unexpected(std::move(body).error());
                      if (!body->is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
                      for (const auto& [key, value] : body->items()) {
                        if (key != "require_two_factor_for_staff")
                          return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
                      }
                      const auto it = body->find("require_two_factor_for_staff");
                      if (it == body->end() || !it->is_boolean()) {
                        return Unexpected(InvalidArgument("require_two_factor_for_staff", "must be true or false"));
                      }
                      auto saved = svc.SetSecuritySettings(who, it->get<bool>());
                      if (!saved) return Unexpected(std::move(saved).error());
                      return Json(200, EncodeSecurity(*saved));
                    }));
}

}  // namespace

void AddRecordRoutes(Router& router, ClinicService& svc) {
  // ---- accounts ----
  router.Add("POST", "/api/v1/auth/login",
             Wrap([&svc](const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
               // Login CSRF: a browser (it sends Origin) signs in with the pre-session token
               // of GET /api/v1/auth/csrf, so no other site can sign a visitor in as someone else.
               if (!request.Header("origin").empty()) {
                 const std::string pre_session = Cookie(request, kCsrfCookie);
                 if (pre_session.empty() || request.Header("x-csrf-token") != pre_session) {
                   return Unexpected(Error{ErrorCode::kPermissionDenied,
                                           "a sign-in from a browser needs the token of GET /api/v1/auth/csrf",
                                           "X-CSRF-Token"});
                 }
               }
               auto body = Body(request);
               if (!body) return Unexpected(std::move(body).error());
               if (auto known = KnownMembers(*body, {"email", "password", "code"}); !known)
                 return Unexpected(known.error());
               auto email = TextField(*body, "email");
               if (!email) return Unexpected(std::move(email).error());
               auto password = TextField(*body, "password");
               if (!password) return Unexpected(std::move(password).error());
               auto code = OptionalCode(*body);
               if (!code) return Unexpected(std::move(code).error());
               auto signed_in = svc.Login(*email, *password, request.request_id, request.client_address, *code);
               if (!signed_in) return Unexpected(std::move(signed_in).error());
               // The CSRF token is bound to the new session: the pre-session one stops working.
               const std::string csrf = SessionCsrfToken(signed_in->token);
               HttpResponse response = Json(200, {{"token", signed_in->token},
                                                  {"user", EncodeUser(signed_in->user)},
                                                  {"expires_at", Iso(signed_in->expires_at)},
                                                  {"csrf_token", csrf}});
               const std::string secure = request.Header("x-forwarded-proto") == "https" ? "; Secure" : "";
               response.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + signed_in->token +
                                                               "; Path=/; HttpOnly; SameSite=Strict" + secure);
               response.headers.emplace_back(
                   "Set-Cookie", std::string(kCsrfCookie) + "=" + csrf + "; Path=/; SameSite=Strict" + secure);
               return response;
             }));
  router.Add("GET", "/api/v1/auth/csrf",
             Wrap([](const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
               const std::string csrf = NewCsrfToken();
               HttpResponse response = Json(200, {{"csrf_token", csrf}});
               const std::string secure = request.Header("x-forwarded-proto") == "https" ? "; Secure" : "";
               response.headers.emplace_back(
                   "Set-Cookie", std::string(kCsrfCookie) + "=" + csrf + "; Path=/; SameSite=Strict" + secure);
               return response;
             }));
  router.Add(
      "POST", "/api/v1/auth/logout",
      Authed(
          svc,
          [&svc](const service::Request& who, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
            std::string token = BearerToken(request);
            if (token.empty()) token = Cookie(request, kSessionCookie);
            if (auto out = svc.Logout(token, who.request_id); !out) return Unexpected(out.error());
            HttpResponse response = Json(200, {{"signed_out", true}});
            response.headers.emplace_back(
                "Set-Cookie", std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
            return response;
          }));
  router.Add(
      "GET", "/api/v1/me",
      Authed(svc, [&svc](const service::Request& who, const HttpRequest&, const PathParams&) -> Result<HttpResponse> {
        auto me = svc.Me(who);
        if (!me) return Unexpected(std::move(me).error());
        json user = EncodeUser(*me);
        user["must_enrol_two_factor"] = who.actor && who.actor->must_enrol_two_factor;
        return Json(200, user);
      }));
  AddTwoFactorRoutes(router, svc);
  router.Add(
      "POST", "/api/v1/users",
      Authed(
          svc,
          [&svc](const service::Request& who, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
            auto body = Body(request);
            if (!body) return Unexpected(std::move(body).error());
            if (auto known = KnownMembers(*body, {"email", "name", "role", "password"}); !known) {
              return Unexpected(known.error());
            }
            service::NewAccount account;
            for (auto [key, target] : {std::pair{"email", &account.email}, std::pair{"name", &account.name},
                                       std::pair{"role", &account.role}, std::pair{"password", &account.password}}) {
              auto value = TextField(*body, key);
              if (!value) return Unexpected(std::move(value).error());
              *target = *value;
            }
            auto idempotency = IdempotencyOf(request, *body);
            if (!idempotency) return Unexpected(std::move(idempotency).error());
            auto user = svc.CreateStaffUser(who, account, *idempotency);
            if (!user) return Unexpected(std::move(user).error());
            return Json(201, EncodeUser(*user));
          }));
  router.Add(
      "GET", "/api/v1/users",
      Authed(
          svc,
          [&svc](const service::Request& who, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
            auto limit = QueryNumber(request, "limit", 1, 1000, kLimitReason);
            if (!limit) return Unexpected(std::move(limit).error());
            auto after = QueryNumber(request, "after", 1, INT64_MAX, "must be a user id");
            if (!after) return Unexpected(std::move(after).error());
            const int wanted = static_cast<int>(limit->value_or(100));
            auto users = svc.ListUsers(who, wanted, after->value_or(0));
            if (!users) return Unexpected(std::move(users).error());
            json items = json::array();
            for (const storage::UserRecord& u : *users) items.push_back(EncodeUser(u));
            // A full page may have more after it: the next page starts after its last id.
            const bool full = static_cast<int>(users->size()) == wanted;
            return Json(200, {{"items", items},
                              {"next_cursor", full ? json(std::to_string(users->back().id)) : json(nullptr)}});
          }));
  router.Add(
      "PATCH", "/api/v1/users/{id}",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        if (!body->is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
        for (const auto& [key, value] : body->items()) {
          if (key != "disabled") return Unexpected(InvalidArgument(key, "cannot be changed here"));
        }
        if (!body->contains("disabled") || !(*body)["disabled"].is_boolean()) {
          return Unexpected(InvalidArgument("disabled", "must be true or false"));
        }
        auto user = svc.SetUserDisabled(who, id, (*body)["disabled"].get<bool>());
        if (!user) return Unexpected(std::move(user).error());
        return Json(200, EncodeUser(*user));
      }));

  // ---- patients ----
  router.Add("POST", "/api/v1/patients",
             Authed(svc,
                    [&svc](const service::Request& who, const HttpRequest& request,
                           const PathParams&) -> Result<HttpResponse> {
                      auto body = Body(request);
                      if (!body) return Unexpected(std::move(body).error());
                      const Date today = svc.Today();
                      auto details = interop::DecodeNewPatient(*body, today);
                      if (!details) return Unexpected(std::move(details).error());
                      auto idempotency = IdempotencyOf(request, *body);
                      if (!idempotency) return Unexpected(std::move(idempotency).error());
                      auto patient = svc.CreatePatient(who, *details, *idempotency);
                      if (!patient) return Unexpected(std::move(patient).error());
                      HttpResponse response = PatientResponse(201, *patient);
                      response.headers.emplace_back("Location", "/api/v1/patients/" + std::to_string(patient->id));
                      return response;
                    }));
  router.Add("GET", "/api/v1/patients",
             Authed(svc,
                    [&svc](const service::Request& who, const HttpRequest& request,
                           const PathParams&) -> Result<HttpResponse> {
                      storage::PatientQuery query;
                      query.text = request.Query("q");
                      query.after_cursor = request.Query("cursor");
                      auto limit = QueryNumber(request, "limit", 1, 1000, kLimitReason);
                      if (!limit) return Unexpected(std::move(limit).error());
                      if (*limit) query.limit = static_cast<int>(**limit);
                      auto page = svc.ListPatients(who, query);
                      if (!page) return Unexpected(std::move(page).error());
                      JsonText out;
                      out.BeginObject().Key("items").BeginArray();
                      for (const storage::PatientRecord& patient : page->items) WritePatient(out, patient);
                      out.EndArray().Key("next_cursor");
                      page->next_cursor.empty() ? out.Null() : out.String(page->next_cursor);
                      return HttpResponse{200, "application/json", std::move(out.EndObject()).Take(), {}};
                    }));
  router.AddLater("GET", "/api/v1/patients/{id}",
                  WithIdLater(svc, [&svc](const service::Request& who, const HttpRequest&, int64_t id, Reply reply) {
                    svc.ReadPatient(who, id, [reply = std::move(reply)](Result<storage::PatientRecord> patient) {
                      if (!patient) return reply(Unexpected(std::move(patient).error()));
                      reply(PatientResponse(200, *patient));
                    });
                  }));
  router.Add(
      "PATCH", "/api/v1/patients/{id}",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        const auto version = IfMatchVersion(request);
        if (!version) return Unexpected(InvalidArgument("If-Match", "required: the ETag of the record you edited"));
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        const Date today = svc.Today();
        auto patient = svc.UpdatePatient(who, id, *version, [&](const domain::PatientDetails& current) {
          return interop::DecodePatientChanges(*body, current, today);
        });
        if (!patient) return Unexpected(std::move(patient).error());
        return PatientResponse(200, *patient);
      }));
  // A portal account is opened by invitation only: the link goes to the patient's own
  // address, and the patient chooses the password (never staff).
  router.Add(
      "POST", "/api/v1/patients/{id}/portal-account",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        if (body->is_object() && body->contains("password")) {
          return Unexpected(InvalidArgument(
              "password", "staff never choose a patient's password: the invitation lets the patient choose it"));
        }
        if (auto known = KnownMembers(*body, {"email"}); !known) return Unexpected(known.error());
        auto email = TextField(*body, "email");
        if (!email) return Unexpected(std::move(email).error());
        auto idempotency = IdempotencyOf(request, *body);
        if (!idempotency) return Unexpected(std::move(idempotency).error());
        auto invitation = svc.InvitePatient(who, id, *email, *idempotency);
        if (!invitation) return Unexpected(std::move(invitation).error());
        return Json(201, EncodeUser(invitation->account));
      }));
  router.Add("POST", "/api/v1/auth/invitations/accept",
             Wrap([&svc](const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
               auto body = Body(request);
               if (!body) return Unexpected(std::move(body).error());
               if (auto known = KnownMembers(*body, {"token", "password"}); !known) return Unexpected(known.error());
               auto token = TextField(*body, "token");
               if (!token) return Unexpected(std::move(token).error());
               auto password = TextField(*body, "password");
               if (!password) return Unexpected(std::move(password).error());
               auto account = svc.AcceptInvitation(*token, *password, request.request_id);
               if (!account) return Unexpected(std::move(account).error());
               return Json(200, EncodeUser(*account));
             }));

  // ---- assessments and screenings ----
  router.AddLater(
      "POST", "/api/v1/patients/{id}/assessments",
      WithIdLater(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id, Reply reply) {
        auto body = Body(request);
        if (!body) return reply(Unexpected(std::move(body).error()));
        auto assessment = interop::DecodeScarAssessment(*body, "");
        if (!assessment) return reply(Unexpected(std::move(assessment).error()));
        auto idempotency = IdempotencyOf(request, *body);
        if (!idempotency) return reply(Unexpected(std::move(idempotency).error()));
        svc.RecordAssessment(who, id, *assessment, *idempotency,
                             [reply = std::move(reply)](Result<service::AssessmentOutcome> outcome) {
                               if (!outcome) return reply(Unexpected(std::move(outcome).error()));
                               reply(HttpResponse{201, "application/json", NewEvaluationJson(outcome->record), {}});
                             });
      }));
  router.Add(
      "POST", "/api/v1/assessments/preview",
      Authed(
          svc,
          [&svc](const service::Request& who, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
            auto body = Body(request);
            if (!body) return Unexpected(std::move(body).error());
            auto assessment = interop::DecodeScarAssessment(*body, "");
            if (!assessment) return Unexpected(std::move(assessment).error());
            auto score = svc.PreviewAssessment(who, *assessment);
            if (!score) return Unexpected(std::move(score).error());
            return Json(
                200, {{"result", Document(interop::AssessmentResultDocument(*score, assessment->qualitative_grade))}});
          }));
  router.Add("GET", "/api/v1/patients/{id}/history", PatientList(svc, &ClinicService::PatientHistory, &EncodeHistory));
  router.Add("GET", "/api/v1/patients/{id}/assessments",
             PatientList(svc, &ClinicService::ListAssessments, &EncodeEvaluation));
  router.Add(
      "POST", "/api/v1/patients/{id}/screenings",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        auto history = interop::DecodeMedicalHistory(*body, "", svc.protocol().screening.questions);
        if (!history) return Unexpected(std::move(history).error());
        auto idempotency = IdempotencyOf(request, *body);
        if (!idempotency) return Unexpected(std::move(idempotency).error());
        auto outcome = svc.RecordScreening(who, id, *history, *idempotency);
        if (!outcome) return Unexpected(std::move(outcome).error());
        json out = EncodeEvaluation(outcome->record);
        out["scores"] = interop::EncodeReview(outcome->review, svc.protocol().id)["scores"];
        return Json(201, out);
      }));
  router.Add("GET", "/api/v1/patients/{id}/screenings",
             PatientList(svc, &ClinicService::ListScreenings, &EncodeEvaluation));

  // ---- plans ----
  router.Add(
      "POST", "/api/v1/patients/{id}/plans",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        if (auto none = NoMembers(request); !none) return Unexpected(none.error());
        auto idempotency = IdempotencyOf(request, json());  // the proposal has no body
        if (!idempotency) return Unexpected(std::move(idempotency).error());
        auto plan = svc.ProposePlan(who, id, *idempotency);
        if (!plan) return Unexpected(std::move(plan).error());
        return WithEtag(Json(201, EncodePlan(*plan, who.actor->role)), plan->version);
      }));
  router.Add("GET", "/api/v1/patients/{id}/plans",
             WithId(svc, [&svc](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto plans = svc.ListPlans(who, id);
               if (!plans) return Unexpected(std::move(plans).error());
               return Json(200, PlansFor(*plans, who));
             }));
  router.Add("GET", "/api/v1/plans/{id}",
             WithId(svc, [&svc](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto plan = svc.ReadPlan(who, id);
               if (!plan) return Unexpected(std::move(plan).error());
               return WithEtag(Json(200, EncodePlan(*plan, who.actor->role)), plan->version);
             }));
  router.Add(
      "PATCH", "/api/v1/plans/{id}",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        const auto version = IfMatchVersion(request);
        if (!version) return Unexpected(InvalidArgument("If-Match", "required: the ETag of the plan you reviewed"));
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        auto adjustment = interop::DecodePlanAdjustment(*body);
        if (!adjustment) return Unexpected(std::move(adjustment).error());
        auto plan = svc.AdjustPlan(who, id, *version, *adjustment);
        if (!plan) return Unexpected(std::move(plan).error());
        return WithEtag(Json(200, EncodePlan(*plan, who.actor->role)), plan->version);
      }));
  router.Add(
      "GET", "/api/v1/plans",
      Authed(
          svc,
          [&svc](const service::Request& who, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
            const std::string& status = request.Query("status");
            storage::PlanStatus wanted = storage::PlanStatus::kProposed;
            if (status == "approved") {
              wanted = storage::PlanStatus::kApproved;
            } else if (status != "proposed") {
              return Unexpected(InvalidArgument("status", "must be proposed or approved"));
            }
            auto limit_param = QueryNumber(request, "limit", 1, 1000, kLimitReason);
            if (!limit_param) return Unexpected(std::move(limit_param).error());
            auto after = QueryNumber(request, "after", 0, INT64_MAX, "must be a plan id");
            if (!after) return Unexpected(std::move(after).error());
            const int limit = static_cast<int>(limit_param->value_or(100));
            auto plans = svc.ListPlansByStatus(who, wanted, limit, after->value_or(0));
            if (!plans) return Unexpected(std::move(plans).error());
            json out = PlansFor(*plans, who);
            out["next_after"] = static_cast<int>(plans->size()) == limit ? json(plans->back().id) : json(nullptr);
            return Json(200, out);
          }));
  router.Add(
      "POST", "/api/v1/plans/{id}/approve",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        if (auto none = NoMembers(request); !none) return Unexpected(none.error());
        std::optional<int64_t> version;
        if (!request.Header("if-match").empty()) {
          version = IfMatchVersion(request);
          if (!version) return Unexpected(InvalidArgument("If-Match", "must be the plan's ETag"));
        }
        auto plan = svc.ApprovePlan(who, id, version);
        if (!plan) return Unexpected(std::move(plan).error());
        return WithEtag(Json(200, EncodePlan(*plan, who.actor->role)), plan->version);
      }));

  // ---- audit ----
  router.Add("GET", "/api/v1/audit",
             Authed(svc,
                    [&svc](const service::Request& who, const HttpRequest& request,
                           const PathParams&) -> Result<HttpResponse> {
                      storage::AuditQuery query;
                      auto limit = QueryNumber(request, "limit", 1, 1000, kLimitReason);
                      if (!limit) return Unexpected(std::move(limit).error());
                      auto after = QueryNumber(request, "after", 0, INT64_MAX, "must be a sequence number");
                      if (!after) return Unexpected(std::move(after).error());
                      if (*limit) query.limit = static_cast<int>(**limit);
                      if (*after) query.after_seq = **after;
                      auto page = svc.ReadAudit(who, query);
                      if (!page) return Unexpected(std::move(page).error());
                      json out = List(page->items, &EncodeAudit);
                      out["next_after"] = page->next_after_seq == 0 ? json(nullptr) : json(page->next_after_seq);
                      return Json(200, out);
                    }));
}

}  // namespace scarwise::http
