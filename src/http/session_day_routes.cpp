#include "http/session_day_routes.hpp"

#include "domain/ingredients/product_check.hpp"
#include "http/answers.hpp"
#include "http/route_support.hpp"
#include "interop/json/consultation_codec.hpp"
#include "interop/json/json_parse.hpp"
#include "interop/json/report_codec.hpp"
#include "interop/json/session_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::SessionDayService;

// A charting request: the chart, with the pre-session screening answers under "screening".
struct ChartRequest {
  domain::MedicalHistory history;
  domain::SessionChart chart;
  std::optional<service::IdempotencyKey> idempotency;
};

Result<ChartRequest> DecodeChartRequest(const HttpRequest& request,
                                        const std::vector<domain::ScreeningQuestion>& questions) {
  SCARWISE_ASSIGN_OR_RETURN(auto body, Body(request));
  // A chart request is the chart's members with the pre-session screening beside them.
  json chart_members = body;
  if (chart_members.is_object()) chart_members.erase("screening");
  SCARWISE_RETURN_IF_ERROR(interop::OnlyKnownMembers(chart_members, "", interop::kChartMembers));
  if (!body.is_object() || !body.contains("screening")) {
    return Unexpected(InvalidArgument("screening", "required: the pre-session screening answers"));
  }
  SCARWISE_ASSIGN_OR_RETURN(auto history, interop::DecodeMedicalHistory(body["screening"], "screening", questions));
  SCARWISE_ASSIGN_OR_RETURN(auto chart, interop::DecodeSessionChart(body));
  SCARWISE_ASSIGN_OR_RETURN(auto idempotency, IdempotencyOf(request, body));
  return ChartRequest{std::move(history), std::move(chart), std::move(idempotency)};
}

// {inci, patient_id?, day?, product_type?}
Result<service::ProductQuestion> DecodeProductQuestion(const json& body) {
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"inci", "patient_id", "day", "product_type"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string inci, TextField(body, "inci"));
  if (inci.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Unexpected(InvalidArgument("inci", "the ingredient list is empty"));
  }
  service::ProductQuestion question{inci, std::nullopt, std::nullopt, domain::ProductType::kOther};
  if (body.contains("patient_id")) {
    const json& p = body["patient_id"];
    if (!p.is_number_integer() || p.get<long long>() < 1) {
      return Unexpected(InvalidArgument("patient_id", "must be a patient id"));
    }
    question.patient_id = p.get<int64_t>();
  }
  if (body.contains("day")) {
    const json& d = body["day"];
    if (!d.is_number_integer() || d.get<long long>() < 0 || d.get<long long>() > 3650) {
      return Unexpected(InvalidArgument("day", "must be a whole number of days from 0 to 3650"));
    }
    question.day = static_cast<int>(d.get<long long>());
  }
  if (body.contains("product_type")) {
    const json& t = body["product_type"];
    const auto parsed = t.is_string() ? domain::ProductTypeFromName(t.get<std::string>()) : std::nullopt;
    if (!parsed) {
      return Unexpected(InvalidArgument("product_type",
                                        "must be one of cleanser, toner, serum, moisturizer, sunscreen, "
                                        "makeup, mask, scrub, peel, treatment, other"));
    }
    question.type = *parsed;
  }
  return question;
}

// ---- charting ----

// POST /api/v1/patients/{id}/sessions: the chart, after its pre-session screening.
Result<HttpResponse> ChartSession(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                  int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const ChartRequest chart, DecodeChartRequest(request, day.protocol().screening.questions));
  SCARWISE_ASSIGN_OR_RETURN(const service::ChartedSession charted,
                            day.ChartSession(who, id, chart.history, chart.chart, std::nullopt, chart.idempotency));
  return Json(201, EncodeChartedSession(charted));
}

// POST /api/v1/appointments/{id}/session: the chart of a booked appointment.
Result<HttpResponse> ChartAppointment(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                      int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const ChartRequest chart, DecodeChartRequest(request, day.protocol().screening.questions));
  SCARWISE_ASSIGN_OR_RETURN(const service::ChartedSession charted,
                            day.ChartAppointment(who, id, chart.history, chart.chart, chart.idempotency));
  return Json(201, EncodeChartedSession(charted));
}

// POST /api/v1/appointments/{id}/pre-session-check: the screening answers, judged.
Result<HttpResponse> CheckBeforeSession(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                        int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const domain::MedicalHistory history,
                            interop::DecodeMedicalHistory(body, "", day.protocol().screening.questions));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const auto check, day.CheckBeforeSession(who, id, history, idempotency));
  const storage::ScreeningRecord& record = check.screening.record;
  return Json(
      201, {{"screening_id", record.id}, {"may_proceed", check.may_proceed}, {"result", Document(record.result_json)}});
}

// GET /api/v1/patients/{id}/sessions
Result<HttpResponse> ListSessions(SessionDayService& day, const service::Request& who, const HttpRequest&, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<service::ChartedSession> sessions, day.ListSessions(who, id));
  return Json(200, ForReader(List(sessions, &EncodeChartedSession), who));
}

// GET /api/v1/patients/{id}/sessions/draft: the chart to start from (no times yet).
Result<HttpResponse> DraftSession(SessionDayService& day, const service::Request& who, const HttpRequest&, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const domain::SessionChart draft, day.Draft(who, id));
  json out = Document(interop::SessionChartDocument(draft));
  for (const char* unset : {"started_at", "ended_at"}) out.erase(unset);
  return Json(200, out);
}

// POST /api/v1/sessions/{id}/amendments {reason, changes}
Result<HttpResponse> AmendSession(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                  int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"reason", "changes"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string reason, TextField(body, "reason"));
  const auto changes = body.find("changes");
  if (changes == body.end() || !changes->is_object() || changes->empty()) {
    return Unexpected(InvalidArgument("changes", "required: the corrected fields and their values"));
  }
  // Only what a chart records can be corrected.
  SCARWISE_RETURN_IF_ERROR(interop::OnlyKnownMembers(*changes, "changes", interop::kChartMembers));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::SessionAmendmentRecord amendment,
                            day.AmendSession(who, id, reason, changes->dump(), idempotency));
  return Json(201, EncodeAmendment(amendment));
}

// ---- aftercare ----

// GET /api/v1/patients/{id}/handout.pdf?session=
Result<HttpResponse> HandoutPdf(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<int64_t> session,
                            QueryNumber(request, "session", 1, 1000, "must be a session number"));
  std::optional<int> number;
  if (session) number = static_cast<int>(*session);
  SCARWISE_ASSIGN_OR_RETURN(std::string pdf, day.HandoutPdf(who, id, number));
  return HttpResponse{200,
                      "application/pdf",
                      std::move(pdf),
                      {{"Content-Disposition", "inline; filename=\"aftercare.pdf\""}, {"Cache-Control", "no-store"}}};
}

// GET /api/v1/patients/{id}/aftercare?at=
Result<HttpResponse> Aftercare(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                               int64_t id) {
  std::optional<Timestamp> at;
  if (const std::string& text = request.Query("at"); !text.empty()) {
    SCARWISE_ASSIGN_OR_RETURN(at, ParseTimestamp(text, "at"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const auto now, day.Aftercare(who, id, at));
  return Json(200, ForReader(interop::EncodeAftercare(now.timeline, now.session_end, now.at), who));
}

// ---- product checks ----

// GET /api/v1/patients/{id}/product-checks
Result<HttpResponse> ProductChecks(SessionDayService& day, const service::Request& who, const HttpRequest&,
                                   int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::ProductCheckRecord> checks, day.ProductChecks(who, id));
  return Json(200, List(checks, &EncodeProductCheckRecord));
}

// POST /api/v1/product-checks {inci, patient_id?, day?, product_type?}
Result<HttpResponse> CheckProduct(SessionDayService& day, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const service::ProductQuestion question, DecodeProductQuestion(body));
  SCARWISE_ASSIGN_OR_RETURN(const auto answer, day.CheckProduct(who, question));
  json out = interop::EncodeProductCheck(answer.check, answer.day, answer.type);
  if (answer.id) out["id"] = *answer.id;
  return Json(200, out);
}

}  // namespace

void AddSessionDayRoutes(Router& router, service::AccountsService& accounts, SessionDayService& day) {
  RouteTable routes(router, accounts, day);
  routes.Add("POST", "/api/v1/patients/{id}/sessions", &ChartSession);
  routes.Add("POST", "/api/v1/appointments/{id}/session", &ChartAppointment);
  routes.Add("POST", "/api/v1/appointments/{id}/pre-session-check", &CheckBeforeSession);
  routes.Add("GET", "/api/v1/patients/{id}/sessions", &ListSessions);
  routes.Add("GET", "/api/v1/patients/{id}/sessions/draft", &DraftSession);
  routes.Add("POST", "/api/v1/sessions/{id}/amendments", &AmendSession);
  routes.Add("GET", "/api/v1/patients/{id}/handout.pdf", &HandoutPdf);
  routes.Add("GET", "/api/v1/patients/{id}/aftercare", &Aftercare);
  routes.Add("GET", "/api/v1/patients/{id}/product-checks", &ProductChecks);
  routes.Add("POST", "/api/v1/product-checks", &CheckProduct);
}

}  // namespace scarwise::http
