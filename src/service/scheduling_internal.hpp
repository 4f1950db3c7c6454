// What scheduling_service.cpp and scheduling_follow_up.cpp share: the clinic and a plan's
// series as the scheduler reads them, the placement helpers, and the follow-up visit's
// placement (outcome.yaml follow_up), its booking and its changes; scheduling_reflow.cpp uses
// them too. Internal to src/service.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "service/scheduling_service.hpp"

namespace scarwise::service::scheduling {

using std::chrono::minutes;
using storage::Id;
using storage::Transaction;

// Everything the scheduler needs about the clinic, read in one transaction.
struct Clinic {
  TimeZone zone;
  domain::ClinicCalendar calendar;
  std::map<Id, storage::ResourceRecord> resources;
};

// The plan, its series so far, and what the scheduler needs to extend or change it.
struct Series {
  storage::PlanRecord plan;
  domain::TreatmentPlan treatment;
  std::vector<storage::TreatmentSessionRecord> charted;  // of this plan, by session number
  std::vector<storage::AppointmentRecord> booked;        // of this plan, by session number
  std::optional<storage::AppointmentRecord> follow_up;   // the plan's booked follow-up visit
};

// A race lost to another booking is retried on fresh data, this many times in all.
inline constexpr int kBookingAttempts = 3;

// ---- reading and placement (scheduling_service.cpp) ----

// The clinic's time zone, calendar and resources; NotSetUp (a conflict) before its calendar is saved.
Result<Clinic> LoadClinic(Transaction& tx);

// The approved plan's series; a conflict when the plan is not approved.
Result<Series> LoadSeries(Transaction& tx, Id plan_id);

domain::PlacedSession PlacedOf(const TimeZone& zone, const storage::AppointmentRecord& r);

ScheduledSession Planned(const TimeZone& zone, const domain::PlacedSession& p, Id plan_id, Id patient_id,
                         storage::AppointmentKind kind = storage::AppointmentKind::kSession);

// What is taken in [from, to) by booked appointments, except those of `except_plan`.
Result<domain::Occupancy> LoadOccupancy(Transaction& tx, const TimeZone& zone, storage::Instant from,
                                        storage::Instant to, std::optional<Id> except_plan);

// The charted session with this number as a placed one (its day and time from its end).
std::optional<domain::PlacedSession> HeldSession(const TimeZone& zone, const Series& series, int number,
                                                 minutes slot_length);

// What one session books: numbing + needling + turnover, rounded up to the quarter hour.
minutes SlotLength(const domain::PlanningProtocol& planning);

Date Tomorrow(const TimeZone& zone, storage::Instant now);

// ---- the follow-up visit (scheduling_follow_up.cpp) ----

// The last session of the series as it stands: the booked one with the highest number, else
// the last one held.
std::optional<domain::PlacedSession> LastSession(const TimeZone& zone, const Series& series, minutes slot_length);

// The first day the follow-up visit may be on, after `last`.
Date FollowUpFrom(const domain::FollowUpRule& rule, const domain::PlacedSession& last);

// The follow-up visit's slot after `last`, from `not_before` on (the other bookings of the
// plan count as free: they are the series' own), or why none fits.
Result<std::variant<domain::PlacedSession, domain::Unbookable>> FindFollowUp(
    Transaction& tx, const Clinic& clinic, const domain::FollowUpRule& rule, const domain::PlacedSession& last,
    Date not_before, Id plan_id, const domain::BookingPreferences& preferences);

// Cancels the series' booked follow-up visit (if any) and skips its pending reminders.
Result<void> CancelFollowUp(Transaction& tx, const Series& series, const std::string& reason, storage::Instant now);

// Books the follow-up visit (outcome.yaml follow_up) at the first free slot from the
// protocol's days after `last` (and from tomorrow), with its reminder; why not when nothing
// fits in the weeks searched; std::monostate when the protocol has no outcome model.
using FollowUpBooking = std::variant<std::monostate, ScheduledSession, domain::Unbookable>;
Result<FollowUpBooking> BookFollowUp(Transaction& tx, const domain::PlanningProtocol& planning, const Clinic& clinic,
                                     const storage::PlanRecord& plan, const domain::PlacedSession& last,
                                     const domain::BookingPreferences& preferences, Id booked_by, storage::Instant now);

// A reschedule, cancellation or no-show of the follow-up visit: it moves to a free slot no
// earlier than the protocol allows after the last session, or is rebooked at the first one
// from tomorrow (as a session is within its window).
Result<ReflowOutcome> ChangeFollowUp(Transaction& tx, const Request& request, const domain::PlanningProtocol& planning,
                                     const Clinic& clinic, const Series& series,
                                     const storage::AppointmentRecord& appointment,
                                     domain::AppointmentStatus new_status, std::optional<Timestamp> starts_at,
                                     std::optional<Id> practitioner, bool dry_run, storage::Instant now);

}  // namespace scarwise::service::scheduling
