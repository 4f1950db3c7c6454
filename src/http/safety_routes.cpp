#include "http/safety_routes.hpp"

#include <cstdint>

#include "common/civil_time.hpp"
#include "http/answers.hpp"
#include "http/route_support.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::SessionDayService;

// ---- the cartridge catalogue and recalls ----

json EncodeDeviceLot(const storage::DeviceLotRecord& r) {
  return {{"id", r.id},
          {"device", r.lot.device},
          {"lot", r.lot.lot},
          {"expires_on", r.lot.expires_on.empty() ? json(nullptr) : json(r.lot.expires_on)},
          {"created_by", r.lot.created_by},
          {"created_at", Iso(r.lot.created_at)}};
}

json EncodeSessionLot(const storage::SessionLotRecord& r) {
  return {{"session_id", r.id},
          {"patient_id", r.patient_id},
          {"plan_id", r.plan_id},
          {"session_number", r.session_number},
          {"ended_at", FormatTimestamp({r.ended_at, std::chrono::minutes(r.end_offset_minutes)})},
          {"device", r.device},
          {"lot", r.lot},
          {"catalogued", r.device_lot_id.has_value()}};
}

// POST /api/v1/device-lots {device, lot, expires_on?}
Result<HttpResponse> AddDeviceLot(SessionDayService& day, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"device", "lot", "expires_on"}));
  SCARWISE_ASSIGN_OR_RETURN(const std::string device, TextField(body, "device"));
  SCARWISE_ASSIGN_OR_RETURN(const std::string lot, TextField(body, "lot"));
  std::string expires_on;
  if (body.contains("expires_on") && !body["expires_on"].is_null()) {
    if (!body["expires_on"].is_string()) return Unexpected(InvalidArgument("expires_on", "must be a date YYYY-MM-DD"));
    expires_on = body["expires_on"].get<std::string>();
  }
  SCARWISE_ASSIGN_OR_RETURN(const storage::DeviceLotRecord added, day.AddDeviceLot(who, device, lot, expires_on));
  return Json(201, EncodeDeviceLot(added));
}

// GET /api/v1/device-lots
Result<HttpResponse> ListDeviceLots(SessionDayService& day, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::DeviceLotRecord> lots, day.DeviceLots(who));
  return Json(200, List(lots, &EncodeDeviceLot));
}

// GET /api/v1/lots/{lot}/sessions?limit=&cursor=
Result<HttpResponse> SessionsWithLot(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                     const PathParams& params) {
  const auto lot = params.find("lot");
  if (lot == params.end() || lot->second.empty()) return Unexpected(NotFound("no such lot"));
  SCARWISE_ASSIGN_OR_RETURN(const IdPage page, IdPageOf(request, nullptr, 0, "must be a session id"));
  const int limit = page.limit.value_or(100);
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::SessionLotRecord> sessions,
                            day.SessionsWithLot(who, lot->second, limit, page.after.value_or(0)));
  json out = List(sessions, &EncodeSessionLot);
  out["next_cursor"] = NextCursor(sessions, limit);
  return Json(200, out);
}

// ---- the adverse-event register ----

Result<std::optional<std::string>> OptionalText(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return Unexpected(InvalidArgument(key, "must be text"));
  return std::optional<std::string>(it->get<std::string>());
}

// {type, severity, onset_on, session_id, lot, treatment, outcome, resolved_on, notes}, each
// optional here (the service says which are required).
Result<service::AdverseEventDraft> DecodeAdverseEvent(const json& body) {
  SCARWISE_RETURN_IF_ERROR(KnownMembers(
      body, {"type", "severity", "onset_on", "session_id", "lot", "treatment", "outcome", "resolved_on", "notes"}));
  service::AdverseEventDraft draft;
  for (auto [key, target] :
       {std::pair{"type", &draft.type}, std::pair{"severity", &draft.severity}, std::pair{"onset_on", &draft.onset_on},
        std::pair{"lot", &draft.lot}, std::pair{"treatment", &draft.treatment}, std::pair{"outcome", &draft.outcome},
        std::pair{"resolved_on", &draft.resolved_on}, std::pair{"notes", &draft.notes}}) {
    SCARWISE_ASSIGN_OR_RETURN(*target, OptionalText(body, key));
  }
  if (const auto session = body.find("session_id"); session != body.end() && !session->is_null()) {
    if (!session->is_number_integer() || session->get<long long>() < 1) {
      return Unexpected(InvalidArgument("session_id", "must be a session id"));
    }
    draft.session_id = session->get<int64_t>();
  }
  return draft;
}

// POST /api/v1/patients/{id}/adverse-events
Result<HttpResponse> RecordAdverseEvent(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                        int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const service::AdverseEventDraft draft, DecodeAdverseEvent(body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::AdverseEventRecord event, day.RecordAdverseEvent(who, id, draft));
  return WithEtag(Json(201, EncodeAdverseEvent(event)), event.version);
}

// POST /api/v1/alerts/{id}/adverse-events: in one step, prefilled from the alert.
Result<HttpResponse> RecordAdverseEventFromAlert(SessionDayService& day, const service::Request& who,
                                                 const HttpRequest& request, int64_t id) {
  json body = json::object();
  if (!request.body.empty()) {
    SCARWISE_ASSIGN_OR_RETURN(body, Body(request));
  }
  SCARWISE_ASSIGN_OR_RETURN(const service::AdverseEventDraft draft, DecodeAdverseEvent(body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::AdverseEventRecord event, day.RecordAdverseEventFromAlert(who, id, draft));
  return WithEtag(Json(201, EncodeAdverseEvent(event)), event.version);
}

// GET /api/v1/patients/{id}/adverse-events?limit=&cursor= and GET /api/v1/adverse-events?...
Result<HttpResponse> AdverseEventPage(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                      std::optional<int64_t> patient_id) {
  SCARWISE_ASSIGN_OR_RETURN(const IdPage page, IdPageOf(request, nullptr, 0, "must be an adverse event id"));
  const int limit = page.limit.value_or(100);
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::AdverseEventRecord> events,
                            day.ListAdverseEvents(who, patient_id, limit, page.after.value_or(0)));
  json out = List(events, &EncodeAdverseEvent);
  out["next_cursor"] = NextCursor(events, limit);
  return Json(200, out);
}

Result<HttpResponse> PatientAdverseEvents(SessionDayService& day, const service::Request& who,
                                          const HttpRequest& request, int64_t id) {
  return AdverseEventPage(day, who, request, id);
}

Result<HttpResponse> ClinicAdverseEvents(SessionDayService& day, const service::Request& who,
                                         const HttpRequest& request) {
  return AdverseEventPage(day, who, request, std::nullopt);
}

// PATCH /api/v1/adverse-events/{id} (If-Match) {treatment?, outcome?, resolved_on?, notes?}
Result<HttpResponse> UpdateAdverseEvent(SessionDayService& day, const service::Request& who, const HttpRequest& request,
                                        int64_t id) {
  const auto version = IfMatchVersion(request);
  if (!version) return Unexpected(InvalidArgument("If-Match", "required: the ETag of the event you edited"));
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const service::AdverseEventDraft change, DecodeAdverseEvent(body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::AdverseEventRecord event, day.UpdateAdverseEvent(who, id, *version, change));
  return WithEtag(Json(200, EncodeAdverseEvent(event)), event.version);
}

// GET /api/v1/protocol/adverse-event-types
Result<HttpResponse> AdverseEventTypes(SessionDayService& day, const service::Request&, const HttpRequest&) {
  json items = json::array();
  for (const domain::AdverseEventType& t : day.protocol().recovery.adverse_event_types) {
    items.push_back({{"code", t.code}, {"label", t.label}, {"from_alerts", t.from_alerts}});
  }
  const domain::Source& source = day.protocol().recovery.adverse_events_source;
  return Json(200, {{"items", items}, {"source", source.citation}, {"unverified", source.unverified}});
}

}  // namespace

void AddSafetyRoutes(Router& router, service::AccountsService& accounts, SessionDayService& day) {
  RouteTable routes(router, accounts, day);
  routes.Add("POST", "/api/v1/device-lots", &AddDeviceLot);
  routes.Add("GET", "/api/v1/device-lots", &ListDeviceLots);
  routes.Add("GET", "/api/v1/lots/{lot}/sessions", &SessionsWithLot);
  routes.Add("GET", "/api/v1/protocol/adverse-event-types", &AdverseEventTypes);
  routes.Add("POST", "/api/v1/patients/{id}/adverse-events", &RecordAdverseEvent);
  routes.Add("GET", "/api/v1/patients/{id}/adverse-events", &PatientAdverseEvents);
  routes.Add("GET", "/api/v1/adverse-events", &ClinicAdverseEvents);
  routes.Add("PATCH", "/api/v1/adverse-events/{id}", &UpdateAdverseEvent);
  routes.Add("POST", "/api/v1/alerts/{id}/adverse-events", &RecordAdverseEventFromAlert);
}

}  // namespace scarwise::http
