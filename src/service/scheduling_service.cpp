#include "service/scheduling_service.hpp"

#include <algorithm>
#include <map>
#include <variant>

#include "common/base64.hpp"
#include "common/unicode_text.hpp"
#include "interop/json/record_documents.hpp"
#include "service/outbox.hpp"
#include "service/scheduling_internal.hpp"

namespace scarwise::service {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using storage::Id;
using storage::Transaction;
// What this file shares with scheduling_follow_up.cpp and scheduling_reflow.cpp
// (scheduling_internal.hpp).
using namespace scheduling;  // the course-booking steps the scheduling files share (scheduling_internal.hpp)

constexpr int kFirstSessionSearchDays = 42;

Error NotSetUp() {
  return Conflict("clinic", "the clinic's calendar is not set up yet: save its time zone and opening hours first");
}

Error NoSuchPractitioner() {
  return NotFound("no such practitioner");
}

// The saved calendar settings, or NotSetUp() when there are none.
Result<storage::ClinicSettingsRecord> SavedSettings(Transaction& tx) {
  auto settings = tx.Scheduling().FindClinicSettings();
  if (!settings && settings.error().code == ErrorCode::kNotFound) return Unexpected(NotSetUp());
  return settings;
}

domain::LocalSlot LocalSlotOf(const TimeZone& zone, storage::Instant starts, storage::Instant ends) {
  const LocalTime start = zone.ToLocal(starts);
  const LocalTime end = zone.ToLocal(ends);
  return {start.day, start.time, end.day == start.day ? end.time : minutes(24 * 60)};
}

}  // namespace

namespace scheduling {

domain::PlacedSession PlacedOf(const TimeZone& zone, const storage::AppointmentRecord& r) {
  const storage::NewAppointment& a = r.appointment;
  return {a.session_number, LocalSlotOf(zone, a.starts_at, a.ends_at), a.practitioner_id, a.room_id, a.device_id};
}

ScheduledSession Planned(const TimeZone& zone, const domain::PlacedSession& p, Id plan_id, Id patient_id,
                         storage::AppointmentKind kind) {
  const auto starts = zone.ToUtc({p.slot.day, p.slot.start});
  const auto ends = zone.ToUtc({p.slot.day, p.slot.end});
  return {std::nullopt,
          plan_id,
          patient_id,
          p.session_number,
          zone.Stamp(starts),
          zone.Stamp(ends),
          p.practitioner,
          p.room,
          p.device,
          domain::AppointmentStatus::kBooked,
          0,
          kind};
}

// What is taken in [from, to) by booked appointments, except those of `except_plan`.
Result<domain::Occupancy> LoadOccupancy(Transaction& tx, const TimeZone& zone, storage::Instant from,
                                        storage::Instant to, std::optional<Id> except_plan) {
  SCARWISE_ASSIGN_OR_RETURN(auto booked, tx.Scheduling().ListBookedSlots(from, to));
  domain::Occupancy taken;
  for (const storage::BookedSlot& b : booked) {
    if (except_plan && b.plan_id == *except_plan) continue;
    const domain::LocalSlot slot = LocalSlotOf(zone, b.starts_at, b.ends_at);
    for (Id resource : {b.practitioner_id, b.room_id, b.device_id}) taken.Take(resource, slot);
  }
  return taken;
}

// The charted session with this number as a placed one (its day and time from its end).
std::optional<domain::PlacedSession> HeldSession(const TimeZone& zone, const Series& series, int number,
                                                 minutes slot_length) {
  for (const auto& c : series.charted) {
    if (c.session.session_number != number) continue;
    const LocalTime end = zone.ToLocal(c.session.ended_at);
    const minutes start = std::max(minutes(0), (end.time - slot_length) / domain::kCellMinutes * domain::kCellMinutes);
    return domain::PlacedSession{number, {end.day, start, end.time}, 0, 0, 0};
  }
  return std::nullopt;
}

// What one session books: numbing + needling + turnover, rounded up to the quarter hour.
minutes SlotLength(const domain::PlanningProtocol& planning) {
  const int total = planning.numbing_minutes + planning.needling_minutes + planning.turnover_minutes;
  return minutes((total + domain::kCellMinutes - 1) / domain::kCellMinutes * domain::kCellMinutes);
}

Date Tomorrow(const TimeZone& zone, storage::Instant now) {
  return zone.ToLocal(now).day + days(1);
}

Result<Clinic> LoadClinic(Transaction& tx) {
  SCARWISE_ASSIGN_OR_RETURN(auto settings, SavedSettings(tx));
  SCARWISE_ASSIGN_OR_RETURN(auto zone, TimeZone::Named(settings.time_zone, "time_zone"));
  SCARWISE_ASSIGN_OR_RETURN(auto hours,
                            interop::ReadClinicHours(settings.opening_hours_json, settings.closed_dates_json));
  Clinic clinic{zone, {}, {}};
  clinic.calendar.opening_hours = std::move(hours.opening_hours);
  clinic.calendar.closed_dates = std::move(hours.closed_dates);
  SCARWISE_ASSIGN_OR_RETURN(auto resources, tx.Scheduling().ListResources());
  for (storage::ResourceRecord& r : resources) {
    switch (r.resource.kind) {
      case domain::ResourceKind::kPractitioner: {
        SCARWISE_ASSIGN_OR_RETURN(auto schedule, interop::ReadPractitionerSchedule(r.resource.schedule_json));
        clinic.calendar.practitioners.push_back({r.id, schedule.working_hours, schedule.absences});
        break;
      }
      case domain::ResourceKind::kRoom:
        clinic.calendar.rooms.push_back(r.id);
        break;
      case domain::ResourceKind::kDevice:
        clinic.calendar.devices.push_back(r.id);
        break;
    }
    clinic.resources.emplace(r.id, std::move(r));
  }
  return clinic;
}

Result<Series> LoadSeries(Transaction& tx, Id plan_id) {
  Series series;
  SCARWISE_ASSIGN_OR_RETURN(auto plan, tx.Plans().Find(plan_id));
  series.plan = std::move(plan);
  if (series.plan.status != storage::PlanStatus::kApproved) {
    return Unexpected(Conflict("plan_id", "the plan must be approved by a clinician before its sessions are booked"));
  }
  SCARWISE_ASSIGN_OR_RETURN(auto treatment, interop::PlanFromReviewDocument(series.plan.proposal_json));
  series.treatment = std::move(treatment);
  SCARWISE_ASSIGN_OR_RETURN(auto charted, tx.SessionDay().ListSessions(series.plan.patient_id));
  for (auto& c : charted) {
    if (c.session.plan_id == plan_id) series.charted.push_back(std::move(c));
  }
  std::sort(series.charted.begin(), series.charted.end(),
            [](const auto& a, const auto& b) { return a.session.session_number < b.session.session_number; });
  storage::AppointmentQuery query;
  query.plan_id = plan_id;
  query.booked_only = true;
  query.kind = storage::AppointmentKind::kSession;
  SCARWISE_ASSIGN_OR_RETURN(auto booked, tx.Scheduling().ListAppointments(query));
  series.booked = std::move(booked);
  query.kind = storage::AppointmentKind::kFollowUp;
  SCARWISE_ASSIGN_OR_RETURN(auto follow_up, tx.Scheduling().ListAppointments(query));
  if (!follow_up.empty()) series.follow_up = std::move(follow_up.front());
  std::sort(series.booked.begin(), series.booked.end(),
            [](const auto& a, const auto& b) { return a.appointment.session_number < b.appointment.session_number; });
  return series;
}

}  // namespace scheduling

storage::Instant Midnight(const TimeZone& zone, Date day) {
  return zone.ToUtc({day, std::chrono::minutes(0)});
}

ScheduledSession Scheduled(const TimeZone& zone, const storage::AppointmentRecord& r) {
  const storage::NewAppointment& a = r.appointment;
  return {r.id,
          a.plan_id,
          a.patient_id,
          a.session_number,
          zone.Stamp(a.starts_at),
          zone.Stamp(a.ends_at),
          a.practitioner_id,
          a.room_id,
          a.device_id,
          r.status,
          r.sequence,
          a.kind};
}

Result<TimeZone> ClinicTimeZone(Transaction& tx) {
  SCARWISE_ASSIGN_OR_RETURN(auto settings, SavedSettings(tx));
  return TimeZone::Named(settings.time_zone, "time_zone");
}

Result<std::optional<TimeZone>> ClinicTimeZoneIfSetUp(Transaction& tx) {
  auto settings = tx.Scheduling().FindClinicSettings();
  if (!settings && settings.error().code == ErrorCode::kNotFound) return std::optional<TimeZone>();
  SCARWISE_RETURN_IF_ERROR(settings);
  SCARWISE_ASSIGN_OR_RETURN(auto zone, TimeZone::Named(settings->time_zone, "time_zone"));
  return std::optional<TimeZone>(std::move(zone));
}

Result<void> SchedulingService::Remind(Transaction& tx, const TimeZone& zone, Id appointment_id, storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx.Scheduling().FindAppointment(appointment_id));
  return RemindOfAppointment(tx, zone, appointment, protocol_.planning, now);
}

// ---- the clinic's calendar and resources ----

Result<ClinicCalendarSettings> SchedulingService::ClinicCalendar(const Request& request) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicRead));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
  SCARWISE_ASSIGN_OR_RETURN(auto settings, SavedSettings(*tx));
  SCARWISE_ASSIGN_OR_RETURN(auto hours,
                            interop::ReadClinicHours(settings.opening_hours_json, settings.closed_dates_json));
  return ClinicCalendarSettings{settings.time_zone, hours.opening_hours, hours.closed_dates, settings.version};
}

Result<ClinicCalendarSettings> SchedulingService::SaveClinicCalendar(const Request& request,
                                                                     const ClinicCalendarSettings& settings,
                                                                     std::optional<int64_t> expected_version) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicConfigure));
  SCARWISE_RETURN_IF_ERROR(TimeZone::Named(settings.time_zone, "time_zone"));
  SCARWISE_RETURN_IF_ERROR(domain::CheckWeeklyHours(settings.opening_hours, "opening_hours"));
  const storage::Instant now = access_.Now();
  return access_.Write<ClinicCalendarSettings>([&](Transaction& tx) -> Result<ClinicCalendarSettings> {
    int64_t version = 0;
    if (auto current = tx.Scheduling().FindClinicSettings(); current) {
      version = current->version;
    } else if (current.error().code != ErrorCode::kNotFound) {
      return Unexpected(std::move(current).error());
    }
    if (expected_version && *expected_version != version) {
      return Unexpected(FailedPrecondition("version", "the clinic's calendar was changed by someone else; reload it"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto saved, tx.Scheduling().SaveClinicSettings(
                                              {settings.time_zone, interop::WriteWeeklyHours(settings.opening_hours),
                                               interop::WriteDates(settings.closed_dates), now, 0},
                                              version));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kClinicConfigure, "clinic", std::nullopt));
    ClinicCalendarSettings out = settings;
    out.version = saved.version;
    return out;
  });
}

// ---- the clinic's identity ----

namespace {

Result<void> CheckIdentityText(const std::string& text, const std::string& field, size_t most, bool required) {
  if (required && text.empty()) return Unexpected(InvalidArgument(field, "required"));
  if (text.size() > most) {
    return Unexpected(InvalidArgument(field, "must be at most " + std::to_string(most) + " characters"));
  }
  // An address may span lines; every line is display text.
  size_t start = 0;
  for (;;) {
    const size_t end = text.find('\n', start);
    SCARWISE_RETURN_IF_ERROR(CheckDisplayText(std::string_view(text).substr(start, end - start), field));
    if (end == std::string::npos) break;
    if (field != "address") return Unexpected(InvalidArgument(field, "must be one line"));
    start = end + 1;
  }
  return {};
}

Result<void> CheckIdentity(const ClinicIdentityChange& change) {
  SCARWISE_RETURN_IF_ERROR(CheckIdentityText(change.name, "name", 200, true));
  SCARWISE_RETURN_IF_ERROR(CheckIdentityText(change.address, "address", 500, false));
  SCARWISE_RETURN_IF_ERROR(CheckIdentityText(change.phone, "phone", 40, false));
  SCARWISE_RETURN_IF_ERROR(CheckIdentityText(change.email, "email", 254, false));
  if (change.phone.find_first_not_of("0123456789 +()-./") != std::string::npos) {
    return Unexpected(InvalidArgument("phone", "may hold digits, spaces and + ( ) - . / only"));
  }
  if (!change.email.empty() &&
      (change.email.find('@') == std::string::npos || change.email.find_first_of(" <>,;\"") != std::string::npos)) {
    return Unexpected(InvalidArgument("email", "must be an e-mail address"));
  }
  if (change.logo == ClinicIdentityChange::Logo::kReplace) {
    if (change.logo_bytes.size() > kMaxLogoBytes) {
      return Unexpected(Unprocessable("logo", "is " + std::to_string(change.logo_bytes.size() / 1024) +
                                                  " KiB; a logo may be at most " +
                                                  std::to_string(kMaxLogoBytes / 1024) + " KiB"));
    }
    if (!SniffLogo(change.logo_bytes)) {
      return Unexpected(Unprocessable("logo", "must be a PNG or JPEG image (SVG and other formats are refused)"));
    }
  }
  return {};
}

}  // namespace

Result<ClinicIdentity> SchedulingService::Identity() {
  SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
  return LoadClinicIdentity(*tx);
}

Result<ClinicIdentity> SchedulingService::SaveIdentity(const Request& request, const ClinicIdentityChange& change,
                                                       std::optional<int64_t> expected_version) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicConfigure));
  SCARWISE_RETURN_IF_ERROR(CheckIdentity(change));
  const storage::Instant now = access_.Now();
  return access_.Write<ClinicIdentity>([&](Transaction& tx) -> Result<ClinicIdentity> {
    SCARWISE_ASSIGN_OR_RETURN(ClinicIdentity current, LoadClinicIdentity(tx));
    if (expected_version && *expected_version != current.version) {
      return Unexpected(
          FailedPrecondition("version", "the clinic's details were changed by someone else; reload them"));
    }
    storage::ClinicIdentityRecord record{change.name, change.address, change.phone, change.email, "", "", now, 0};
    if (change.logo == ClinicIdentityChange::Logo::kReplace) {
      record.logo_type = *SniffLogo(change.logo_bytes);
      record.logo_base64 = Base64Encode(change.logo_bytes);
    } else if (change.logo == ClinicIdentityChange::Logo::kKeep && !current.logo_type.empty()) {
      record.logo_type = current.logo_type;
      record.logo_base64 = Base64Encode(current.logo);
    }
    SCARWISE_RETURN_IF_ERROR(tx.Scheduling().SaveClinicIdentity(record, current.version));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kClinicConfigure, "clinic", std::nullopt));
    return LoadClinicIdentity(tx);
  });
}

Result<storage::ResourceRecord> SchedulingService::AddResource(const Request& request, storage::NewResource resource,
                                                               const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicConfigure));
  SCARWISE_RETURN_IF_ERROR(CheckDisplayText(resource.name, "name"));
  const storage::Instant now = access_.Now();
  resource.created_at = now;
  return access_.Write<storage::ResourceRecord>([&](Transaction& tx) -> Result<storage::ResourceRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
    if (earlier) return tx.Scheduling().FindResource(*earlier);
    if (resource.user_id) {
      auto user = tx.Accounts().FindUser(*resource.user_id);
      if (!user || user->role == domain::Role::kPatient) {
        return Unexpected(InvalidArgument("user_id", "must name a staff account"));
      }
    }
    SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Scheduling().CreateResource(resource));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, id, now));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kClinicConfigure, std::string(NameOf(resource.kind)), id));
    return tx.Scheduling().FindResource(id);
  });
}

Result<std::vector<storage::ResourceRecord>> SchedulingService::Resources(const Request& request) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicRead));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
  return tx->Scheduling().ListResources();
}

Result<SchedulingService::PractitionerUpdate> SchedulingService::UpdatePractitioner(const Request& request, Id id,
                                                                                    int64_t expected_version,
                                                                                    const PractitionerChange& change) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicConfigure));
  if (change.name) {
    SCARWISE_RETURN_IF_ERROR(CheckDisplayText(*change.name, "name"));
  }
  const storage::Instant now = access_.Now();
  return access_.Write<PractitionerUpdate>([&](Transaction& tx) -> Result<PractitionerUpdate> {
    SCARWISE_ASSIGN_OR_RETURN(auto current, tx.Scheduling().FindResource(id));
    if (current.resource.kind != domain::ResourceKind::kPractitioner) return Unexpected(NoSuchPractitioner());
    SCARWISE_ASSIGN_OR_RETURN(auto schedule, interop::ReadPractitionerSchedule(current.resource.schedule_json));
    if (change.working_hours) schedule.working_hours = *change.working_hours;
    if (change.absences) schedule.absences = *change.absences;
    SCARWISE_ASSIGN_OR_RETURN(
        auto updated, tx.Scheduling().UpdateResource(id, expected_version, change.name.value_or(current.resource.name),
                                                     interop::EncodePractitionerSchedule(schedule), now));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kClinicConfigure, "practitioner", id));
    PractitionerUpdate outcome{std::move(updated), {}};
    SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZoneIfSetUp(tx));
    if (!zone) return outcome;  // no calendar yet: nothing is booked
    storage::AppointmentQuery booked;
    booked.from = now;
    booked.practitioner_id = id;
    booked.booked_only = true;
    booked.limit = 10000;
    SCARWISE_ASSIGN_OR_RETURN(auto appointments, tx.Scheduling().ListAppointments(booked));
    const domain::PractitionerHours hours{id, schedule.working_hours, schedule.absences};
    for (const storage::AppointmentRecord& r : appointments) {
      const domain::LocalSlot slot = LocalSlotOf(*zone, r.appointment.starts_at, r.appointment.ends_at);
      if (auto constraint = domain::PractitionerConflict(hours, slot)) {
        outcome.displaced.push_back({Scheduled(*zone, r), std::move(*constraint)});
      }
    }
    return outcome;
  });
}

// ---- booking a series ----

namespace {

// The scheduler's request for a plan's sessions not yet held, from `booking`.
struct SeriesPlan {
  Clinic clinic;
  Series series;
  domain::SeriesRequest request;
  domain::Occupancy taken;
};

// What a retried booking is answered with: the plan's booked sessions as they are now,
// audited as the booking it repeats.
Result<std::vector<ScheduledSession>> BookedSeries(Transaction& tx, const Request& request, storage::Instant now,
                                                   Id plan_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZone(tx));
  SCARWISE_ASSIGN_OR_RETURN(auto series, LoadSeries(tx, plan_id));
  SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kBookingCreate, "patient", series.plan.patient_id));
  std::vector<ScheduledSession> out;
  for (const storage::AppointmentRecord& r : series.booked) out.push_back(Scheduled(zone, r));
  if (series.follow_up) out.push_back(Scheduled(zone, *series.follow_up));
  return out;
}

Result<SeriesPlan> PlanSeries(Transaction& tx, const domain::PlanningProtocol& planning, Id plan_id,
                              const interop::BookingRequest& booking, storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto clinic, LoadClinic(tx));
  SCARWISE_ASSIGN_OR_RETURN(auto series, LoadSeries(tx, plan_id));
  if (!series.booked.empty() && !booking.rebook) {
    return Unexpected(Conflict(
        "plan_id",
        "the plan's sessions are already booked; reschedule or cancel them, or book the rest afresh (rebook)"));
  }
  if (const auto wanted = booking.preferences.practitioner;
      wanted && (!clinic.resources.contains(*wanted) ||
                 clinic.resources.at(*wanted).resource.kind != domain::ResourceKind::kPractitioner)) {
    return Unexpected(InvalidArgument("practitioner_id", "is not a practitioner of this clinic"));
  }
  const minutes slot = SlotLength(planning);
  const int held = series.charted.empty() ? 0 : series.charted.back().session.session_number;
  domain::SeriesRequest request;
  request.window = series.treatment.interval;
  request.slot_length = slot;
  request.first_session_number = held + 1;
  request.sessions = series.treatment.sessions - held;
  request.previous = HeldSession(clinic.zone, series, held, slot);
  request.earliest = std::max(Tomorrow(clinic.zone, now), booking.earliest.value_or(Date{}));
  // A plan that asks for skin priming (Fitzpatrick IV-VI) offers no first session before
  // the priming days have passed since its approval, whatever was asked for.
  if (held == 0 && series.treatment.priming_days > 0 && series.plan.approved_at) {
    const Date primed = clinic.zone.ToLocal(*series.plan.approved_at).day + days(series.treatment.priming_days);
    request.earliest = std::max(request.earliest, primed);
  }
  request.first_session_search_days = kFirstSessionSearchDays;
  request.preferences = booking.preferences;
  const Date horizon = (request.previous ? std::max(request.previous->slot.day, request.earliest) : request.earliest) +
                       days(kFirstSessionSearchDays + request.window.max * std::max(request.sessions, 1) + 1);
  // Rebooking frees the series' own booked slots: they are cancelled before the new ones.
  SCARWISE_ASSIGN_OR_RETURN(auto taken, LoadOccupancy(tx, clinic.zone, Midnight(clinic.zone, request.earliest),
                                                      Midnight(clinic.zone, horizon),
                                                      booking.rebook ? std::optional(plan_id) : std::nullopt));
  return SeriesPlan{std::move(clinic), std::move(series), std::move(request), std::move(taken)};
}

Error NothingFits(const domain::Unbookable& why) {
  return Conflict(why.constraint, why.message);
}

}  // namespace

Result<std::vector<SeriesAlternative>> SchedulingService::PreviewSeries(const Request& request, Id plan_id,
                                                                        const interop::BookingRequest& booking) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kBookingCreate));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
  SCARWISE_ASSIGN_OR_RETURN(auto plan, PlanSeries(*tx, protocol_.planning, plan_id, booking, access_.Now()));
  const domain::SeriesProposal proposal = domain::ProposeSeries(plan.clinic.calendar, plan.taken, plan.request);
  if (proposal.options.empty()) return Unexpected(NothingFits(*proposal.unbookable));
  std::vector<SeriesAlternative> out;
  for (const domain::SeriesOption& option : proposal.options) {
    SeriesAlternative alternative{
        {}, static_cast<int>(out.size()) + 1, option.same_practitioner, option.same_weekday_and_time, option.gaps_days};
    for (const domain::PlacedSession& s : option.sessions) {
      alternative.sessions.push_back(Planned(plan.clinic.zone, s, plan_id, plan.series.plan.patient_id));
    }
    out.push_back(std::move(alternative));
  }
  return out;
}

Result<std::vector<ScheduledSession>> SchedulingService::BookSeries(const Request& request, Id plan_id,
                                                                    const interop::BookingRequest& booking,
                                                                    const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kBookingCreate));
  for (int attempt = 1;; ++attempt) {
    const storage::Instant now = access_.Now();
    auto booked = access_.Write<std::vector<ScheduledSession>>([&](Transaction& tx)
                                                                   -> Result<std::vector<ScheduledSession>> {
      SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
      if (earlier) return BookedSeries(tx, request, now, *earlier);
      SCARWISE_ASSIGN_OR_RETURN(auto plan, PlanSeries(tx, protocol_.planning, plan_id, booking, now));
      const domain::SeriesProposal proposal = domain::ProposeSeries(plan.clinic.calendar, plan.taken, plan.request);
      if (proposal.options.empty()) return Unexpected(NothingFits(*proposal.unbookable));
      const size_t chosen = std::min(proposal.options.size(), static_cast<size_t>(booking.alternative)) - 1;
      const Id patient = plan.series.plan.patient_id;
      for (const storage::AppointmentRecord& old : plan.series.booked) {  // only when rebooking
        SCARWISE_RETURN_IF_ERROR(tx.Scheduling().CloseAppointment(old.id, domain::AppointmentStatus::kCancelled, now));
        SCARWISE_RETURN_IF_ERROR(WithdrawAppointmentReminders(tx, old.id, "cancelled: the series was booked again"));
      }
      // The follow-up visit booked before (if any) gives way first (its slot may be taken by the
      // new series) to one after the new last session.
      SCARWISE_RETURN_IF_ERROR(CancelFollowUp(tx, plan.series, "cancelled: the series was booked again", now));
      std::vector<ScheduledSession> out;
      for (const domain::PlacedSession& s : proposal.options[chosen].sessions) {
        ScheduledSession session = Planned(plan.clinic.zone, s, plan_id, patient);
        SCARWISE_ASSIGN_OR_RETURN(
            auto id, tx.Scheduling().CreateAppointment({plan_id, patient, s.session_number, session.starts_at.utc,
                                                        session.ends_at.utc, s.practitioner, s.room, s.device,
                                                        request.actor->user_id, now}));
        SCARWISE_RETURN_IF_ERROR(Remind(tx, plan.clinic.zone, id, now));
        session.appointment_id = id;
        out.push_back(std::move(session));
      }
      SCARWISE_ASSIGN_OR_RETURN(auto follow_up, BookFollowUp(tx, protocol_.planning, plan.clinic, plan.series.plan,
                                                             proposal.options[chosen].sessions.back(),
                                                             booking.preferences, request.actor->user_id, now));
      if (auto* visit = std::get_if<ScheduledSession>(&follow_up)) out.push_back(std::move(*visit));
      SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, plan_id, now));
      SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kBookingCreate, "patient", patient));
      return out;
    });
    // Another booking took one of these quarter hours between our read and our write.
    if (!booked && booked.error().cause == storage::kSlotTaken && attempt < kBookingAttempts) continue;
    if (!booked && booked.error().cause == storage::kSlotTaken) {
      return Unexpected(Conflict("slot", "the clinic's calendar is changing fast; try booking again"));
    }
    return booked;
  }
}

}  // namespace scarwise::service
