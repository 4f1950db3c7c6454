#include "http/session_day_routes.hpp"

#include "domain/ingredients/product_check.hpp"
#include "http/route_support.hpp"
#include "interop/json/consultation_codec.hpp"
#include "interop/json/json_parse.hpp"
#include "interop/json/report_codec.hpp"
#include "interop/json/session_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;

json EncodeAmendment(const storage::SessionAmendmentRecord& r) {
  return {{"id", r.id},
          {"amended_by", r.amendment.amended_by},
          {"amended_at", Iso(r.amendment.amended_at)},
          {"reason", r.amendment.reason},
          {"changes", Document(r.amendment.changes_json)}};
}

json EncodeSession(const service::ChartedSession& charted) {
  const storage::NewTreatmentSession& s = charted.record.session;
  return {{"id", charted.record.id},
          {"patient_id", s.patient_id},
          {"plan_id", s.plan_id},
          {"session_number", s.session_number},
          {"appointment_id", s.appointment_id ? json(*s.appointment_id) : json(nullptr)},
          {"screening_id", s.screening_id},
          {"charted_by", s.charted_by},
          {"charted_at", Iso(s.charted_at)},
          {"chart", Document(s.chart_json)},
          {"amendments", List(charted.amendments, &EncodeAmendment)["items"]}};
}

// A charting request: the chart, with the pre-session screening answers under "screening".
struct ChartRequest {
  domain::MedicalHistory history;
  domain::SessionChart chart;
  std::optional<service::IdempotencyKey> idempotency;
};

Result<ChartRequest> DecodeChartRequest(const HttpRequest& request,
                                        const std::vector<domain::ScreeningQuestion>& questions) {
  auto body = Body(request);
  if (!body) return Unexpected(std::move(body).error());
  // A chart request is the chart's members with the pre-session screening beside them.
  json chart_members = *body;
  if (chart_members.is_object()) chart_members.erase("screening");
  if (auto known = interop::OnlyKnownMembers(chart_members, "", interop::kChartMembers); !known) {
    return Unexpected(known.error());
  }
  if (!body->is_object() || !body->contains("screening")) {
    return Unexpected(InvalidArgument("screening", "required: the pre-session screening answers"));
  }
  auto history = interop::DecodeMedicalHistory((*body)["screening"], "screening", questions);
  if (!history) return Unexpected(std::move(history).error());
  auto chart = interop::DecodeSessionChart(*body);
  if (!chart) return Unexpected(std::move(chart).error());
  auto idempotency = IdempotencyOf(request, *body);
  if (!idempotency) return Unexpected(std::move(idempotency).error());
  return ChartRequest{std::move(*history), std::move(*chart), std::move(*idempotency)};
}

}  // namespace

void AddSessionDayRoutes(Router& router, service::ClinicService& clinic, service::SessionDayService& day_service) {
  router.Add("POST", "/api/v1/patients/{id}/sessions",
             WithId(clinic,
                    [&day_service, &clinic](const service::Request& who, const HttpRequest& request,
                                            int64_t id) -> Result<HttpResponse> {
                      auto chart = DecodeChartRequest(request, clinic.protocol().screening.questions);
                      if (!chart) return Unexpected(std::move(chart).error());
                      auto charted = day_service.ChartSession(who, id, chart->history, chart->chart, std::nullopt,
                                                              chart->idempotency);
                      if (!charted) return Unexpected(std::move(charted).error());
                      return Json(201, EncodeSession(*charted));
                    }));
  router.Add("POST", "/api/v1/appointments/{id}/session",
             WithId(clinic,
                    [&day_service, &clinic](const service::Request& who, const HttpRequest& request,
                                            int64_t id) -> Result<HttpResponse> {
                      auto chart = DecodeChartRequest(request, clinic.protocol().screening.questions);
                      if (!chart) return Unexpected(std::move(chart).error());
                      auto charted =
                          day_service.ChartAppointment(who, id, chart->history, chart->chart, chart->idempotency);
                      if (!charted) return Unexpected(std::move(charted).error());
                      return Json(201, EncodeSession(*charted));
                    }));
  router.Add("POST", "/api/v1/appointments/{id}/pre-session-check",
             WithId(clinic,
                    [&day_service, &clinic](const service::Request& who, const HttpRequest& request,
                                            int64_t id) -> Result<HttpResponse> {
                      auto body = Body(request);
                      if (!body) return Unexpected(std::move(body).error());
                      auto history = interop::DecodeMedicalHistory(*body, "", clinic.protocol().screening.questions);
                      if (!history) return Unexpected(std::move(history).error());
                      auto idempotency = IdempotencyOf(request, *body);
                      if (!idempotency) return Unexpected(std::move(idempotency).error());
                      auto check = day_service.CheckBeforeSession(who, id, *history, *idempotency);
                      if (!check) return Unexpected(std::move(check).error());
                      const storage::ScreeningRecord& record = check->screening.record;
                      return Json(201, {{"screening_id", record.id},
                                        {"may_proceed", check->may_proceed},
                                        {"result", Document(record.result_json)}});
                    }));
  router.Add(
      "GET", "/api/v1/patients/{id}/sessions",
      WithId(clinic,
             [&day_service](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto sessions = day_service.ListSessions(who, id);
               if (!sessions) return Unexpected(std::move(sessions).error());
               return Json(200, List(*sessions, &EncodeSession));
             }));
  router.Add(
      "GET", "/api/v1/patients/{id}/sessions/draft",
      WithId(clinic,
             [&day_service](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto draft = day_service.Draft(who, id);
               if (!draft) return Unexpected(std::move(draft).error());
               json out = Document(interop::SessionChartDocument(*draft));
               for (const char* unset : {"started_at", "ended_at"}) out.erase(unset);
               return Json(200, out);
             }));
  router.Add(
      "POST", "/api/v1/sessions/{id}/amendments",
      WithId(
          clinic,
          [&day_service](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
            auto body = Body(request);
            if (!body) return Unexpected(std::move(body).error());
            if (auto known = KnownMembers(*body, {"reason", "changes"}); !known) return Unexpected(known.error());
            auto reason = TextField(*body, "reason");
            if (!reason) return Unexpected(std::move(reason).error());
            const auto changes = body->find("changes");
            if (changes == body->end() || !changes->is_object() || changes->empty()) {
              return Unexpected(InvalidArgument("changes", "required: the corrected fields and their values"));
            }
            // Only what a chart records can be corrected.
            if (auto known = interop::OnlyKnownMembers(*changes, "changes", interop::kChartMembers); !known) {
              return Unexpected(known.error());
            }
            auto idempotency = IdempotencyOf(request, *body);
            if (!idempotency) return Unexpected(std::move(idempotency).error());
            auto amendment = day_service.AmendSession(who, id, *reason, changes->dump(), *idempotency);
            if (!amendment) return Unexpected(std::move(amendment).error());
            return Json(201, EncodeAmendment(*amendment));
          }));
  router.Add("GET", "/api/v1/patients/{id}/handout.pdf",
             WithId(clinic,
                    [&day_service](const service::Request& who, const HttpRequest& request,
                                   int64_t id) -> Result<HttpResponse> {
                      auto session = QueryNumber(request, "session", 1, 1000, "must be a session number");
                      if (!session) return Unexpected(std::move(session).error());
                      std::optional<int> number;
                      if (*session) number = static_cast<int>(**session);
                      auto pdf = day_service.HandoutPdf(who, id, number);
                      if (!pdf) return Unexpected(std::move(pdf).error());
                      return HttpResponse{200,
                                          "application/pdf",
                                          std::move(*pdf),
                                          {{"Content-Disposition", "inline; filename=\"aftercare.pdf\""},
                                           {"Cache-Control", "no-store"}}};
                    }));
  router.Add("GET", "/api/v1/patients/{id}/aftercare",
             WithId(clinic,
                    [&day_service](const service::Request& who, const HttpRequest& request,
                                   int64_t id) -> Result<HttpResponse> {
                      std::optional<Timestamp> at;
                      if (const std::string& text = request.Query("at"); !text.empty()) {
                        auto parsed = ParseTimestamp(text, "at");
                        if (!parsed) return Unexpected(std::move(parsed).error());
                        at = *parsed;
                      }
                      auto now = day_service.Aftercare(who, id, at);
                      if (!now) return Unexpected(std::move(now).error());
                      return Json(200, interop::EncodeAftercare(now->timeline, now->session_end, now->at));
                    }));

  // ---- product checks ----
  router.Add(
      "GET", "/api/v1/patients/{id}/product-checks",
      WithId(clinic,
             [&day_service](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
               auto checks = day_service.ProductChecks(who, id);
               if (!checks) return Unexpected(std::move(checks).error());
               json items = json::array();
               for (const storage::ProductCheckRecord& r : *checks) {
                 items.push_back({{"id", r.id},
                                  {"checked_at", Iso(r.check.checked_at)},
                                  {"checked_by", r.check.checked_by},
                                  {"day_after_session", r.check.day_after_session},
                                  {"product_type", r.check.product_type},
                                  {"inci", r.check.inci},
                                  {"result", Document(r.check.result_json)}});
               }
               return Json(200, {{"items", items}});
             }));
  router.Add(
      "POST", "/api/v1/product-checks",
      Authed(clinic,
             [&day_service](const service::Request& who, const HttpRequest& request,
                            const PathParams&) -> Result<HttpResponse> {
               auto body = Body(request);
               if (!body) return Unexpected(std::move(body).error());
               if (auto known = KnownMembers(*body, {"inci", "patient_id", "day", "product_type"}); !known) {
                 return Unexpected(known.error());
               }
               auto inci = TextField(*body, "inci");
               if (!inci) return Unexpected(std::move(inci).error());
               if (inci->find_first_not_of(" \t\r\n") == std::string::npos) {
                 return Unexpected(InvalidArgument("inci", "the ingredient list is empty"));
               }
               service::ProductQuestion question{*inci, std::nullopt, std::nullopt, domain::ProductType::kOther};
               if (body->contains("patient_id")) {
                 const json& p = (*body)["patient_id"];
                 if (!p.is_number_integer() || p.get<long long>() < 1) {
                   return Unexpected(InvalidArgument("patient_id", "must be a patient id"));
                 }
                 question.patient_id = p.get<int64_t>();
               }
               if (body->contains("day")) {
                 const json& d = (*body)["day"];
                 if (!d.is_number_integer() || d.get<long long>() < 0 || d.get<long long>() > 3650) {
                   return Unexpected(InvalidArgument("day", "must be a whole number of days from 0 to 3650"));
                 }
                 question.day = static_cast<int>(d.get<long long>());
               }
               if (body->contains("product_type")) {
                 const json& t = (*body)["product_type"];
                 const auto parsed = t.is_string() ? domain::ProductTypeFromName(t.get<std::string>()) : std::nullopt;
                 if (!parsed) {
                   return Unexpected(InvalidArgument("product_type",
                                                     "must be one of cleanser, toner, serum, moisturizer, sunscreen, "
                                                     "makeup, mask, scrub, peel, treatment, other"));
                 }
                 question.type = *parsed;
               }
               auto answer = day_service.CheckProduct(who, question);
               if (!answer) return Unexpected(std::move(answer).error());
               json out = interop::EncodeProductCheck(answer->check, answer->day, answer->type);
               if (answer->id) out["id"] = *answer->id;
               return Json(200, out);
             }));
}

}  // namespace scarwise::http
