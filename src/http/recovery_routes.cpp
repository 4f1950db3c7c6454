#include "http/recovery_routes.hpp"

#include "http/route_support.hpp"
#include "interop/json/recovery_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;

json EncodeCheckIn(const storage::CheckInRecord& r) {
  const storage::NewCheckIn& c = r.check_in;
  json signs = json::array();
  for (size_t start = 0; start < c.warning_signs.size();) {
    const size_t end = std::min(c.warning_signs.find(',', start), c.warning_signs.size());
    signs.push_back(c.warning_signs.substr(start, end - start));
    start = end + 1;
  }
  return {{"id", r.id},
          {"patient_id", c.patient_id},
          {"recorded_by", c.recorded_by},
          {"recorded_at", Iso(c.recorded_at)},
          {"day_after_session", c.day_after_session},
          {"redness", c.redness},
          {"swelling", c.swelling},
          {"pain", c.pain},
          {"warning_signs", signs},
          {"products_applied", c.products_applied},
          {"sunscreen_used", c.sunscreen_used},
          {"makeup_used", c.makeup_used}};
}

json EncodeStep(const std::optional<storage::AlertStep>& step) {
  if (!step) return nullptr;
  return {{"by", step->by}, {"at", Iso(step->at)}, {"note", step->note}};
}

json EncodeAlert(const storage::AlertRecord& r) {
  return {{"id", r.id},
          {"patient_id", r.alert.patient_id},
          {"check_in_id", r.alert.check_in_id ? json(*r.alert.check_in_id) : json(nullptr)},
          {"urgency", r.alert.urgency},
          {"code", r.alert.code},
          {"message", r.alert.message},
          {"source", r.alert.source},
          {"status", r.status},
          {"created_at", Iso(r.alert.created_at)},
          {"acknowledged", EncodeStep(r.acknowledged)},
          {"resolved", EncodeStep(r.resolved)},
          {"repeats", r.repeats},
          {"last_check_in_id", r.last_check_in_id ? json(*r.last_check_in_id) : json(nullptr)},
          {"last_seen_at", r.last_seen_at ? json(Iso(*r.last_seen_at)) : json(nullptr)}};
}

// The optional {"note": text} body of a triage step.
Result<std::string> Note(const HttpRequest& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return std::string();
  auto body = Body(request);
  if (!body) return Unexpected(std::move(body).error());
  if (auto known = KnownMembers(*body, {"note"}); !known) return Unexpected(known.error());
  const auto note = body->find("note");
  if (note == body->end() || note->is_null()) return std::string();
  if (!note->is_string()) return Unexpected(InvalidArgument("note", "must be text"));
  return note->get<std::string>();
}

Result<storage::AlertQuery> AlertFilter(const HttpRequest& request) {
  storage::AlertQuery query;
  query.status = request.Query("status");
  if (!query.status.empty() && query.status != "open" && query.status != "acknowledged" && query.status != "resolved") {
    return Unexpected(InvalidArgument("status", "must be open, acknowledged or resolved"));
  }
  query.urgency = request.Query("urgency");
  if (!query.urgency.empty() && !domain::UrgencyFromName(query.urgency)) {
    return Unexpected(InvalidArgument("urgency", "must be emergency, urgent, soon or routine"));
  }
  auto limit = QueryNumber(request, "limit", 1, 1000, kLimitReason);
  if (!limit) return Unexpected(std::move(limit).error());
  auto before = QueryNumber(request, "before", 1, INT64_MAX, "must be an alert id");
  if (!before) return Unexpected(std::move(before).error());
  auto patient = QueryNumber(request, "patient_id", 1, INT64_MAX, "must be a patient id");
  if (!patient) return Unexpected(std::move(patient).error());
  if (*limit) query.limit = static_cast<int>(**limit);
  if (*before) query.before_id = **before;
  query.patient_id = *patient;
  return query;
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

json EncodeFaq(const domain::FaqEntry& entry) {
  return {{"code", entry.code},
          {"question", entry.question},
          {"answer", entry.answer},
          {"source", entry.source.citation},
          {"unverified", entry.source.unverified}};
}

}  // namespace

void AddRecoveryRoutes(Router& router, service::ClinicService& clinic, service::RecoveryService& recovery,
                       service::PatientGuide& guide) {
  router.Add(
      "GET", "/api/v1/faq",
      Authed(clinic,
             [&guide](const service::Request& who, const HttpRequest&, const PathParams&) -> Result<HttpResponse> {
               auto items = guide.Faq(who, std::nullopt);
               if (!items) return Unexpected(std::move(items).error());
               return Json(200, List(*items, &EncodeFaq));
             }));
  router.Add(
      "GET", "/api/v1/patients/{id}/faq",
      WithId(clinic, [&guide](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
        auto items = guide.Faq(who, id);
        if (!items) return Unexpected(std::move(items).error());
        return Json(200, List(*items, &EncodeFaq));
      }));
  // The protocol's questions, with their wording: the screening (every one must be
  // answered) and the signs a check-in may report. The forms are generated from them.
  router.Add(
      "GET", "/api/v1/protocol/questions",
      Authed(clinic, [&clinic](const service::Request&, const HttpRequest&, const PathParams&) -> Result<HttpResponse> {
        const domain::Protocol& protocol = clinic.protocol();
        json screening = json::array();
        for (const auto& q : protocol.screening.questions) screening.push_back(EncodeQuestion(q));
        json signs = json::array();
        for (const auto& sign : protocol.recovery.signs) {
          signs.push_back({{"key", sign.key}, {"patient", sign.patient}});
        }
        return Json(200, {{"protocol", {{"name", protocol.id.name}, {"version", protocol.id.version}}},
                          {"screening", screening},
                          {"check_in_signs", signs}});
      }));
  router.Add("POST", "/api/v1/patients/{id}/check-ins",
             WithId(clinic,
                    [&recovery, &clinic](const service::Request& who, const HttpRequest& request,
                                         int64_t id) -> Result<HttpResponse> {
                      auto body = Body(request);
                      if (!body) return Unexpected(std::move(body).error());
                      auto check_in = interop::DecodeCheckIn(*body, clinic.protocol().recovery.signs);
                      if (!check_in) return Unexpected(std::move(check_in).error());
                      auto idempotency = IdempotencyOf(request, *body);
                      if (!idempotency) return Unexpected(std::move(idempotency).error());
                      auto outcome = recovery.RecordCheckIn(who, id, *check_in, *idempotency);
                      if (!outcome) return Unexpected(std::move(outcome).error());
                      json advice = nullptr;
                      if (outcome->advice) {
                        advice = {{"urgency", domain::UrgencyName(outcome->advice->urgency)},
                                  {"tell_patient", outcome->advice->tell_patient}};
                      }
                      return Json(201, {{"check_in", EncodeCheckIn(outcome->check_in)},
                                        {"alerts", List(outcome->alerts, &EncodeAlert)["items"]},
                                        {"advice", advice}});
                    }));
  router.Add(
      "GET", "/api/v1/patients/{id}/check-ins",
      WithId(clinic, [&recovery](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
        auto items = recovery.ListCheckIns(who, id);
        if (!items) return Unexpected(std::move(items).error());
        return Json(200, List(*items, &EncodeCheckIn));
      }));
  router.Add("GET", "/api/v1/alerts",
             Authed(clinic,
                    [&recovery](const service::Request& who, const HttpRequest& request,
                                const PathParams&) -> Result<HttpResponse> {
                      auto query = AlertFilter(request);
                      if (!query) return Unexpected(std::move(query).error());
                      auto items = recovery.ListAlerts(who, *query);
                      if (!items) return Unexpected(std::move(items).error());
                      json out = List(*items, &EncodeAlert);
                      out["next_before"] =
                          static_cast<int>(items->size()) == query->limit ? json(items->back().id) : json(nullptr);
                      return Json(200, out);
                    }));
  for (const char* step : {"acknowledge", "resolve"}) {
    const bool resolve = std::string_view(step) == "resolve";
    router.Add("POST", std::string("/api/v1/alerts/{id}/") + step,
               WithId(clinic,
                      [&recovery, resolve](const service::Request& who, const HttpRequest& request,
                                           int64_t id) -> Result<HttpResponse> {
                        auto note = Note(request);
                        if (!note) return Unexpected(std::move(note).error());
                        auto alert =
                            resolve ? recovery.ResolveAlert(who, id, *note) : recovery.AcknowledgeAlert(who, id, *note);
                        if (!alert) return Unexpected(std::move(alert).error());
                        return Json(200, EncodeAlert(*alert));
                      }));
  }
}

}  // namespace scarwise::http
