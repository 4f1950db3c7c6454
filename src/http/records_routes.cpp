#include "http/records_routes.hpp"

#include <charconv>
#include <random>

#include <nlohmann/json.hpp>

#include "common/civil_time.hpp"
#include "domain/ingredients/product_check.hpp"
#include "http/error_mapping.hpp"
#include "interop/json/consultation_codec.hpp"
#include "interop/json/patient_codec.hpp"
#include "interop/json/report_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::ClinicService;

constexpr const char* kSessionCookie = "scarwise_session";
constexpr const char* kCsrfCookie = "scarwise_csrf";

HttpResponse Json(int status, const json& body) {
  return HttpResponse{status, "application/json", body.dump(), {}};
}

std::string Iso(std::chrono::sys_seconds t) {
  return FormatTimestamp(Timestamp{t, std::chrono::minutes{0}});
}

// The value of one cookie of the Cookie header, or "".
std::string Cookie(const HttpRequest& request, std::string_view name) {
  const std::string& header = request.Header("cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    const size_t end = std::min(header.find(';', pos), header.size());
    std::string_view pair(header.data() + pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

std::string BearerToken(const HttpRequest& request) {
  const std::string& auth = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() && auth.compare(0, kBearer.size(), kBearer) == 0) return auth.substr(kBearer.size());
  return "";
}

bool IsWrite(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The service request of an HTTP request: the signed-in actor, or an error response.
Result<service::Request> Authenticate(ClinicService& svc, const HttpRequest& request) {
  std::string token = BearerToken(request);
  const bool by_cookie = token.empty();
  if (by_cookie) token = Cookie(request, kSessionCookie);
  if (token.empty()) return Unexpected(Error{ErrorCode::kUnauthenticated, "sign in first", ""});
  auto actor = svc.Authenticate(token);
  if (!actor) return Unexpected(std::move(actor).error());
  if (by_cookie && IsWrite(request.method)) {
    const std::string expected = Cookie(request, kCsrfCookie);
    if (expected.empty() || request.Header("x-csrf-token") != expected) {
      return Unexpected(Error{ErrorCode::kPermissionDenied, "missing or wrong X-CSRF-Token header", "X-CSRF-Token"});
    }
  }
  return service::Request{*actor, request.request_id};
}

Result<json> Body(const HttpRequest& request) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Unexpected(InvalidArgument("(body)", "is not valid JSON"));
  return body;
}

Result<int64_t> PathId(const PathParams& params, const char* name) {
  const std::string& text = params.find(name)->second;
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return Unexpected(Error{ErrorCode::kNotFound, "no such record", ""});
  }
  return id;
}

Result<std::string> TextField(const json& body, const char* key) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  const auto it = body.find(key);
  if (it == body.end()) return Unexpected(InvalidArgument(key, "required"));
  if (!it->is_string()) return Unexpected(InvalidArgument(key, "must be a string"));
  return it->get<std::string>();
}

json EncodeUser(const storage::UserRecord& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"role", u.role},
          {"patient_id", u.patient_id ? json(*u.patient_id) : json(nullptr)}};
}

json EncodePatient(const storage::PatientRecord& p) {
  json out = interop::EncodePatientDetails(p.details);
  out["id"] = p.id;
  out["version"] = p.version;
  out["created_at"] = Iso(p.created_at);
  out["updated_at"] = Iso(p.updated_at);
  return out;
}

json Document(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  return doc.is_discarded() ? json(nullptr) : doc;
}

json EncodeEvaluation(const storage::EvaluationRecord& e) {
  return {{"id", e.id},
          {"patient_id", e.patient_id},
          {"created_by", e.created_by},
          {"created_at", Iso(e.created_at)},
          {"input", Document(e.input_json)},
          {"result", Document(e.result_json)}};
}

json EncodePlan(const storage::PlanRecord& p) {
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

template <typename T>
json List(const std::vector<T>& items, json (*encode)(const T&)) {
  json out = json::array();
  for (const T& item : items) out.push_back(encode(item));
  return {{"items", out}};
}

HttpResponse WithEtag(HttpResponse response, int64_t version) {
  response.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return response;
}

// The version named by an If-Match header ("\"3\"" or "3").
std::optional<int64_t> IfMatchVersion(const HttpRequest& request) {
  std::string value = request.Header("if-match");
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  int64_t version = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return version;
}

// A handler body: returns a response or an error (rendered in the envelope).
using Work = std::function<Result<HttpResponse>(const HttpRequest&, const PathParams&)>;

Handler Wrap(Work work) {
  return [work = std::move(work)](const HttpRequest& request, const PathParams& params) {
    auto response = work(request, params);
    return response ? std::move(*response) : ErrorResponse(response.error(), request.request_id);
  };
}

// Like Wrap, for handlers that need the signed-in actor.
using AuthedWork = std::function<Result<HttpResponse>(const service::Request&, const HttpRequest&, const PathParams&)>;
Handler Authed(ClinicService& svc, AuthedWork work) {
  return Wrap(
      [&svc, work = std::move(work)](const HttpRequest& request, const PathParams& params) -> Result<HttpResponse> {
        auto who = Authenticate(svc, request);
        if (!who) return Unexpected(std::move(who).error());
        return work(*who, request, params);
      });
}

// Like Authed, for routes on one record: the path's {id} must be a positive integer (any
// other value is a 404, as for a record that does not exist).
using IdWork = std::function<Result<HttpResponse>(const service::Request&, const HttpRequest&, int64_t id)>;
Handler WithId(ClinicService& svc, IdWork work) {
  return Authed(svc,
                [work = std::move(work)](const service::Request& who, const HttpRequest& request,
                                         const PathParams& params) -> Result<HttpResponse> {
                  auto id = PathId(params, "id");
                  if (!id) return Unexpected(std::move(id).error());
                  return work(who, request, *id);
                });
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

}  // namespace

void AddRecordRoutes(Router& router, ClinicService& svc) {
  // ---- accounts ----
  router.Add("POST", "/api/v1/auth/login",
             Wrap([&svc](const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
               auto body = Body(request);
               if (!body) return Unexpected(std::move(body).error());
               auto email = TextField(*body, "email");
               if (!email) return Unexpected(std::move(email).error());
               auto password = TextField(*body, "password");
               if (!password) return Unexpected(std::move(password).error());
               auto signed_in = svc.Login(*email, *password, request.request_id);
               if (!signed_in) return Unexpected(std::move(signed_in).error());
               const std::string csrf = NewCsrfToken();
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
        return Json(200, EncodeUser(*me));
      }));
  router.Add(
      "POST", "/api/v1/users",
      Authed(
          svc,
          [&svc](const service::Request& who, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
            auto body = Body(request);
            if (!body) return Unexpected(std::move(body).error());
            service::NewAccount account;
            for (auto [key, target] : {std::pair{"email", &account.email}, std::pair{"name", &account.name},
                                       std::pair{"role", &account.role}, std::pair{"password", &account.password}}) {
              auto value = TextField(*body, key);
              if (!value) return Unexpected(std::move(value).error());
              *target = *value;
            }
            auto user = svc.CreateStaffUser(who, account);
            if (!user) return Unexpected(std::move(user).error());
            return Json(201, EncodeUser(*user));
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
                      std::optional<service::IdempotencyKey> idempotency;
                      if (const std::string& key = request.Header("idempotency-key"); !key.empty()) {
                        if (key.size() > 255)
                          return Unexpected(InvalidArgument("Idempotency-Key", "must be 1 to 255 characters"));
                        idempotency = service::IdempotencyKey{key, request.path, body->dump()};
                      }
                      auto patient = svc.CreatePatient(who, *details, idempotency);
                      if (!patient) return Unexpected(std::move(patient).error());
                      HttpResponse response = WithEtag(Json(201, EncodePatient(*patient)), patient->version);
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
                      if (const std::string& limit = request.Query("limit"); !limit.empty()) {
                        int value = 0;
                        const auto [end, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
                        if (ec != std::errc() || end != limit.data() + limit.size() || value < 1 || value > 1000) {
                          return Unexpected(InvalidArgument("limit", "must be a whole number from 1 to 1000"));
                        }
                        query.limit = value;
                      }
                      auto page = svc.ListPatients(who, query);
                      if (!page) return Unexpected(std::move(page).error());
                      json out = List(page->items, &EncodePatient);
                      out["next_cursor"] = page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor);
                      return Json(200, out);
                    }));
  router.Add("GET", "/api/v1/patients/{id}",
             WithId(svc, [&svc](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto patient = svc.ReadPatient(who, id);
               if (!patient) return Unexpected(std::move(patient).error());
               return WithEtag(Json(200, EncodePatient(*patient)), patient->version);
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
        return WithEtag(Json(200, EncodePatient(*patient)), patient->version);
      }));
  router.Add(
      "POST", "/api/v1/patients/{id}/portal-account",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        auto email = TextField(*body, "email");
        if (!email) return Unexpected(std::move(email).error());
        auto password = TextField(*body, "password");
        if (!password) return Unexpected(std::move(password).error());
        auto user = svc.CreatePortalAccount(who, id, *email, *password);
        if (!user) return Unexpected(std::move(user).error());
        return Json(201, EncodeUser(*user));
      }));

  // ---- assessments and screenings ----
  router.Add(
      "POST", "/api/v1/patients/{id}/assessments",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        auto assessment = interop::DecodeScarAssessment(*body, "");
        if (!assessment) return Unexpected(std::move(assessment).error());
        auto outcome = svc.RecordAssessment(who, id, *assessment);
        if (!outcome) return Unexpected(std::move(outcome).error());
        return Json(201, EncodeEvaluation(outcome->record));
      }));
  router.Add("GET", "/api/v1/patients/{id}/history", PatientList(svc, &ClinicService::PatientHistory, &EncodeHistory));
  router.Add("GET", "/api/v1/patients/{id}/assessments",
             PatientList(svc, &ClinicService::ListAssessments, &EncodeEvaluation));
  router.Add(
      "POST", "/api/v1/patients/{id}/screenings",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        auto body = Body(request);
        if (!body) return Unexpected(std::move(body).error());
        auto history = interop::DecodeMedicalHistory(*body, "");
        if (!history) return Unexpected(std::move(history).error());
        auto outcome = svc.RecordScreening(who, id, *history);
        if (!outcome) return Unexpected(std::move(outcome).error());
        json out = EncodeEvaluation(outcome->record);
        out["scores"] = interop::EncodeReview(outcome->review, svc.protocol().id)["scores"];
        return Json(201, out);
      }));
  router.Add("GET", "/api/v1/patients/{id}/screenings",
             PatientList(svc, &ClinicService::ListScreenings, &EncodeEvaluation));

  // ---- plans ----
  router.Add("POST", "/api/v1/patients/{id}/plans",
             WithId(svc, [&svc](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto plan = svc.ProposePlan(who, id);
               if (!plan) return Unexpected(std::move(plan).error());
               return WithEtag(Json(201, EncodePlan(*plan)), plan->version);
             }));
  router.Add("GET", "/api/v1/patients/{id}/plans", PatientList(svc, &ClinicService::ListPlans, &EncodePlan));
  router.Add("GET", "/api/v1/plans/{id}",
             WithId(svc, [&svc](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto plan = svc.ReadPlan(who, id);
               if (!plan) return Unexpected(std::move(plan).error());
               return WithEtag(Json(200, EncodePlan(*plan)), plan->version);
             }));
  router.Add(
      "POST", "/api/v1/plans/{id}/approve",
      WithId(svc, [&svc](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
        std::optional<int64_t> version;
        if (!request.Header("if-match").empty()) {
          version = IfMatchVersion(request);
          if (!version) return Unexpected(InvalidArgument("If-Match", "must be the plan's ETag"));
        }
        auto plan = svc.ApprovePlan(who, id, version);
        if (!plan) return Unexpected(std::move(plan).error());
        return WithEtag(Json(200, EncodePlan(*plan)), plan->version);
      }));

  // ---- product checks ----
  router.Add(
      "POST", "/api/v1/product-checks",
      Authed(svc,
             [&svc](const service::Request&, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
               auto body = Body(request);
               if (!body) return Unexpected(std::move(body).error());
               auto inci = TextField(*body, "inci");
               if (!inci) return Unexpected(std::move(inci).error());
               if (inci->find_first_not_of(" \t\r\n") == std::string::npos) {
                 return Unexpected(InvalidArgument("inci", "the ingredient list is empty"));
               }
               int day = 0;
               if (body->contains("day")) {
                 const json& d = (*body)["day"];
                 if (!d.is_number_integer() || d.get<long long>() < 0 || d.get<long long>() > 3650) {
                   return Unexpected(InvalidArgument("day", "must be a whole number of days from 0 to 3650"));
                 }
                 day = static_cast<int>(d.get<long long>());
               }
               domain::ProductType type = domain::ProductType::kOther;
               if (body->contains("product_type")) {
                 const json& t = (*body)["product_type"];
                 const auto parsed = t.is_string() ? domain::ProductTypeFromName(t.get<std::string>()) : std::nullopt;
                 if (!parsed) {
                   return Unexpected(InvalidArgument("product_type",
                                                     "must be one of cleanser, toner, serum, moisturizer, sunscreen, "
                                                     "makeup, mask, scrub, peel, treatment, other"));
                 }
                 type = *parsed;
               }
               const auto check =
                   domain::CheckProduct(svc.protocol().ingredients, svc.protocol().aftercare, {*inci, day, type});
               return Json(200, interop::EncodeProductCheck(check, day, type));
             }));

  // ---- audit ----
  router.Add(
      "GET", "/api/v1/audit",
      Authed(
          svc,
          [&svc](const service::Request& who, const HttpRequest& request, const PathParams&) -> Result<HttpResponse> {
            storage::AuditQuery query;
            for (auto [name, target] : {std::pair{"limit", &query.limit}}) {
              const std::string& text = request.Query(name);
              if (text.empty()) continue;
              const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *target);
              if (ec != std::errc() || end != text.data() + text.size() || *target < 1 || *target > 1000) {
                return Unexpected(InvalidArgument(name, "must be a whole number from 1 to 1000"));
              }
            }
            if (const std::string& after = request.Query("after"); !after.empty()) {
              const auto [end, ec] = std::from_chars(after.data(), after.data() + after.size(), query.after_seq);
              if (ec != std::errc() || end != after.data() + after.size() || query.after_seq < 0) {
                return Unexpected(InvalidArgument("after", "must be a sequence number"));
              }
            }
            auto page = svc.ReadAudit(who, query);
            if (!page) return Unexpected(std::move(page).error());
            json out = List(page->items, &EncodeAudit);
            out["next_after"] = page->next_after_seq == 0 ? json(nullptr) : json(page->next_after_seq);
            return Json(200, out);
          }));
}

}  // namespace scarwise::http
