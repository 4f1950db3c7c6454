#pragma once

#include <chrono>

// Series scheduling: the clinic's calendar (time zone, opening hours, closed dates), its
// practitioners, rooms and devices, booking a plan's remaining sessions as one series, and
// keeping it valid when a session is rescheduled, cancelled or missed. The rules live in
// domain/scheduling (pure, in the clinic's local time); this service loads the clinic,
// converts between instants and local time in the clinic's IANA zone, and writes the
// appointments in one transaction whose claimed quarter hours the database keeps unique.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/civil_time.hpp"
#include "common/time_zone.hpp"
#include "domain/protocol.hpp"
#include "domain/scheduling/series_scheduler.hpp"
#include "interop/json/scheduling_documents.hpp"
#include "service/clinic_identity.hpp"
#include "service/record_access.hpp"

namespace scarwise::service {

struct ClinicCalendarSettings {
  std::string time_zone;
  domain::WeeklyHours opening_hours;
  std::vector<Date> closed_dates;
  int64_t version = 0;  // 0: never saved
};

// One session of a series, planned or booked, with its times in the clinic's zone.
struct ScheduledSession {
  std::optional<storage::Id> appointment_id;  // absent while only planned (a preview)
  storage::Id plan_id = 0;
  storage::Id patient_id = 0;
  int session_number = 0;
  Timestamp starts_at;
  Timestamp ends_at;
  storage::Id practitioner_id = 0;
  storage::Id room_id = 0;
  storage::Id device_id = 0;
  domain::AppointmentStatus status = domain::AppointmentStatus::kBooked;
  int sequence = 0;
  // A treatment session, or the follow-up visit booked with the series (its session_number
  // is the last session's).
  storage::AppointmentKind kind = storage::AppointmentKind::kSession;
};

// A booked session its practitioner can no longer keep, and why: "absences" (away that day)
// or "working_hours" (not working the whole slot).
struct DisplacedSession {
  ScheduledSession session;
  std::string constraint;
};

struct SeriesAlternative {
  std::vector<ScheduledSession> sessions;
  int rank = 0;  // 1 = fits best
  bool same_practitioner = false;
  bool same_weekday_and_time = false;
  std::vector<int> gaps_days;
};

// What a reschedule, cancellation or no-show does to the series.
struct ReflowOutcome {
  bool dry_run = false;
  std::optional<ScheduledSession> changed;  // the changed session now (absent: could not be rebooked)
  std::vector<ScheduledSession> moved;      // later sessions that move
  std::optional<domain::Unbookable> unresolved;
};

// Which appointments a calendar shows: starting on the clinic's local days [from, to),
// optionally of one practitioner or room.
struct CalendarQuery {
  Date from;
  Date to;
  std::optional<storage::Id> practitioner_id;
  std::optional<storage::Id> room_id;
};

// The clinic's IANA time zone from its saved calendar; kConflict (field "clinic") before the
// calendar is first saved.
Result<TimeZone> ClinicTimeZone(storage::Transaction& tx);
// The same, or nullopt before the calendar is first saved (nothing can be booked yet).
Result<std::optional<TimeZone>> ClinicTimeZoneIfSetUp(storage::Transaction& tx);
// The instant a day of the clinic's calendar begins.
storage::Instant Midnight(const TimeZone& zone, Date day);
// A booked appointment as the calendar shows it, in the clinic's time zone.
ScheduledSession Scheduled(const TimeZone& zone, const storage::AppointmentRecord& appointment);

// The clinician's start page in one read (GET /api/v1/dashboard): a page of patients with
// their course state and next session, the day's sessions and the open alerts by urgency.
struct DashboardQuery {
  Date day;                  // the clinic's day whose sessions are listed
  int limit = 500;           // patients per page, 1-1000
  std::string after_cursor;  // the previous page's next_cursor; empty: the first page
};

struct DashboardPatient {
  storage::PatientRecord patient;
  std::optional<storage::Id> plan_id;            // the plan in force: the newest approved, else the newest proposal
  std::string plan_status;                       // "" (no plan) | proposed | approved
  bool series_booked = false;                    // the plan's sessions are booked (or some are done)
  std::optional<ScheduledSession> next_session;  // the next booked session from now
  int open_alerts = 0;                           // open alerts (0 for roles that do not read alerts)
};

struct DashboardSession {
  ScheduledSession session;
  std::string patient_name;
  std::string practitioner_name;
};

struct DashboardSummary {
  Date day;
  std::vector<DashboardSession> sessions;  // the day's sessions by start
  std::vector<DashboardPatient> patients;  // this page, by name
  std::string next_cursor;                 // empty: the last page
  // Open alerts by urgency name; absent for roles that do not read alerts (coordinators).
  std::optional<std::map<std::string, int>> open_alerts;
};

class SchedulingService {
 public:
  SchedulingService(RecordAccess& access, const domain::Protocol& protocol) : access_(access), protocol_(protocol) {}

  // Staff. kConflict (field "clinic") before the calendar is first saved (so for every
  // scheduling call).
  Result<ClinicCalendarSettings> ClinicCalendar(const Request& request);
  // Admin. kInvalidArgument (field "time_zone") for a zone the IANA database does not know;
  // kFailedPrecondition when `expected_version` is given and stale.
  Result<ClinicCalendarSettings> SaveClinicCalendar(const Request& request, const ClinicCalendarSettings& settings,
                                                    std::optional<int64_t> expected_version);

  // Everyone, signed in or not (what a clinic prints on its door): the identity.
  Result<ClinicIdentity> Identity();
  // Admin. The name is required (1-200 characters), the rest optional; the phone holds
  // digits, spaces and + ( ) - . / only; the e-mail needs an @. A replaced logo must be a
  // PNG or JPEG by its content (an SVG, GIF or anything else is kUnprocessable, field
  // "logo"), at most kMaxLogoBytes (kUnprocessable). kFailedPrecondition (field "version")
  // when `expected_version` is given and stale. Audited.
  Result<ClinicIdentity> SaveIdentity(const Request& request, const ClinicIdentityChange& change,
                                      std::optional<int64_t> expected_version);

  // Admin: a practitioner (with `schedule`), room or device. A practitioner's user_id must
  // name a staff account (kInvalidArgument "user_id" otherwise); the name must pass
  // CheckDisplayText (kInvalidArgument "name": no control, bidirectional or zero-width
  // characters; also for UpdatePractitioner). With an idempotency key, a
  // retry gets the resource the first request added (a second room would double the calendar).
  Result<storage::ResourceRecord> AddResource(const Request& request, storage::NewResource resource,
                                              const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // Staff: every resource, in id order.
  Result<std::vector<storage::ResourceRecord>> Resources(const Request& request);
  // Admin: a practitioner's changes at `expected_version`; what is absent stays as it is.
  struct PractitionerChange {
    std::optional<std::string> name;
    std::optional<domain::WeeklyHours> working_hours;
    std::optional<std::vector<domain::Absence>> absences;
  };
  // The practitioner as saved, and the sessions still booked with them from now on that the
  // change leaves them unable to keep: the clinic reschedules those.
  struct PractitionerUpdate {
    storage::ResourceRecord practitioner;
    std::vector<DisplacedSession> displaced;
  };
  Result<PractitionerUpdate> UpdatePractitioner(const Request& request, storage::Id id, int64_t expected_version,
                                                const PractitionerChange& change);

  // Staff: up to five alternative series for the plan's sessions not yet held, ranked by
  // fit. kConflict when the plan is not approved, or already booked unless `rebook`;
  // kConflict (field = the constraint) naming the session and the constraint when nothing
  // fits. With `rebook` the series' own booked slots count as free.
  Result<std::vector<SeriesAlternative>> PreviewSeries(const Request& request, storage::Id plan_id,
                                                       const interop::BookingRequest& booking);
  // Staff: books the chosen alternative (1 = the best) in one transaction, and the follow-up
  // visit after its last session (outcome.yaml follow_up: the first free slot from
  // min_days_after_last_session on; the last element, kind kFollowUp; none when nothing fits
  // in the weeks searched); with `rebook`,
  // the sessions booked until now are cancelled in the same transaction (their reminders are
  // then skipped). With an idempotency key, a retry gets the plan's booked sessions as they
  // are now, and nothing is booked (or cancelled) again.
  Result<std::vector<ScheduledSession>> BookSeries(const Request& request, storage::Id plan_id,
                                                   const interop::BookingRequest& booking,
                                                   const std::optional<IdempotencyKey>& idempotency = std::nullopt);

  // Staff: moves a booked appointment to `starts_at` (with `practitioner`, or the same one
  // when free, else any) and reflows the later sessions; the follow-up visit moves when the
  // last session moves closer to it than the protocol allows. A follow-up visit itself may
  // move to any free slot from min_days_after_last_session after the last session
  // (kConflict, field "starts_at", before that). kConflict (field "starts_at") when
  // the new slot is taken, closed or outside the window after the previous session.
  Result<ReflowOutcome> Reschedule(const Request& request, storage::Id appointment_id, Timestamp starts_at,
                                   std::optional<storage::Id> practitioner, bool dry_run);
  // Staff: closes a booked appointment as cancelled or no_show and rebooks that session
  // within its window (from tomorrow), reflowing the later ones.
  Result<ReflowOutcome> Close(const Request& request, storage::Id appointment_id, domain::AppointmentStatus status,
                              bool dry_run);

  // Staff: the dashboard summary (one audited read; see DashboardSummary).
  Result<DashboardSummary> Dashboard(const Request& request, const DashboardQuery& query);

  // Staff: the clinic calendar.
  Result<std::vector<ScheduledSession>> Calendar(const Request& request, const CalendarQuery& query);
  // The patient (own record) or staff: one appointment.
  Result<ScheduledSession> Appointment(const Request& request, storage::Id appointment_id);
  // The patient (own record) or staff: every appointment of the patient, by time.
  Result<std::vector<ScheduledSession>> PatientAppointments(const Request& request, storage::Id patient_id);

  // The patient's appointments as an iCalendar feed (RFC 5545) in the clinic's zone.
  Result<std::string> PatientCalendarFeed(const Request& request, storage::Id patient_id);
  // A patient has at most this many live (not revoked) feeds: a leaked or forgotten one must
  // be revoked before another is made.
  static constexpr size_t kMaxLiveFeedsPerPatient = 5;
  // A feed answers at most once per this interval (calendar apps poll every 15 minutes or
  // more); a fetch sooner is kResourceExhausted with retry_after_seconds.
  static constexpr std::chrono::seconds kFeedFetchInterval{60};

  // A subscription token for the patient's (staff or the patient) or a practitioner's
  // (staff) feed: returned once, stored only as a hash. kConflict (field "calendar_feeds")
  // when the patient already has kMaxLiveFeedsPerPatient live feeds.
  Result<std::string> NewCalendarFeedToken(const Request& request, std::optional<storage::Id> patient_id,
                                           std::optional<storage::Id> practitioner_id);
  // The patient's live feeds, oldest first (never their tokens: only hashes are stored).
  Result<std::vector<storage::CalendarFeedRecord>> ListCalendarFeeds(const Request& request, storage::Id patient_id);
  // Revokes one of the patient's feeds (staff or the patient): its token opens nothing
  // any more. kNotFound when the patient has no such live feed.
  Result<void> RevokeCalendarFeed(const Request& request, storage::Id patient_id, storage::Id feed_id);
  // The feed a token opens, with no sign-in (calendar apps cannot sign in). kNotFound for
  // an unknown or revoked token; kResourceExhausted when the feed was fetched less than
  // kFeedFetchInterval ago (by any server). The read is audited under the feed's owner.
  Result<std::string> CalendarFeedByToken(const Request& request, std::string_view token);

 private:
  // Reschedule (new_status booked, with `starts_at`) or close, then reflow.
  Result<ReflowOutcome> Change(const Request& request, storage::Id appointment_id, domain::AppointmentStatus new_status,
                               std::optional<Timestamp> starts_at, std::optional<storage::Id> practitioner,
                               bool dry_run);

  // Queues the reminder of the appointment as it now is (in `tx`).
  Result<void> Remind(storage::Transaction& tx, const TimeZone& zone, storage::Id appointment_id, storage::Instant now);

  RecordAccess& access_;
  const domain::Protocol& protocol_;
};

}  // namespace scarwise::service
