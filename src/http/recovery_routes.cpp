#include "http/recovery_routes.hpp"

#include "common/civil_time.hpp"

#include "http/answers.hpp"
#include "http/route_support.hpp"
#include "interop/json/recovery_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::RecoveryService;

// The optional {"note": text} body of a triage step.
Result<std::string> DecodeNote(const HttpRequest& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return std::string();
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  return interop::DecodeTriageNote(body);
}

// ?status=&urgency=&patient_id=&limit=&cursor=
Result<storage::AlertQuery> DecodeAlertQuery(const HttpRequest& request) {
  storage::AlertQuery query;
  if (const std::string& status = request.Query("status"); !status.empty()) {
    query.status = FromName<domain::AlertStatus>(status);
    if (!query.status) return Unexpected(InvalidArgument("status", "must be open, acknowledged or resolved"));
  }
  if (const std::string& urgency = request.Query("urgency"); !urgency.empty()) {
    query.urgency = FromName<domain::Urgency>(urgency);
    if (!query.urgency) return Unexpected(InvalidArgument("urgency", "must be emergency, urgent, soon or routine"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const IdPage page, IdPageOf(request, nullptr, 1, "must be an alert id"));
  SCARWISE_ASSIGN_OR_RETURN(query.patient_id, QueryNumber(request, "patient_id", 1, INT64_MAX, "must be a patient id"));
  if (page.limit) query.limit = *page.limit;
  if (page.after) query.before_id = *page.after;
  return query;
}

// POST /api/v1/patients/{id}/check-ins: the check-in and the alerts it raised.
Result<HttpResponse> RecordCheckIn(RecoveryService& recovery, const service::Request& who, const HttpRequest& request,
                                   int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const domain::CheckIn check_in,
                            interop::DecodeCheckIn(body, recovery.protocol().recovery.signs));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const service::CheckInOutcome outcome,
                            recovery.RecordCheckIn(who, id, check_in, idempotency));
  // What the patient is told at once (the protocol's words; emergency: call emergency services).
  json advice = nullptr;
  if (outcome.advice) {
    advice = {{"urgency", NameOf(outcome.advice->urgency)}, {"tell_patient", outcome.advice->tell_patient}};
  }
  // The patient hears that the clinic was told, in the protocol's words for patients; the
  // alerts' staff wording, rule and source are for the clinic.
  const bool patient = !who.actor || who.actor->role == service::Role::kPatient;
  return Json(201, {{"check_in", EncodeCheckIn(outcome.check_in)},
                    {"alerts", List(outcome.alerts, patient ? &EncodeAlertForPatient : &EncodeAlert)["items"]},
                    {"advice", advice}});
}

json EncodeQuestion(const domain::ScreeningQuestion& q) {
  json out = {{"key", q.key},
              {"type", domain::QuestionTypeName(q.type)},
              {"clinician", q.clinician_wording},
              {"patient", q.patient_wording},
              {"help", q.help}};
  if (q.type == domain::QuestionType::kChoice) out["options"] = q.options;
  return out;
}

// GET /api/v1/protocol/questions: the protocol's questions with their wording, the screening
// (every one must be answered) and the signs a check-in may report. The forms are generated
// from them.
Result<HttpResponse> ProtocolQuestions(RecoveryService& recovery, const service::Request&, const HttpRequest&) {
  const domain::Protocol& protocol = recovery.protocol();
  json screening = json::array();
  for (const domain::ScreeningQuestion& q : protocol.screening.questions) screening.push_back(EncodeQuestion(q));
  json signs = json::array();
  for (const domain::WarningSign& sign : protocol.recovery.signs) {
    signs.push_back({{"key", sign.key}, {"patient", sign.patient}});
  }
  return Json(200, {{"protocol", {{"name", protocol.id.name}, {"version", protocol.id.version}}},
                    {"screening", screening},
                    {"check_in_signs", signs}});
}

// GET /api/v1/patients/{id}/check-ins
Result<HttpResponse> ListCheckIns(RecoveryService& recovery, const service::Request& who, const HttpRequest&,
                                  int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::CheckInRecord> items, recovery.ListCheckIns(who, id));
  return Json(200, List(items, &EncodeCheckIn));
}

// GET /api/v1/alerts (newest first)
Result<HttpResponse> ListAlerts(RecoveryService& recovery, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const storage::AlertQuery query, DecodeAlertQuery(request));
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<service::AlertView> views, recovery.ListAlertViews(who, query));
  std::vector<storage::AlertRecord> items;
  json list = json::array();
  for (const service::AlertView& view : views) {
    json one = EncodeAlert(view.alert);
    one["patient"] = {{"name", view.patient_name},
                      {"phone", view.patient_phone.empty() ? json(nullptr) : json(view.patient_phone)}};
    one["session"] = nullptr;
    if (view.session) {
      one["session"] = {
          {"id", view.session->id},
          {"session_number", view.session->session.session_number},
          {"appointment_id",
           view.session->session.appointment_id ? json(*view.session->session.appointment_id) : json(nullptr)},
          // On the clinic's wall clock, with the offset it was charted in.
          {"ended_at", FormatTimestamp({view.session->session.ended_at,
                                        std::chrono::minutes(view.session->session.end_offset_minutes)})}};
    }
    if (view.alert.acknowledged) one["acknowledged"]["by_name"] = view.acknowledged_by_name;
    if (view.alert.resolved) one["resolved"]["by_name"] = view.resolved_by_name;
    list.push_back(std::move(one));
    items.push_back(view.alert);
  }
  json out = {{"items", std::move(list)}};
  out["next_cursor"] = NextCursor(items, query.limit);
  return Json(200, out);
}

// POST /api/v1/alerts/{id}/acknowledge {note?}
Result<HttpResponse> AcknowledgeAlert(RecoveryService& recovery, const service::Request& who,
                                      const HttpRequest& request, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::string note, DecodeNote(request));
  SCARWISE_ASSIGN_OR_RETURN(const storage::AlertRecord alert, recovery.AcknowledgeAlert(who, id, note));
  return Json(200, EncodeAlert(alert));
}

// POST /api/v1/alerts/{id}/resolve {note?}
Result<HttpResponse> ResolveAlert(RecoveryService& recovery, const service::Request& who, const HttpRequest& request,
                                  int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::string note, DecodeNote(request));
  SCARWISE_ASSIGN_OR_RETURN(const storage::AlertRecord alert, recovery.ResolveAlert(who, id, note));
  return Json(200, EncodeAlert(alert));
}

}  // namespace

void AddRecoveryRoutes(Router& router, service::AccountsService& accounts, RecoveryService& recovery) {
  RouteTable routes(router, accounts, recovery);
  routes.Add("GET", "/api/v1/protocol/questions", &ProtocolQuestions);
  routes.Add("POST", "/api/v1/patients/{id}/check-ins", &RecordCheckIn);
  routes.Add("GET", "/api/v1/patients/{id}/check-ins", &ListCheckIns);
  routes.Add("GET", "/api/v1/alerts", &ListAlerts);
  routes.Add("POST", "/api/v1/alerts/{id}/acknowledge", &AcknowledgeAlert);
  routes.Add("POST", "/api/v1/alerts/{id}/resolve", &ResolveAlert);
}

}  // namespace scarwise::http
