// The follow-up visit of a series (outcome.yaml follow_up): where it may go after the last
// session, booking it with its reminder, cancelling it, and moving it when it is rescheduled,
// cancelled or missed.
#include <algorithm>
#include <string>

#include "service/outbox.hpp"
#include "service/scheduling_internal.hpp"

namespace scarwise::service::scheduling {
namespace {

using std::chrono::days;

constexpr int kFollowUpSearchDays = 42;  // from the first day the protocol allows a follow-up

// What the follow-up visit books: the protocol's minutes, rounded up to the quarter hour.
minutes FollowUpLength(const domain::FollowUpRule& rule) {
  return minutes((rule.minutes + domain::kCellMinutes - 1) / domain::kCellMinutes * domain::kCellMinutes);
}

// Queues the reminder of the appointment as it now is.
Result<void> RemindOf(Transaction& tx, const domain::PlanningProtocol& planning, const TimeZone& zone, Id id,
                      storage::Instant now) {
  SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx.Scheduling().FindAppointment(id));
  return RemindOfAppointment(tx, zone, appointment, planning, now);
}

}  // namespace

// The last session of the series as it stands: the booked one with the highest number, else
// the last one held.
std::optional<domain::PlacedSession> LastSession(const TimeZone& zone, const Series& series, minutes slot_length) {
  if (!series.booked.empty()) return PlacedOf(zone, series.booked.back());
  if (series.charted.empty()) return std::nullopt;
  return HeldSession(zone, series, series.charted.back().session.session_number, slot_length);
}

// The first day the follow-up visit may be on, after `last`.
Date FollowUpFrom(const domain::FollowUpRule& rule, const domain::PlacedSession& last) {
  return last.slot.day + days(rule.min_days_after_last_session);
}

// The follow-up visit's slot after `last`, from `not_before` on (the other bookings of the
// plan count as free: they are the series' own), or why none fits.
Result<std::variant<domain::PlacedSession, domain::Unbookable>> FindFollowUp(
    Transaction& tx, const Clinic& clinic, const domain::FollowUpRule& rule, const domain::PlacedSession& last,
    Date not_before, Id plan_id, const domain::BookingPreferences& preferences) {
  const Date earliest = std::max(FollowUpFrom(rule, last), not_before);
  SCARWISE_ASSIGN_OR_RETURN(auto taken,
                            LoadOccupancy(tx, clinic.zone, Midnight(clinic.zone, earliest - days(1)),
                                          Midnight(clinic.zone, earliest + days(kFollowUpSearchDays + 1)), plan_id));
  return domain::PlaceFollowUp(clinic.calendar, taken, last, earliest, kFollowUpSearchDays, FollowUpLength(rule),
                               preferences);
}

// Cancels the series' booked follow-up visit (if any) and skips its pending reminders.
Result<void> CancelFollowUp(Transaction& tx, const Series& series, const std::string& reason, storage::Instant now) {
  if (!series.follow_up) return {};
  SCARWISE_RETURN_IF_ERROR(
      tx.Scheduling().CloseAppointment(series.follow_up->id, domain::AppointmentStatus::kCancelled, now));
  return WithdrawAppointmentReminders(tx, series.follow_up->id, reason);
}

Result<FollowUpBooking> BookFollowUp(Transaction& tx, const domain::PlanningProtocol& planning, const Clinic& clinic,
                                     const storage::PlanRecord& plan, const domain::PlacedSession& last,
                                     const domain::BookingPreferences& preferences, Id booked_by,
                                     storage::Instant now) {
  if (!planning.outcome.loaded) return FollowUpBooking();
  SCARWISE_ASSIGN_OR_RETURN(auto found, FindFollowUp(tx, clinic, planning.outcome.follow_up, last,
                                                     Tomorrow(clinic.zone, now), plan.id, preferences));
  if (auto* why = std::get_if<domain::Unbookable>(&found)) return FollowUpBooking(*why);
  const domain::PlacedSession& p = std::get<domain::PlacedSession>(found);
  ScheduledSession visit = Planned(clinic.zone, p, plan.id, plan.patient_id, storage::AppointmentKind::kFollowUp);
  storage::NewAppointment appointment{plan.id,
                                      plan.patient_id,
                                      p.session_number,
                                      visit.starts_at.utc,
                                      visit.ends_at.utc,
                                      p.practitioner,
                                      p.room,
                                      p.device,
                                      booked_by,
                                      now,
                                      storage::AppointmentKind::kFollowUp};
  SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Scheduling().CreateAppointment(appointment));
  SCARWISE_RETURN_IF_ERROR(RemindOf(tx, planning, clinic.zone, id, now));
  visit.appointment_id = id;
  return FollowUpBooking(std::move(visit));
}

// A reschedule, cancellation or no-show of the follow-up visit: it moves to a free slot no
// earlier than the protocol allows after the last session, or is rebooked at the first one
// from tomorrow (as a session is within its window).
Result<ReflowOutcome> ChangeFollowUp(Transaction& tx, const Request& request, const domain::PlanningProtocol& planning,
                                     const Clinic& clinic, const Series& series,
                                     const storage::AppointmentRecord& appointment,
                                     domain::AppointmentStatus new_status, std::optional<Timestamp> starts_at,
                                     std::optional<Id> practitioner, bool dry_run, storage::Instant now) {
  const TimeZone& zone = clinic.zone;
  const domain::FollowUpRule& rule = planning.outcome.follow_up;
  const storage::NewAppointment& a = appointment.appointment;
  ReflowOutcome outcome;
  outcome.dry_run = dry_run;
  const std::optional<domain::PlacedSession> last = LastSession(zone, series, SlotLength(planning));
  const Date from = last ? FollowUpFrom(rule, *last) : Tomorrow(zone, now);
  if (starts_at) {
    if (starts_at->utc <= now) return Unexpected(InvalidArgument("starts_at", "must be in the future"));
    const LocalTime local = zone.ToLocal(starts_at->utc);
    if (local.day < from) {
      return Unexpected(Conflict("starts_at", "the follow-up visit is at least " +
                                                  std::to_string(rule.min_days_after_last_session) +
                                                  " days after the last session: from " + FormatDate(from)));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto taken, LoadOccupancy(tx, zone, Midnight(zone, local.day - days(1)),
                                                        Midnight(zone, local.day + days(2)), a.plan_id));
    const domain::LocalSlot wanted{local.day, local.time, local.time + FollowUpLength(rule)};
    auto placed =
        domain::PlaceAt(clinic.calendar, taken, a.session_number, wanted, practitioner.value_or(a.practitioner_id));
    if (auto* why = std::get_if<domain::Unbookable>(&placed)) return Unexpected(Conflict("starts_at", why->message));
    const domain::PlacedSession& p = std::get<domain::PlacedSession>(placed);
    if (practitioner && p.practitioner != *practitioner) {
      return Unexpected(Conflict("practitioner_id", "the chosen practitioner is not free then"));
    }
    ScheduledSession s = Planned(zone, p, a.plan_id, a.patient_id, storage::AppointmentKind::kFollowUp);
    s.appointment_id = appointment.id;
    s.sequence = appointment.sequence + 1;
    if (!dry_run) {
      SCARWISE_RETURN_IF_ERROR(tx.Scheduling().MoveAppointment(
          appointment.id, {s.starts_at.utc, s.ends_at.utc, p.practitioner, p.room, p.device}, now));
      SCARWISE_RETURN_IF_ERROR(
          WithdrawAppointmentReminders(tx, appointment.id, "cancelled: the follow-up visit was moved"));
      SCARWISE_RETURN_IF_ERROR(RemindOf(tx, planning, zone, appointment.id, now));
    }
    outcome.changed = std::move(s);
  } else {
    if (!dry_run) {
      SCARWISE_RETURN_IF_ERROR(tx.Scheduling().CloseAppointment(appointment.id, new_status, now));
      SCARWISE_RETURN_IF_ERROR(WithdrawAppointmentReminders(tx, appointment.id,
                                                            new_status == domain::AppointmentStatus::kCancelled
                                                                ? "cancelled: the follow-up visit was cancelled"
                                                                : "cancelled: marked as a no-show"));
    }
    const domain::PlacedSession anchor =
        last.value_or(domain::PlacedSession{a.session_number, {Tomorrow(zone, now), {}, {}}, a.practitioner_id, 0, 0});
    if (dry_run) {
      SCARWISE_ASSIGN_OR_RETURN(auto found, FindFollowUp(tx, clinic, rule, anchor, Tomorrow(zone, now), a.plan_id, {}));
      if (const auto* p = std::get_if<domain::PlacedSession>(&found)) {
        outcome.changed = Planned(zone, *p, a.plan_id, a.patient_id, storage::AppointmentKind::kFollowUp);
      } else {
        outcome.unresolved = std::get<domain::Unbookable>(found);
      }
    } else {
      SCARWISE_ASSIGN_OR_RETURN(
          auto rebooked, BookFollowUp(tx, planning, clinic, series.plan, anchor, {}, request.actor->user_id, now));
      if (auto* visit = std::get_if<ScheduledSession>(&rebooked)) outcome.changed = std::move(*visit);
      if (auto* why = std::get_if<domain::Unbookable>(&rebooked)) outcome.unresolved = *why;
    }
  }
  if (!dry_run) {
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kAppointmentChange, "patient", a.patient_id));
  }
  return outcome;
}

}  // namespace scarwise::service::scheduling
