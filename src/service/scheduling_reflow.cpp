// SchedulingService: keeping a series valid when a session or the follow-up visit is
// rescheduled, cancelled or missed (the reflow). Booking a series is in scheduling_service.cpp,
// the follow-up visit's own placement in scheduling_follow_up.cpp.
#include <algorithm>
#include <string>

#include "service/outbox.hpp"
#include "service/scheduling_internal.hpp"

namespace scarwise::service {
namespace {

using namespace scheduling;  // the course-booking steps the scheduling files share (scheduling_internal.hpp)
using std::chrono::days;
using std::chrono::minutes;
using storage::Id;
using storage::Transaction;

std::optional<domain::PlacedSession> SessionBefore(const TimeZone& zone, const Series& series, int number,
                                                   minutes slot_length) {
  for (const auto& b : series.booked) {
    if (b.appointment.session_number == number - 1) return PlacedOf(zone, b);
  }
  return HeldSession(zone, series, number - 1, slot_length);
}

}  // namespace

namespace {}  // namespace

Result<ReflowOutcome> SchedulingService::Reschedule(const Request& request, Id appointment_id, Timestamp starts_at,
                                                    std::optional<Id> practitioner, bool dry_run) {
  return Change(request, appointment_id, domain::AppointmentStatus::kBooked, starts_at, practitioner, dry_run);
}

Result<ReflowOutcome> SchedulingService::Close(const Request& request, Id appointment_id,
                                               domain::AppointmentStatus status, bool dry_run) {
  if (!domain::Closed(status)) {
    return Unexpected(InvalidArgument("status", "must be cancelled or no_show"));
  }
  return Change(request, appointment_id, status, std::nullopt, std::nullopt, dry_run);
}

Result<ReflowOutcome> SchedulingService::Change(const Request& request, Id appointment_id,
                                                domain::AppointmentStatus new_status,
                                                std::optional<Timestamp> starts_at, std::optional<Id> practitioner,
                                                bool dry_run) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAppointmentChange));
  const domain::PlanningProtocol& planning = protocol_.planning;
  for (int attempt = 1;; ++attempt) {
    const storage::Instant now = access_.Now();
    auto work = [&](Transaction& tx) -> Result<ReflowOutcome> {
      SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx.Scheduling().FindAppointment(appointment_id));
      if (appointment.status != domain::AppointmentStatus::kBooked) {
        return Unexpected(Conflict("status", "the appointment is already " + std::string(NameOf(appointment.status))));
      }
      SCARWISE_ASSIGN_OR_RETURN(auto clinic, LoadClinic(tx));
      const TimeZone& zone = clinic.zone;
      const Id plan_id = appointment.appointment.plan_id;
      SCARWISE_ASSIGN_OR_RETURN(auto series, LoadSeries(tx, plan_id));
      const minutes slot = SlotLength(planning);
      if (appointment.appointment.kind == storage::AppointmentKind::kFollowUp) {
        return ChangeFollowUp(tx, request, planning, clinic, series, appointment, new_status, starts_at, practitioner,
                              dry_run, now);
      }
      const int number = appointment.appointment.session_number;
      const domain::IntervalDays& window = series.treatment.interval;

      domain::ReflowRequest reflow;
      reflow.window = window;
      reflow.slot_length = slot;
      reflow.previous = SessionBefore(zone, series, number, slot);
      reflow.original = PlacedOf(zone, appointment);
      reflow.not_before = Tomorrow(zone, now);
      // Session 1 of a plan with skin priming stays after the priming (as when it was booked).
      std::optional<Date> primed;
      if (number == 1 && series.charted.empty() && series.treatment.priming_days > 0 && series.plan.approved_at) {
        primed = zone.ToLocal(*series.plan.approved_at).day + days(series.treatment.priming_days);
        reflow.not_before = std::max(reflow.not_before, *primed);
      }
      for (const auto& b : series.booked) {
        if (b.appointment.session_number > number) reflow.later.push_back(PlacedOf(zone, b));
      }
      const Date last = reflow.later.empty() ? reflow.original.slot.day : reflow.later.back().slot.day;
      const Date from = std::min(reflow.not_before, reflow.original.slot.day) - days(1);
      const Date to = std::max(last, starts_at ? zone.ToLocal(starts_at->utc).day : last) +
                      days(window.max * (static_cast<int>(reflow.later.size()) + 2));
      SCARWISE_ASSIGN_OR_RETURN(auto taken, LoadOccupancy(tx, zone, Midnight(zone, from), Midnight(zone, to), plan_id));

      if (starts_at) {
        if (starts_at->utc <= now) return Unexpected(InvalidArgument("starts_at", "must be in the future"));
        const LocalTime local = zone.ToLocal(starts_at->utc);
        if (primed && local.day < *primed) {
          return Unexpected(Conflict("starts_at", "the plan asks for " + std::to_string(series.treatment.priming_days) +
                                                      " days of skin priming: session 1 from " + FormatDate(*primed)));
        }
        const domain::LocalSlot wanted{local.day, local.time, local.time + slot};
        auto placed = domain::PlaceAt(clinic.calendar, taken, number, wanted,
                                      practitioner.value_or(appointment.appointment.practitioner_id));
        if (auto* why = std::get_if<domain::Unbookable>(&placed))
          return Unexpected(Conflict("starts_at", why->message));
        domain::PlacedSession moved = std::get<domain::PlacedSession>(placed);
        if (practitioner && moved.practitioner != *practitioner) {
          return Unexpected(Conflict("practitioner_id", "the chosen practitioner is not free then"));
        }
        if (auto why = domain::CheckPlacement(clinic.calendar, taken, moved, reflow.previous, window)) {
          return Unexpected(Conflict("starts_at", why->message));
        }
        reflow.moved_to = moved;
      }
      const domain::ReflowResult result = domain::Reflow(clinic.calendar, taken, reflow);

      ReflowOutcome outcome;
      outcome.dry_run = dry_run;
      outcome.unresolved = result.unresolved;
      const Id patient = appointment.appointment.patient_id;
      auto by_number = [&](int n) -> const storage::AppointmentRecord* {
        for (const auto& b : series.booked) {
          if (b.appointment.session_number == n) return &b;
        }
        return nullptr;
      };
      auto move = [&](const storage::AppointmentRecord& record,
                      const domain::PlacedSession& place) -> Result<ScheduledSession> {
        ScheduledSession s = Planned(zone, place, plan_id, patient, record.appointment.kind);
        s.appointment_id = record.id;
        s.sequence = record.sequence + 1;
        if (dry_run) return s;
        SCARWISE_RETURN_IF_ERROR(tx.Scheduling().MoveAppointment(
            record.id, {s.starts_at.utc, s.ends_at.utc, place.practitioner, place.room, place.device}, now));
        SCARWISE_RETURN_IF_ERROR(WithdrawAppointmentReminders(tx, record.id, "cancelled: the session was moved"));
        SCARWISE_RETURN_IF_ERROR(Remind(tx, zone, record.id, now));
        return s;
      };

      if (new_status == domain::AppointmentStatus::kBooked) {
        SCARWISE_ASSIGN_OR_RETURN(auto changed, move(appointment, *result.changed));
        outcome.changed = std::move(changed);
      } else {
        if (!dry_run) {
          SCARWISE_RETURN_IF_ERROR(tx.Scheduling().CloseAppointment(appointment_id, new_status, now));
          SCARWISE_RETURN_IF_ERROR(WithdrawAppointmentReminders(tx, appointment_id,
                                                                new_status == domain::AppointmentStatus::kCancelled
                                                                    ? "cancelled: the session was cancelled"
                                                                    : "cancelled: marked as a no-show"));
        }
        if (result.changed) {
          ScheduledSession rebooked = Planned(zone, *result.changed, plan_id, patient);
          if (!dry_run) {
            const domain::PlacedSession& p = *result.changed;
            SCARWISE_ASSIGN_OR_RETURN(
                auto id, tx.Scheduling().CreateAppointment({plan_id, patient, number, rebooked.starts_at.utc,
                                                            rebooked.ends_at.utc, p.practitioner, p.room, p.device,
                                                            request.actor->user_id, now}));
            SCARWISE_RETURN_IF_ERROR(Remind(tx, zone, id, now));
            rebooked.appointment_id = id;
          }
          outcome.changed = std::move(rebooked);
        }
      }
      std::optional<domain::PlacedSession> last_session = LastSession(zone, series, slot);
      for (const domain::PlacedSession& p : result.moved) {
        const storage::AppointmentRecord* record = by_number(p.session_number);
        if (!record) continue;
        SCARWISE_ASSIGN_OR_RETURN(auto moved, move(*record, p));
        outcome.moved.push_back(std::move(moved));
        if (last_session && p.session_number == last_session->session_number) last_session = p;
      }
      if (result.changed && last_session && number == last_session->session_number) last_session = *result.changed;
      // The follow-up visit keeps its distance from the last session: it moves when the last
      // session moved too close to it.
      const domain::OutcomeModel& model = protocol_.planning.outcome;
      if (series.follow_up && last_session && model.loaded &&
          zone.ToLocal(series.follow_up->appointment.starts_at).day < FollowUpFrom(model.follow_up, *last_session)) {
        SCARWISE_ASSIGN_OR_RETURN(
            auto follow_up, FindFollowUp(tx, clinic, model.follow_up, *last_session, Tomorrow(zone, now), plan_id, {}));
        if (const auto* p = std::get_if<domain::PlacedSession>(&follow_up)) {
          SCARWISE_ASSIGN_OR_RETURN(auto moved, move(*series.follow_up, *p));
          outcome.moved.push_back(std::move(moved));
        } else if (!outcome.unresolved) {
          outcome.unresolved = std::get<domain::Unbookable>(follow_up);
        }
      }
      if (!dry_run) {
        SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kAppointmentChange, "patient", patient));
      }
      return outcome;
    };
    Result<ReflowOutcome> outcome = [&]() -> Result<ReflowOutcome> {
      if (!dry_run) return access_.Write<ReflowOutcome>(work);
      SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
      return work(*tx);
    }();
    if (!outcome && outcome.error().cause == storage::kSlotTaken && attempt < kBookingAttempts) continue;
    return outcome;
  }
}

}  // namespace scarwise::service
