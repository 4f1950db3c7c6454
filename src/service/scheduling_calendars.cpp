// SchedulingService: the calendars - the clinic's and a patient's appointments, and the
// iCalendar feeds patients and practitioners subscribe to (tokens hashed, listed, revoked,
// fetched at most once a minute). The calendar and series booking are in scheduling_service.cpp.
#include <map>

#include "interop/ical/calendar_feed.hpp"
#include "service/credentials.hpp"
#include "service/scheduling_service.hpp"

namespace scarwise::service {

using storage::Id;
using storage::Transaction;

namespace {

// Appointments (at most 10,000) with the clinic's zone to show their times in.
Result<std::pair<TimeZone, std::vector<storage::AppointmentRecord>>> AppointmentsOf(Transaction& tx,
                                                                                    storage::AppointmentQuery query) {
  SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZone(tx));
  query.limit = 10000;
  SCARWISE_ASSIGN_OR_RETURN(auto records, tx.Scheduling().ListAppointments(query));
  return std::pair{zone, std::move(records)};
}

std::vector<ScheduledSession> AllScheduled(const TimeZone& zone,
                                           const std::vector<storage::AppointmentRecord>& records) {
  std::vector<ScheduledSession> out;
  for (const auto& r : records) out.push_back(Scheduled(zone, r));
  return out;
}

}  // namespace

// ---- calendars ----

Result<std::vector<ScheduledSession>> SchedulingService::Calendar(const Request& request, const CalendarQuery& query) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAppointmentRead));
  if (request.actor->role == Role::kPatient) {
    return Unexpected(PermissionDenied("the clinic calendar is for staff"));
  }
  return access_.ReadThenAudit<std::vector<ScheduledSession>>(
      request, Action::kAppointmentRead, "appointments", std::nullopt,
      [&](Transaction& tx) -> Result<std::vector<ScheduledSession>> {
        SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZone(tx));
        storage::AppointmentQuery q;
        q.from = Midnight(zone, query.from);
        q.to = Midnight(zone, query.to);
        q.practitioner_id = query.practitioner_id;
        q.room_id = query.room_id;
        q.limit = 10000;
        SCARWISE_ASSIGN_OR_RETURN(auto records, tx.Scheduling().ListAppointments(q));
        return AllScheduled(zone, records);
      });
}

namespace {

// The feed of some appointments. Practitioners' feeds name no patient (calendar servers
// are not the clinic's); a patient's feed is their own.
Result<std::string> FeedOf(Transaction& tx, const domain::PlanningProtocol& planning, storage::AppointmentQuery query,
                           const std::string& name, bool for_practitioner, storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto found, AppointmentsOf(tx, query));
  SCARWISE_ASSIGN_OR_RETURN(auto resources, tx.Scheduling().ListResources());
  std::map<Id, std::string> names;
  for (const auto& r : resources) names[r.id] = r.resource.name;
  // Where the sessions are: the clinic's name and address, then the room.
  SCARWISE_ASSIGN_OR_RETURN(const ClinicIdentity clinic, LoadClinicIdentity(tx));
  std::string place = clinic.name;
  for (char c : clinic.address) place += c == '\n' ? ' ' : c;
  if (!clinic.name.empty() && !clinic.address.empty()) place.insert(clinic.name.size(), ", ");
  const std::string contact = ClinicContactLine(clinic);
  interop::CalendarFeed feed{clinic.name.empty() ? name : name + " - " + clinic.name, found.first.name(), now, {}};
  for (const storage::AppointmentRecord& r : found.second) {
    const storage::NewAppointment& a = r.appointment;
    const bool follow_up = a.kind == storage::AppointmentKind::kFollowUp;
    std::string summary =
        follow_up ? planning.outcome.follow_up.label : "Microneedling session " + std::to_string(a.session_number);
    if (for_practitioner) summary += " (patient " + std::to_string(a.patient_id) + ")";
    std::string description =
        follow_up ? planning.outcome.follow_up.patient_note + " Practitioner: " + names[a.practitioner_id] + "."
                  : "Numbing cream first (about " + std::to_string(planning.numbing_minutes) +
                        " minutes), then about " + std::to_string(planning.needling_minutes) +
                        " minutes for the procedure. Practitioner: " + names[a.practitioner_id] + ".";
    if (!contact.empty()) description += "\n" + contact;
    const std::string location = place.empty() ? names[a.room_id] : place + " (" + names[a.room_id] + ")";
    feed.events.push_back({"appointment-" + std::to_string(r.id) + "@scarwise", r.sequence, a.starts_at, a.ends_at,
                           summary, location, description, domain::Closed(r.status)});
  }
  return interop::WriteCalendarFeed(feed);
}

}  // namespace

Result<ScheduledSession> SchedulingService::Appointment(const Request& request, Id appointment_id) {
  Id patient_id = 0;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx->Scheduling().FindAppointment(appointment_id));
    patient_id = appointment.appointment.patient_id;
  }
  return access_.ReadPatientRecords<ScheduledSession>(
      request, Action::kAppointmentRead, patient_id, [&](Transaction& tx) -> Result<ScheduledSession> {
        SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx.Scheduling().FindAppointment(appointment_id));
        SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZone(tx));
        return Scheduled(zone, appointment);
      });
}

Result<std::vector<ScheduledSession>> SchedulingService::PatientAppointments(const Request& request, Id patient_id) {
  return access_.ReadPatientRecords<std::vector<ScheduledSession>>(
      request, Action::kAppointmentRead, patient_id, [&](Transaction& tx) -> Result<std::vector<ScheduledSession>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        storage::AppointmentQuery query;
        query.patient_id = patient_id;
        SCARWISE_ASSIGN_OR_RETURN(auto found, AppointmentsOf(tx, query));
        return AllScheduled(found.first, found.second);
      });
}

Result<std::string> SchedulingService::PatientCalendarFeed(const Request& request, Id patient_id) {
  const storage::Instant now = access_.Now();
  return access_.ReadPatientRecords<std::string>(
      request, Action::kAppointmentRead, patient_id, [&](Transaction& tx) -> Result<std::string> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        storage::AppointmentQuery query;
        query.patient_id = patient_id;
        return FeedOf(tx, protocol_.planning, query, "Microneedling appointments", false, now);
      });
}

Result<std::string> SchedulingService::NewCalendarFeedToken(const Request& request, std::optional<Id> patient_id,
                                                            std::optional<Id> practitioner_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAppointmentRead, patient_id));
  if (practitioner_id && request.actor->role == Role::kPatient) return Unexpected(NotFound("no such practitioner"));
  const std::string token = NewSessionToken();
  const storage::Instant now = access_.Now();
  return access_.Write<std::string>([&](Transaction& tx) -> Result<std::string> {
    if (patient_id) {
      SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(*patient_id));
      SCARWISE_ASSIGN_OR_RETURN(auto live, tx.CalendarFeeds().List(*patient_id));
      if (live.size() >= kMaxLiveFeedsPerPatient) {
        return Unexpected(Conflict("calendar_feeds", "the patient already has " +
                                                         std::to_string(kMaxLiveFeedsPerPatient) +
                                                         " calendar feeds; revoke one before making another"));
      }
    } else {
      auto resource = tx.Scheduling().FindResource(*practitioner_id);
      if (!resource || resource->resource.kind != domain::ResourceKind::kPractitioner)
        return Unexpected(NotFound("no such practitioner"));
    }
    SCARWISE_RETURN_IF_ERROR(
        tx.CalendarFeeds().Create({TokenHash(token), patient_id, practitioner_id, request.actor->user_id, now}));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kAppointmentRead, patient_id ? "patient" : "practitioner",
                                   patient_id ? patient_id : practitioner_id));
    return token;
  });
}

Result<std::vector<storage::CalendarFeedRecord>> SchedulingService::ListCalendarFeeds(const Request& request,
                                                                                      Id patient_id) {
  return access_.ReadPatientRecords<std::vector<storage::CalendarFeedRecord>>(
      request, Action::kAppointmentRead, patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::CalendarFeedRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        return tx.CalendarFeeds().List(patient_id);
      });
}

Result<void> SchedulingService::RevokeCalendarFeed(const Request& request, Id patient_id, Id feed_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAppointmentRead, patient_id));
  const storage::Instant now = access_.Now();
  return access_.Write<void>([&](Transaction& tx) -> Result<void> {
    if (auto revoked = tx.CalendarFeeds().Revoke(patient_id, feed_id, now); !revoked) return revoked;
    return Audit(tx, request, now, Action::kCalendarFeedRevoke, "calendar_feed", feed_id);
  });
}

Result<std::string> SchedulingService::CalendarFeedByToken(const Request& request, std::string_view token) {
  const storage::Instant now = access_.Now();
  // The rate limit first, in its own write (the claim is a row in the database, so every
  // server counts it); an unknown or revoked token goes on to the audited read's not_found.
  const auto claim_fetch = [&](Transaction& tx) -> Result<bool> {
    auto feed = tx.CalendarFeeds().Find(TokenHash(token));
    if (!feed) {
      if (feed.error().code == ErrorCode::kNotFound) return true;
      return Unexpected(std::move(feed).error());
    }
    if (feed->revoked_at) return true;
    return tx.CalendarFeeds().ClaimFetch(feed->id, now, now - kFeedFetchInterval);
  };
  SCARWISE_ASSIGN_OR_RETURN(auto claimed, access_.Write<bool>(claim_fetch));
  if (!claimed) {
    Error error{ErrorCode::kResourceExhausted, "this calendar feed was fetched moments ago; try again later", ""};
    error.retry_after_seconds = static_cast<int>(kFeedFetchInterval.count());
    return Unexpected(std::move(error));
  }
  return access_.ReadThenAudit<std::string>(
      request, Action::kAppointmentRead, "calendar_feed", std::nullopt, [&](Transaction& tx) -> Result<std::string> {
        SCARWISE_ASSIGN_OR_RETURN(auto feed, tx.CalendarFeeds().Find(TokenHash(token)));
        if (feed.revoked_at) return Unexpected(NotFound("no such calendar feed"));
        storage::AppointmentQuery query;
        query.patient_id = feed.feed.patient_id;
        query.practitioner_id = feed.feed.practitioner_id;
        return FeedOf(tx, protocol_.planning, query,
                      feed.feed.patient_id ? "Microneedling appointments" : "Microneedling sessions",
                      !feed.feed.patient_id, now);
      });
}

}  // namespace scarwise::service
