#include "http/scheduling_routes.hpp"

#include <charconv>

#include "common/unicode_text.hpp"
#include "http/route_support.hpp"
#include "interop/json/scheduling_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::ScheduledSession;

constexpr const char* kCalendarType = "text/calendar; charset=utf-8";

json EncodeSession(const ScheduledSession& s) {
  return {{"id", s.appointment_id ? json(*s.appointment_id) : json(nullptr)},
          {"plan_id", s.plan_id},
          {"patient_id", s.patient_id},
          {"session_number", s.session_number},
          {"starts_at", FormatTimestamp(s.starts_at)},
          {"ends_at", FormatTimestamp(s.ends_at)},
          {"practitioner_id", s.practitioner_id},
          {"room_id", s.room_id},
          {"device_id", s.device_id},
          {"status", s.status},
          {"sequence", s.sequence}};
}

json EncodeSessions(const std::vector<ScheduledSession>& sessions) {
  json out = json::array();
  for (const auto& s : sessions) out.push_back(EncodeSession(s));
  return out;
}

json EncodeClinic(const service::ClinicCalendarSettings& c) {
  return {{"time_zone", c.time_zone},
          {"opening_hours", interop::EncodeWeeklyHours(c.opening_hours)},
          {"closed_dates", interop::EncodeDates(c.closed_dates)},
          {"version", c.version}};
}

json EncodeResource(const storage::ResourceRecord& r) {
  json out = {{"id", r.id}, {"kind", r.resource.kind}, {"name", r.resource.name}, {"version", r.version}};
  if (r.resource.kind == "practitioner") {
    out["user_id"] = r.resource.user_id ? json(*r.resource.user_id) : json(nullptr);
    const json schedule = Document(r.resource.schedule_json);
    out["working_hours"] = schedule.value("working_hours", json::object());
    out["absences"] = schedule.value("absences", json::array());
  }
  return out;
}

json EncodeUnbookable(const domain::Unbookable& why) {
  return {{"session_number", why.session_number},
          {"constraint", why.constraint},
          {"from", FormatDate(why.from)},
          {"to", FormatDate(why.to)},
          {"message", why.message}};
}

json EncodeReflow(const service::ReflowOutcome& o) {
  return {{"dry_run", o.dry_run},
          {"appointment", o.changed ? EncodeSession(*o.changed) : json(nullptr)},
          {"moved", EncodeSessions(o.moved)},
          {"unresolved", o.unresolved ? EncodeUnbookable(*o.unresolved) : json(nullptr)}};
}

bool DryRun(const HttpRequest& request, const json& body) {
  if (request.Query("dry_run") == "true") return true;
  return body.is_object() && body.value("dry_run", false) == true;
}

Result<json> OptionalBody(const HttpRequest& request) {
  if (request.body.empty()) return json::object();
  return Body(request);
}

// A booking's preferences from the query string of a preview (GET), as the body's JSON.
json PreferencesFromQuery(const HttpRequest& request) {
  json body = json::object();
  if (const std::string& days = request.Query("weekdays"); !days.empty()) {
    json list = json::array();
    size_t start = 0;
    while (start <= days.size()) {
      const size_t comma = days.find(',', start);
      list.push_back(days.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    body["weekdays"] = list;
  }
  for (const char* key : {"time_from", "time_to", "earliest"}) {
    if (!request.Query(key).empty()) body[key] = request.Query(key);
  }
  if (const std::string& rebook = request.Query("rebook"); !rebook.empty()) {
    body["rebook"] = rebook == "true" ? json(true) : rebook == "false" ? json(false) : json(rebook);
  }
  if (const std::string& id = request.Query("practitioner_id"); !id.empty()) {
    int64_t number = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
    body["practitioner_id"] = ec == std::errc() && end == id.data() + id.size() ? json(number) : json(id);
  }
  return body;
}

Result<json> Alternatives(service::SchedulingService& scheduling, const service::Request& who, int64_t plan_id,
                          const json& preferences) {
  auto booking = interop::DecodeBookingRequest(preferences);
  if (!booking) return Unexpected(std::move(booking).error());
  auto alternatives = scheduling.PreviewSeries(who, plan_id, *booking);
  if (!alternatives) return Unexpected(std::move(alternatives).error());
  json out = json::array();
  for (const auto& a : *alternatives) {
    out.push_back({{"rank", a.rank},
                   {"same_practitioner", a.same_practitioner},
                   {"same_weekday_and_time", a.same_weekday_and_time},
                   {"gaps_days", a.gaps_days},
                   {"appointments", EncodeSessions(a.sessions)}});
  }
  return json{{"dry_run", true}, {"alternatives", out}};
}

// A resource of `kind` from {"name"} (practitioners also take user_id, working_hours and
// absences).
Result<storage::NewResource> DecodeResource(const json& body, const std::string& kind) {
  auto name = TextField(body, "name");
  if (!name) return Unexpected(std::move(name).error());
  if (name->empty() || name->size() > 200) {
    return Unexpected(InvalidArgument("name", "must be 1 to 200 characters"));
  }
  storage::NewResource resource{kind, *name, std::nullopt, "{}", {}};
  for (const auto& [key, value] : body.items()) {
    const bool known =
        key == "name" || (kind == "practitioner" && (key == "user_id" || key == "working_hours" || key == "absences"));
    if (!known) return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
  }
  if (kind != "practitioner") return resource;
  if (body.contains("user_id") && !body["user_id"].is_null()) {
    if (!body["user_id"].is_number_integer() || body["user_id"].get<int64_t>() < 1) {
      return Unexpected(InvalidArgument("user_id", "must be a staff user's id"));
    }
    resource.user_id = body["user_id"].get<int64_t>();
  }
  if (!body.contains("working_hours")) {
    return Unexpected(InvalidArgument("working_hours", "required: the practitioner's weekly hours"));
  }
  auto schedule = interop::DecodePractitionerSchedule(body);
  if (!schedule) return Unexpected(std::move(schedule).error());
  resource.schedule_json = interop::EncodePractitionerSchedule(*schedule);
  return resource;
}

HttpResponse Calendar(std::string ics) {
  return HttpResponse{
      200, kCalendarType, std::move(ics), {{"Content-Disposition", "inline; filename=\"appointments.ics\""}}};
}

void AddResourceRoutes(Router& router, service::ClinicService& clinic, service::SchedulingService& scheduling,
                       const std::string& kind, const std::string& path) {
  router.Add("POST", path,
             Authed(clinic,
                    [&scheduling, kind](const service::Request& who, const HttpRequest& request,
                                        const PathParams&) -> Result<HttpResponse> {
                      auto body = Body(request);
                      if (!body) return Unexpected(std::move(body).error());
                      if (!body->is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
                      auto resource = DecodeResource(*body, kind);
                      if (!resource) return Unexpected(std::move(resource).error());
                      auto idempotency = IdempotencyOf(request, *body);
                      if (!idempotency) return Unexpected(std::move(idempotency).error());
                      auto added = scheduling.AddResource(who, *resource, *idempotency);
                      if (!added) return Unexpected(std::move(added).error());
                      return WithEtag(Json(201, EncodeResource(*added)), added->version);
                    }));
  router.Add("GET", path,
             Authed(clinic,
                    [&scheduling, kind](const service::Request& who, const HttpRequest&,
                                        const PathParams&) -> Result<HttpResponse> {
                      auto all = scheduling.Resources(who);
                      if (!all) return Unexpected(std::move(all).error());
                      json items = json::array();
                      for (const auto& r : *all) {
                        if (r.resource.kind == kind) items.push_back(EncodeResource(r));
                      }
                      return Json(200, {{"items", items}});
                    }));
}

}  // namespace

void AddSchedulingRoutes(Router& router, service::ClinicService& clinic, service::SchedulingService& scheduling) {
  router.Add(
      "GET", "/api/v1/clinic",
      Authed(clinic,
             [&scheduling](const service::Request& who, const HttpRequest&, const PathParams&) -> Result<HttpResponse> {
               auto settings = scheduling.ClinicCalendar(who);
               if (!settings) return Unexpected(std::move(settings).error());
               return WithEtag(Json(200, EncodeClinic(*settings)), settings->version);
             }));
  router.Add(
      "PUT", "/api/v1/clinic",
      Authed(clinic,
             [&scheduling](const service::Request& who, const HttpRequest& request,
                           const PathParams&) -> Result<HttpResponse> {
               auto body = Body(request);
               if (!body) return Unexpected(std::move(body).error());
               if (!body->is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
               for (const auto& [key, value] : body->items()) {
                 if (key != "time_zone" && key != "opening_hours" && key != "closed_dates") {
                   return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
                 }
               }
               auto zone = TextField(*body, "time_zone");
               if (!zone) return Unexpected(std::move(zone).error());
               if (!body->contains("opening_hours")) {
                 return Unexpected(InvalidArgument("opening_hours", "required: the clinic's weekly opening hours"));
               }
               auto hours = interop::DecodeWeeklyHours((*body)["opening_hours"], "opening_hours");
               if (!hours) return Unexpected(std::move(hours).error());
               service::ClinicCalendarSettings settings{*zone, *hours, {}, 0};
               if (body->contains("closed_dates")) {
                 auto closed = interop::DecodeDates((*body)["closed_dates"], "closed_dates");
                 if (!closed) return Unexpected(std::move(closed).error());
                 settings.closed_dates = std::move(*closed);
               }
               auto saved = scheduling.SaveClinicCalendar(who, settings, IfMatchVersion(request));
               if (!saved) return Unexpected(std::move(saved).error());
               return WithEtag(Json(200, EncodeClinic(*saved)), saved->version);
             }));

  AddResourceRoutes(router, clinic, scheduling, "practitioner", "/api/v1/practitioners");
  AddResourceRoutes(router, clinic, scheduling, "room", "/api/v1/rooms");
  AddResourceRoutes(router, clinic, scheduling, "device", "/api/v1/devices");
  router.Add(
      "PATCH", "/api/v1/practitioners/{id}",
      WithId(
          clinic,
          [&scheduling](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
            const auto version = IfMatchVersion(request);
            if (!version) return Unexpected(InvalidArgument("If-Match", "required: the ETag of the practitioner"));
            auto body = Body(request);
            if (!body) return Unexpected(std::move(body).error());
            if (!body->is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
            // Only what the body names changes.
            service::SchedulingService::PractitionerChange change;
            for (const auto& [key, value] : body->items()) {
              if (key == "name") {
                if (!value.is_string() || value.get<std::string>().empty() || value.get<std::string>().size() > 200) {
                  return Unexpected(InvalidArgument("name", "must be 1 to 200 characters"));
                }
                change.name = value.get<std::string>();
              } else if (key == "working_hours") {
                auto hours = interop::DecodeWeeklyHours(value, "working_hours");
                if (!hours) return Unexpected(std::move(hours).error());
                change.working_hours = std::move(*hours);
              } else if (key == "absences") {
                auto absences = interop::DecodeAbsences(value, "absences");
                if (!absences) return Unexpected(std::move(absences).error());
                change.absences = std::move(*absences);
              } else {
                return Unexpected(InvalidArgument(key, "cannot be changed here"));
              }
            }
            auto updated = scheduling.UpdatePractitioner(who, id, *version, change);
            if (!updated) return Unexpected(std::move(updated).error());
            json out = EncodeResource(updated->practitioner);
            out["displaced_sessions"] = json::array();
            for (const service::DisplacedSession& d : updated->displaced) {
              json session = EncodeSession(d.session);
              session["constraint"] = d.constraint;
              out["displaced_sessions"].push_back(std::move(session));
            }
            return WithEtag(Json(200, out), updated->practitioner.version);
          }));

  router.Add("GET", "/api/v1/plans/{id}/bookings",
             WithId(clinic,
                    [&scheduling](const service::Request& who, const HttpRequest& request,
                                  int64_t id) -> Result<HttpResponse> {
                      if (request.Query("dry_run") != "true") {
                        return Unexpected(InvalidArgument("dry_run", "must be true: GET previews the alternatives"));
                      }
                      auto preview = Alternatives(scheduling, who, id, PreferencesFromQuery(request));
                      if (!preview) return Unexpected(std::move(preview).error());
                      return Json(200, *preview);
                    }));
  router.Add("POST", "/api/v1/plans/{id}/bookings",
             WithId(clinic,
                    [&scheduling](const service::Request& who, const HttpRequest& request,
                                  int64_t id) -> Result<HttpResponse> {
                      auto body = OptionalBody(request);
                      if (!body) return Unexpected(std::move(body).error());
                      const bool dry_run = DryRun(request, *body);
                      if (body->is_object()) body->erase("dry_run");
                      if (dry_run) {
                        auto preview = Alternatives(scheduling, who, id, *body);
                        if (!preview) return Unexpected(std::move(preview).error());
                        return Json(200, *preview);
                      }
                      auto booking = interop::DecodeBookingRequest(*body);
                      if (!booking) return Unexpected(std::move(booking).error());
                      auto idempotency = IdempotencyOf(request, *body);
                      if (!idempotency) return Unexpected(std::move(idempotency).error());
                      auto booked = scheduling.BookSeries(who, id, *booking, *idempotency);
                      if (!booked) return Unexpected(std::move(booked).error());
                      return Json(201, {{"appointments", EncodeSessions(*booked)}});
                    }));

  router.Add("POST", "/api/v1/appointments/{id}/reschedule",
             WithId(clinic,
                    [&scheduling](const service::Request& who, const HttpRequest& request,
                                  int64_t id) -> Result<HttpResponse> {
                      auto body = Body(request);
                      if (!body) return Unexpected(std::move(body).error());
                      if (!body->is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
                      for (const auto& [key, value] : body->items()) {
                        if (key != "starts_at" && key != "practitioner_id" && key != "dry_run") {
                          return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
                        }
                      }
                      auto text = TextField(*body, "starts_at");
                      if (!text) return Unexpected(std::move(text).error());
                      auto starts = ParseTimestamp(*text, "starts_at");
                      if (!starts) return Unexpected(std::move(starts).error());
                      std::optional<int64_t> practitioner;
                      if (body->contains("practitioner_id") && !(*body)["practitioner_id"].is_null()) {
                        const json& value = (*body)["practitioner_id"];
                        if (!value.is_number_integer() || value.get<int64_t>() < 1) {
                          return Unexpected(InvalidArgument("practitioner_id", "must be a practitioner's id"));
                        }
                        practitioner = value.get<int64_t>();
                      }
                      auto outcome = scheduling.Reschedule(who, id, *starts, practitioner, DryRun(request, *body));
                      if (!outcome) return Unexpected(std::move(outcome).error());
                      return Json(200, EncodeReflow(*outcome));
                    }));
  for (const auto& [path, status] : {std::pair{"/api/v1/appointments/{id}/cancel", "cancelled"},
                                     std::pair{"/api/v1/appointments/{id}/no-show", "no_show"}}) {
    router.Add("POST", path,
               WithId(clinic,
                      [&scheduling, status = std::string(status)](
                          const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
                        auto body = OptionalBody(request);
                        if (!body) return Unexpected(std::move(body).error());
                        if (auto known = KnownMembers(*body, {"dry_run"}); !known) return Unexpected(known.error());
                        auto outcome = scheduling.Close(who, id, status, DryRun(request, *body));
                        if (!outcome) return Unexpected(std::move(outcome).error());
                        return Json(200, EncodeReflow(*outcome));
                      }));
  }

  router.Add("GET", "/api/v1/appointments",
             Authed(clinic,
                    [&scheduling, &clinic](const service::Request& who, const HttpRequest& request,
                                           const PathParams&) -> Result<HttpResponse> {
                      service::CalendarQuery query{clinic.Today(), clinic.Today() + std::chrono::days(7), {}, {}};
                      for (auto [key, target] : {std::pair{"from", &query.from}, std::pair{"to", &query.to}}) {
                        if (request.Query(key).empty()) continue;
                        auto day = ParseDate(request.Query(key), key);
                        if (!day) return Unexpected(std::move(day).error());
                        *target = *day;
                      }
                      if (query.to <= query.from) return Unexpected(InvalidArgument("to", "must be after from"));
                      if (query.to - query.from > std::chrono::days(92)) {
                        return Unexpected(InvalidArgument("to", "at most 92 days after from"));
                      }
                      for (auto [key, target] :
                           {std::pair{"practitioner", &query.practitioner_id}, std::pair{"room", &query.room_id}}) {
                        auto id = QueryNumber(request, key, 1, INT64_MAX, "must be an id");
                        if (!id) return Unexpected(std::move(id).error());
                        *target = *id;
                      }
                      auto sessions = scheduling.Calendar(who, query);
                      if (!sessions) return Unexpected(std::move(sessions).error());
                      return Json(200, {{"items", EncodeSessions(*sessions)}});
                    }));
  router.Add("GET", "/api/v1/appointments/{id}",
             WithId(clinic,
                    [&scheduling](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
                      auto session = scheduling.Appointment(who, id);
                      if (!session) return Unexpected(std::move(session).error());
                      return Json(200, EncodeSession(*session));
                    }));
  router.Add("GET", "/api/v1/patients/{id}/appointments",
             WithId(clinic,
                    [&scheduling](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
                      auto sessions = scheduling.PatientAppointments(who, id);
                      if (!sessions) return Unexpected(std::move(sessions).error());
                      return Json(200, {{"items", EncodeSessions(*sessions)}});
                    }));

  router.Add("GET", "/api/v1/patients/{id}/calendar.ics",
             WithId(clinic,
                    [&scheduling](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
                      auto ics = scheduling.PatientCalendarFeed(who, id);
                      if (!ics) return Unexpected(std::move(ics).error());
                      return Calendar(std::move(*ics));
                    }));
  // A patient's feeds: made (POST .../calendar-feed is the older name of the same), listed
  // without their tokens, and revoked one by one.
  router.Add(
      "GET", "/api/v1/patients/{id}/calendar-feeds",
      WithId(
          clinic, [&scheduling](const service::Request& who, const HttpRequest&, int64_t id) -> Result<HttpResponse> {
            auto feeds = scheduling.ListCalendarFeeds(who, id);
            if (!feeds) return Unexpected(std::move(feeds).error());
            json items = json::array();
            for (const storage::CalendarFeedRecord& f : *feeds) {
              items.push_back({{"id", f.id},
                               {"created_at", Iso(f.feed.created_at)},
                               {"created_by", f.feed.created_by},
                               {"last_fetched_at", f.last_fetched_at ? json(Iso(*f.last_fetched_at)) : json(nullptr)}});
            }
            return Json(200, {{"items", items}});
          }));
  router.Add("DELETE", "/api/v1/patients/{id}/calendar-feeds/{feed_id}",
             Authed(clinic,
                    [&scheduling](const service::Request& who, const HttpRequest&,
                                  const PathParams& params) -> Result<HttpResponse> {
                      auto id = PathId(params, "id");
                      if (!id) return Unexpected(std::move(id).error());
                      auto feed_id = PathId(params, "feed_id");
                      if (!feed_id) return Unexpected(std::move(feed_id).error());
                      if (auto revoked = scheduling.RevokeCalendarFeed(who, *id, *feed_id); !revoked) {
                        return Unexpected(revoked.error());
                      }
                      return HttpResponse{204, "application/json", "", {}};
                    }));
  for (const auto& [path, is_patient] :
       {std::pair{"/api/v1/patients/{id}/calendar-feed", true}, std::pair{"/api/v1/patients/{id}/calendar-feeds", true},
        std::pair{"/api/v1/practitioners/{id}/calendar-feed", false}}) {
    router.Add("POST", path,
               WithId(clinic,
                      [&scheduling, is_patient = is_patient](const service::Request& who, const HttpRequest&,
                                                             int64_t id) -> Result<HttpResponse> {
                        auto token = is_patient ? scheduling.NewCalendarFeedToken(who, id, std::nullopt)
                                                : scheduling.NewCalendarFeedToken(who, std::nullopt, id);
                        if (!token) return Unexpected(std::move(token).error());
                        return Json(201, {{"path", "/api/v1/calendar-feeds/" + *token + ".ics"}});
                      }));
  }
  router.Add("GET", "/api/v1/calendar-feeds/{token}",
             Wrap([&scheduling](const HttpRequest& request, const PathParams& params) -> Result<HttpResponse> {
               std::string token = params.count("token") ? params.at("token") : "";
               constexpr std::string_view kSuffix = ".ics";
               if (token.size() > kSuffix.size() && token.ends_with(kSuffix))
                 token.resize(token.size() - kSuffix.size());
               auto ics = scheduling.CalendarFeedByToken(
                   service::Request{std::nullopt, request.request_id, request.audit_hold}, token);
               if (!ics) return Unexpected(std::move(ics).error());
               return Calendar(std::move(*ics));
             }));
}

namespace {

json EncodeOutboxMessage(const storage::OutboxRecord& r) {
  const storage::NewOutboxMessage& m = r.message;
  return {{"id", r.id},
          {"kind", m.kind},
          {"recipient", m.recipient},
          {"subject", m.subject},
          {"patient_id", m.patient_id ? json(*m.patient_id) : json(nullptr)},
          {"appointment_id", m.appointment_id ? json(*m.appointment_id) : json(nullptr)},
          {"due_at", Iso(m.due_at)},
          {"status", r.status},
          {"attempts", r.attempts},
          {"next_attempt_at", Iso(r.next_attempt_at)},
          {"last_error", r.last_error},
          {"sent_at", r.sent_at ? json(Iso(*r.sent_at)) : json(nullptr)}};
}

}  // namespace

void AddOutboxRoutes(Router& router, service::ClinicService& clinic, service::Outbox& outbox) {
  router.Add("GET", "/api/v1/outbox",
             Authed(clinic,
                    [&outbox](const service::Request& who, const HttpRequest& request,
                              const PathParams&) -> Result<HttpResponse> {
                      std::optional<std::string> status;
                      if (const std::string& s = request.Query("status"); !s.empty()) {
                        if (s != "pending" && s != "sent" && s != "failed" && s != "skipped") {
                          return Unexpected(InvalidArgument("status", "must be pending, sent, failed or skipped"));
                        }
                        status = s;
                      }
                      auto limit = QueryNumber(request, "limit", 1, 1000, kLimitReason);
                      if (!limit) return Unexpected(std::move(limit).error());
                      auto before = QueryNumber(request, "before", 1, INT64_MAX, "must be a message id");
                      if (!before) return Unexpected(std::move(before).error());
                      auto messages =
                          outbox.List(who, status, static_cast<int>(limit->value_or(100)), before->value_or(0));
                      if (!messages) return Unexpected(std::move(messages).error());
                      json items = json::array();
                      for (const storage::OutboxRecord& r : *messages) items.push_back(EncodeOutboxMessage(r));
                      return Json(200, {{"items", items}});
                    }));
  router.Add(
      "POST", "/api/v1/outbox/{id}/retry",
      WithId(clinic,
             [&outbox](const service::Request& who, const HttpRequest& request, int64_t id) -> Result<HttpResponse> {
               auto body = OptionalBody(request);
               if (!body) return Unexpected(std::move(body).error());
               if (!body->is_object() || !body->empty()) {
                 return Unexpected(InvalidArgument("(body)", "must be empty or {}"));
               }
               auto retried = outbox.Retry(who, id);
               if (!retried) return Unexpected(std::move(retried).error());
               return Json(200, EncodeOutboxMessage(*retried));
             }));
}

}  // namespace scarwise::http
