#include "http/scheduling_routes.hpp"

#include <charconv>

#include "common/base64.hpp"
#include "common/unicode_text.hpp"
#include "http/answers.hpp"
#include "http/route_support.hpp"
#include "interop/json/scheduling_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::SchedulingService;

constexpr const char* kCalendarType = "text/calendar; charset=utf-8";

// ---- what the routes share ----

bool DryRun(const HttpRequest& request, const json& body) {
  if (request.Query("dry_run") == "true") return true;
  return body.is_object() && body.value("dry_run", false) == true;
}

Result<json> OptionalBody(const HttpRequest& request) {
  if (request.body.empty()) return json::object();
  return Body(request);
}

HttpResponse Calendar(std::string ics) {
  return HttpResponse{
      200, kCalendarType, std::move(ics), {{"Content-Disposition", "inline; filename=\"appointments.ics\""}}};
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

// The ranked alternatives for booking the plan's series with `preferences` (a booking body).
Result<HttpResponse> Alternatives(SchedulingService& scheduling, const service::Request& who, int64_t plan_id,
                                  const json& preferences) {
  SCARWISE_ASSIGN_OR_RETURN(const interop::BookingRequest booking, interop::DecodeBookingRequest(preferences));
  SCARWISE_ASSIGN_OR_RETURN(const auto alternatives, scheduling.PreviewSeries(who, plan_id, booking));
  return Json(200, EncodeAlternatives(alternatives));
}

// {time_zone, opening_hours, closed_dates?}
Result<service::ClinicCalendarSettings> DecodeClinicCalendar(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  for (const auto& [key, value] : body.items()) {
    if (key != "time_zone" && key != "opening_hours" && key != "closed_dates") {
      return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
    }
  }
  SCARWISE_ASSIGN_OR_RETURN(std::string zone, TextField(body, "time_zone"));
  if (!body.contains("opening_hours")) {
    return Unexpected(InvalidArgument("opening_hours", "required: the clinic's weekly opening hours"));
  }
  SCARWISE_ASSIGN_OR_RETURN(domain::WeeklyHours hours,
                            interop::DecodeWeeklyHours(body["opening_hours"], "opening_hours"));
  service::ClinicCalendarSettings settings{std::move(zone), std::move(hours), {}, 0};
  if (body.contains("closed_dates")) {
    SCARWISE_ASSIGN_OR_RETURN(settings.closed_dates, interop::DecodeDates(body["closed_dates"], "closed_dates"));
  }
  return settings;
}

// A resource of `kind` from {"name"} (practitioners also take user_id, working_hours and
// absences).
Result<storage::NewResource> DecodeResource(const json& body, domain::ResourceKind kind) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  SCARWISE_ASSIGN_OR_RETURN(const std::string name, TextField(body, "name"));
  if (name.empty() || name.size() > 200) return Unexpected(InvalidArgument("name", "must be 1 to 200 characters"));
  storage::NewResource resource{kind, name, std::nullopt, "{}", {}};
  for (const auto& [key, value] : body.items()) {
    const bool known = key == "name" || (kind == domain::ResourceKind::kPractitioner &&
                                         (key == "user_id" || key == "working_hours" || key == "absences"));
    if (!known) return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
  }
  if (kind != domain::ResourceKind::kPractitioner) return resource;
  if (body.contains("user_id") && !body["user_id"].is_null()) {
    if (!body["user_id"].is_number_integer() || body["user_id"].get<int64_t>() < 1) {
      return Unexpected(InvalidArgument("user_id", "must be a staff user's id"));
    }
    resource.user_id = body["user_id"].get<int64_t>();
  }
  if (!body.contains("working_hours")) {
    return Unexpected(InvalidArgument("working_hours", "required: the practitioner's weekly hours"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const interop::PractitionerSchedule schedule, interop::DecodePractitionerSchedule(body));
  resource.schedule_json = interop::EncodePractitionerSchedule(schedule);
  return resource;
}

// A practitioner's changes: only what the body names changes.
Result<SchedulingService::PractitionerChange> DecodePractitionerChange(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  SchedulingService::PractitionerChange change;
  for (const auto& [key, value] : body.items()) {
    if (key == "name") {
      if (!value.is_string() || value.get<std::string>().empty() || value.get<std::string>().size() > 200) {
        return Unexpected(InvalidArgument("name", "must be 1 to 200 characters"));
      }
      change.name = value.get<std::string>();
    } else if (key == "working_hours") {
      SCARWISE_ASSIGN_OR_RETURN(change.working_hours, interop::DecodeWeeklyHours(value, "working_hours"));
    } else if (key == "absences") {
      SCARWISE_ASSIGN_OR_RETURN(change.absences, interop::DecodeAbsences(value, "absences"));
    } else {
      return Unexpected(InvalidArgument(key, "cannot be changed here"));
    }
  }
  return change;
}

// ?from=&to=&practitioner=&room= (a week from today by default, at most 92 days).
Result<service::CalendarQuery> DecodeCalendarQuery(const HttpRequest& request, Date today) {
  service::CalendarQuery query{today, today + std::chrono::days(7), {}, {}};
  for (auto [key, target] : {std::pair{"from", &query.from}, std::pair{"to", &query.to}}) {
    if (request.Query(key).empty()) continue;
    SCARWISE_ASSIGN_OR_RETURN(*target, ParseDate(request.Query(key), key));
  }
  if (query.to <= query.from) return Unexpected(InvalidArgument("to", "must be after from"));
  if (query.to - query.from > std::chrono::days(92)) {
    return Unexpected(InvalidArgument("to", "at most 92 days after from"));
  }
  for (auto [key, target] : {std::pair{"practitioner", &query.practitioner_id}, std::pair{"room", &query.room_id}}) {
    SCARWISE_ASSIGN_OR_RETURN(*target, QueryNumber(request, key, 1, INT64_MAX, "must be an id"));
  }
  return query;
}

// ---- the clinic's calendar ----

// GET /api/v1/clinic
Result<HttpResponse> ClinicCalendar(SchedulingService& scheduling, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const service::ClinicCalendarSettings settings, scheduling.ClinicCalendar(who));
  return WithEtag(Json(200, EncodeClinicCalendar(settings)), settings.version);
}

// PUT /api/v1/clinic (If-Match optional)
Result<HttpResponse> SaveClinicCalendar(SchedulingService& scheduling, const service::Request& who,
                                        const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const service::ClinicCalendarSettings settings, DecodeClinicCalendar(body));
  SCARWISE_ASSIGN_OR_RETURN(const service::ClinicCalendarSettings saved,
                            scheduling.SaveClinicCalendar(who, settings, IfMatchVersion(request)));
  return WithEtag(Json(200, EncodeClinicCalendar(saved)), saved.version);
}

// ---- the clinic's identity ----

json EncodeIdentity(const service::ClinicIdentity& identity) {
  json logo = nullptr;
  if (!identity.logo_type.empty()) logo = "/api/v1/clinic/logo?v=" + std::to_string(identity.version);
  return {{"name", identity.name},
          {"address", identity.address},
          {"phone", identity.phone},
          {"email", identity.email},
          {"time_zone", identity.time_zone.empty() ? json(nullptr) : json(identity.time_zone)},
          {"logo_url", logo},
          {"version", identity.version}};
}

// GET /api/v1/clinic/identity: no sign-in (the portal's sign-in page shows it too).
Result<HttpResponse> ClinicIdentity(SchedulingService& scheduling, const HttpRequest&, const PathParams&) {
  SCARWISE_ASSIGN_OR_RETURN(const service::ClinicIdentity identity, scheduling.Identity());
  return WithEtag(Json(200, EncodeIdentity(identity)), identity.version);
}

// GET /api/v1/clinic/logo: the logo's bytes as the type its content was sniffed as.
Result<HttpResponse> ClinicLogo(SchedulingService& scheduling, const HttpRequest&, const PathParams&) {
  SCARWISE_ASSIGN_OR_RETURN(const service::ClinicIdentity identity, scheduling.Identity());
  if (identity.logo_type.empty()) return Unexpected(NotFound("logo", "the clinic has no logo"));
  return HttpResponse{200,
                      identity.logo_type,
                      identity.logo,
                      {{"X-Content-Type-Options", "nosniff"},
                       {"Content-Security-Policy", "default-src 'none'"},
                       {"Cache-Control", "public, max-age=300"}}};
}

// PUT /api/v1/clinic/identity {name, address?, phone?, email?, logo?} (If-Match optional):
// `logo` absent keeps the logo, null removes it, a "data:<type>;base64,<data>" URL replaces
// it (the type it names is not trusted: the content decides).
Result<HttpResponse> SaveClinicIdentity(SchedulingService& scheduling, const service::Request& who,
                                        const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"name", "address", "phone", "email", "logo"}));
  service::ClinicIdentityChange change;
  SCARWISE_ASSIGN_OR_RETURN(change.name, TextField(body, "name"));
  for (auto [field, target] :
       {std::pair{"address", &change.address}, std::pair{"phone", &change.phone}, std::pair{"email", &change.email}}) {
    if (!body.contains(field) || body[field].is_null()) continue;
    SCARWISE_ASSIGN_OR_RETURN(*target, TextField(body, field));
  }
  if (const auto logo = body.find("logo"); logo != body.end()) {
    if (logo->is_null()) {
      change.logo = service::ClinicIdentityChange::Logo::kRemove;
    } else {
      if (!logo->is_string()) return Unexpected(InvalidArgument("logo", "must be a data: URL or null"));
      const std::string& url = logo->get_ref<const std::string&>();
      const size_t comma = url.find(',');
      if (!url.starts_with("data:") || comma == std::string::npos ||
          std::string_view(url).substr(0, comma).find(";base64") == std::string_view::npos) {
        return Unexpected(InvalidArgument("logo", "must be a data: URL with base64 content, or null"));
      }
      if (url.size() - comma - 1 > (service::kMaxLogoBytes + 2) / 3 * 4 + 4) {
        return Unexpected(
            Unprocessable("logo", "a logo may be at most " + std::to_string(service::kMaxLogoBytes / 1024) + " KiB"));
      }
      auto bytes = Base64Decode(std::string_view(url).substr(comma + 1));
      if (!bytes) return Unexpected(InvalidArgument("logo", "is not valid base64"));
      change.logo = service::ClinicIdentityChange::Logo::kReplace;
      change.logo_bytes = std::move(*bytes);
    }
  }
  SCARWISE_ASSIGN_OR_RETURN(const service::ClinicIdentity saved,
                            scheduling.SaveIdentity(who, change, IfMatchVersion(request)));
  return WithEtag(Json(200, EncodeIdentity(saved)), saved.version);
}

// ---- practitioners, rooms and devices ----

// POST /api/v1/{practitioners,rooms,devices}
Result<HttpResponse> AddResource(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request,
                                 domain::ResourceKind kind) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(storage::NewResource resource, DecodeResource(body, kind));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::ResourceRecord added,
                            scheduling.AddResource(who, std::move(resource), idempotency));
  return WithEtag(Json(201, EncodeResource(added)), added.version);
}

// GET /api/v1/{practitioners,rooms,devices}
Result<HttpResponse> ListResources(SchedulingService& scheduling, const service::Request& who,
                                   domain::ResourceKind kind) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::ResourceRecord> all, scheduling.Resources(who));
  json items = json::array();
  for (const auto& r : all) {
    if (r.resource.kind == kind) items.push_back(EncodeResource(r));
  }
  return Json(200, {{"items", items}});
}

Result<HttpResponse> AddPractitioner(SchedulingService& scheduling, const service::Request& who,
                                     const HttpRequest& request) {
  return AddResource(scheduling, who, request, domain::ResourceKind::kPractitioner);
}
Result<HttpResponse> AddRoom(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request) {
  return AddResource(scheduling, who, request, domain::ResourceKind::kRoom);
}
Result<HttpResponse> AddDevice(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request) {
  return AddResource(scheduling, who, request, domain::ResourceKind::kDevice);
}
Result<HttpResponse> ListPractitioners(SchedulingService& scheduling, const service::Request& who, const HttpRequest&) {
  return ListResources(scheduling, who, domain::ResourceKind::kPractitioner);
}
Result<HttpResponse> ListRooms(SchedulingService& scheduling, const service::Request& who, const HttpRequest&) {
  return ListResources(scheduling, who, domain::ResourceKind::kRoom);
}
Result<HttpResponse> ListDevices(SchedulingService& scheduling, const service::Request& who, const HttpRequest&) {
  return ListResources(scheduling, who, domain::ResourceKind::kDevice);
}

// PATCH /api/v1/practitioners/{id} (If-Match: the version edited): the practitioner, and the
// booked sessions the change displaces.
Result<HttpResponse> UpdatePractitioner(SchedulingService& scheduling, const service::Request& who,
                                        const HttpRequest& request, int64_t id) {
  const auto version = IfMatchVersion(request);
  if (!version) return Unexpected(InvalidArgument("If-Match", "required: the ETag of the practitioner"));
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const auto change, DecodePractitionerChange(body));
  SCARWISE_ASSIGN_OR_RETURN(const auto updated, scheduling.UpdatePractitioner(who, id, *version, change));
  return WithEtag(Json(200, EncodePractitionerUpdate(updated)), updated.practitioner.version);
}

// ---- booking a plan's series ----

// GET /api/v1/plans/{id}/bookings?dry_run=true&weekdays=...: the alternatives.
Result<HttpResponse> PreviewBookings(SchedulingService& scheduling, const service::Request& who,
                                     const HttpRequest& request, int64_t id) {
  if (request.Query("dry_run") != "true") {
    return Unexpected(InvalidArgument("dry_run", "must be true: GET previews the alternatives"));
  }
  return Alternatives(scheduling, who, id, PreferencesFromQuery(request));
}

// POST /api/v1/plans/{id}/bookings: books the series (with dry_run, previews it).
Result<HttpResponse> BookSeries(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request,
                                int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(json body, OptionalBody(request));
  const bool dry_run = DryRun(request, body);
  if (body.is_object()) body.erase("dry_run");
  if (dry_run) return Alternatives(scheduling, who, id, body);
  SCARWISE_ASSIGN_OR_RETURN(const interop::BookingRequest booking, interop::DecodeBookingRequest(body));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const auto booked, scheduling.BookSeries(who, id, booking, idempotency));
  // The sessions, and the follow-up visit booked with them apart.
  std::vector<service::ScheduledSession> sessions;
  json follow_up = nullptr;
  for (const service::ScheduledSession& s : booked) {
    if (s.kind == storage::AppointmentKind::kFollowUp) {
      follow_up = EncodeScheduledSession(s);
    } else {
      sessions.push_back(s);
    }
  }
  return Json(201, {{"appointments", EncodeScheduledSessions(sessions)}, {"follow_up", follow_up}});
}

// ---- appointments ----

// POST /api/v1/appointments/{id}/reschedule {starts_at, practitioner_id?, dry_run?}
Result<HttpResponse> Reschedule(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request,
                                int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const interop::RescheduleRequest move, interop::DecodeRescheduleRequest(body));
  SCARWISE_ASSIGN_OR_RETURN(
      const service::ReflowOutcome outcome,
      scheduling.Reschedule(who, id, move.starts_at, move.practitioner_id, DryRun(request, body)));
  return Json(200, EncodeReflow(outcome));
}

// POST /api/v1/appointments/{id}/{cancel,no-show} {dry_run?}
Result<HttpResponse> Close(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request,
                           int64_t id, domain::AppointmentStatus status) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, OptionalBody(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"dry_run"}));
  SCARWISE_ASSIGN_OR_RETURN(const service::ReflowOutcome outcome,
                            scheduling.Close(who, id, status, DryRun(request, body)));
  return Json(200, EncodeReflow(outcome));
}
Result<HttpResponse> Cancel(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request,
                            int64_t id) {
  return Close(scheduling, who, request, id, domain::AppointmentStatus::kCancelled);
}
Result<HttpResponse> NoShow(SchedulingService& scheduling, const service::Request& who, const HttpRequest& request,
                            int64_t id) {
  return Close(scheduling, who, request, id, domain::AppointmentStatus::kNoShow);
}

// GET /api/v1/appointments?from=&to=&practitioner=&room=: the clinic calendar.
Result<HttpResponse> ListAppointments(SchedulingService& scheduling, Date today, const service::Request& who,
                                      const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const service::CalendarQuery query, DecodeCalendarQuery(request, today));
  SCARWISE_ASSIGN_OR_RETURN(const auto sessions, scheduling.Calendar(who, query));
  return Json(200, {{"items", EncodeScheduledSessions(sessions)}});
}

// GET /api/v1/appointments/{id}
Result<HttpResponse> ReadAppointment(SchedulingService& scheduling, const service::Request& who, const HttpRequest&,
                                     int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const service::ScheduledSession session, scheduling.Appointment(who, id));
  return Json(200, EncodeScheduledSession(session));
}

// GET /api/v1/patients/{id}/appointments
Result<HttpResponse> PatientAppointments(SchedulingService& scheduling, const service::Request& who, const HttpRequest&,
                                         int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const auto sessions, scheduling.PatientAppointments(who, id));
  return Json(200, {{"items", EncodeScheduledSessions(sessions)}});
}

// ---- calendar feeds ----

// GET /api/v1/patients/{id}/calendar.ics (signed in)
Result<HttpResponse> PatientCalendar(SchedulingService& scheduling, const service::Request& who, const HttpRequest&,
                                     int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(std::string ics, scheduling.PatientCalendarFeed(who, id));
  return Calendar(std::move(ics));
}

// GET /api/v1/patients/{id}/calendar-feeds: the live feeds, without their tokens.
Result<HttpResponse> ListCalendarFeeds(SchedulingService& scheduling, const service::Request& who, const HttpRequest&,
                                       int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const auto feeds, scheduling.ListCalendarFeeds(who, id));
  return Json(200, List(feeds, &EncodeCalendarFeed));
}

// DELETE /api/v1/patients/{id}/calendar-feeds/{feed_id}
Result<HttpResponse> RevokeCalendarFeed(SchedulingService& scheduling, const service::Request& who, const HttpRequest&,
                                        const PathParams& params) {
  SCARWISE_ASSIGN_OR_RETURN(const int64_t id, PathId(params, "id"));
  SCARWISE_ASSIGN_OR_RETURN(const int64_t feed_id, PathId(params, "feed_id"));
  SCARWISE_RETURN_IF_ERROR(scheduling.RevokeCalendarFeed(who, id, feed_id));
  return HttpResponse{204, "application/json", "", {}};
}

// POST /api/v1/patients/{id}/calendar-feeds (POST .../calendar-feed is the older name of
// the same): a new subscription path, answered once.
Result<HttpResponse> NewPatientFeed(SchedulingService& scheduling, const service::Request& who, const HttpRequest&,
                                    int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::string token, scheduling.NewCalendarFeedToken(who, id, std::nullopt));
  return Json(201, {{"path", "/api/v1/calendar-feeds/" + token + ".ics"}});
}

// POST /api/v1/practitioners/{id}/calendar-feed
Result<HttpResponse> NewPractitionerFeed(SchedulingService& scheduling, const service::Request& who, const HttpRequest&,
                                         int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::string token, scheduling.NewCalendarFeedToken(who, std::nullopt, id));
  return Json(201, {{"path", "/api/v1/calendar-feeds/" + token + ".ics"}});
}

// GET /api/v1/calendar-feeds/{token}.ics: no sign-in (calendar apps cannot sign in).
Result<HttpResponse> CalendarFeedByToken(SchedulingService& scheduling, const HttpRequest& request,
                                         const PathParams& params) {
  std::string token = params.count("token") ? params.at("token") : "";
  constexpr std::string_view kSuffix = ".ics";
  if (token.size() > kSuffix.size() && token.ends_with(kSuffix)) token.resize(token.size() - kSuffix.size());
  SCARWISE_ASSIGN_OR_RETURN(
      std::string ics,
      scheduling.CalendarFeedByToken(service::Request{std::nullopt, request.request_id, request.audit_hold}, token));
  return Calendar(std::move(ics));
}

}  // namespace

void AddSchedulingRoutes(Router& router, service::AccountsService& accounts, SchedulingService& scheduling) {
  RouteTable routes(router, accounts, scheduling);
  routes.Add("GET", "/api/v1/clinic", &ClinicCalendar);
  routes.Add("PUT", "/api/v1/clinic", &SaveClinicCalendar);
  routes.Add("GET", "/api/v1/clinic/identity", &ClinicIdentity);
  routes.Add("PUT", "/api/v1/clinic/identity", &SaveClinicIdentity);
  routes.Add("GET", "/api/v1/clinic/logo", &ClinicLogo);

  routes.Add("POST", "/api/v1/practitioners", &AddPractitioner);
  routes.Add("GET", "/api/v1/practitioners", &ListPractitioners);
  routes.Add("POST", "/api/v1/rooms", &AddRoom);
  routes.Add("GET", "/api/v1/rooms", &ListRooms);
  routes.Add("POST", "/api/v1/devices", &AddDevice);
  routes.Add("GET", "/api/v1/devices", &ListDevices);
  routes.Add("PATCH", "/api/v1/practitioners/{id}", &UpdatePractitioner);

  routes.Add("GET", "/api/v1/plans/{id}/bookings", &PreviewBookings);
  routes.Add("POST", "/api/v1/plans/{id}/bookings", &BookSeries);

  routes.Add("POST", "/api/v1/appointments/{id}/reschedule", &Reschedule);
  routes.Add("POST", "/api/v1/appointments/{id}/cancel", &Cancel);
  routes.Add("POST", "/api/v1/appointments/{id}/no-show", &NoShow);
  // The default range starts today, by the accounts service's clock.
  router.Add("GET", "/api/v1/appointments",
             Authed(accounts, [&scheduling, &accounts](const service::Request& who, const HttpRequest& request,
                                                       const PathParams&) {
               return ListAppointments(scheduling, accounts.Today(), who, request);
             }));
  routes.Add("GET", "/api/v1/appointments/{id}", &ReadAppointment);
  routes.Add("GET", "/api/v1/patients/{id}/appointments", &PatientAppointments);

  routes.Add("GET", "/api/v1/patients/{id}/calendar.ics", &PatientCalendar);
  routes.Add("GET", "/api/v1/patients/{id}/calendar-feeds", &ListCalendarFeeds);
  routes.Add("DELETE", "/api/v1/patients/{id}/calendar-feeds/{feed_id}", &RevokeCalendarFeed);
  routes.Add("POST", "/api/v1/patients/{id}/calendar-feed", &NewPatientFeed);
  routes.Add("POST", "/api/v1/patients/{id}/calendar-feeds", &NewPatientFeed);
  routes.Add("POST", "/api/v1/practitioners/{id}/calendar-feed", &NewPractitionerFeed);
  routes.Add("GET", "/api/v1/calendar-feeds/{token}", &CalendarFeedByToken);
}

}  // namespace scarwise::http
