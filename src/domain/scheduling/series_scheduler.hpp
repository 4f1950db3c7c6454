#pragma once

// Books a course of microneedling as a clinical series: every session within its window
// after the previous one (the plan's interval, in local calendar days), each with one
// practitioner, one room and one device free for the whole slot, inside opening hours,
// working hours, absences and closed dates. Ranks alternatives by how well they keep the
// course regular (same practitioner, same weekday and time, the target interval), and
// reflows the later sessions when one moves or is missed.
//
// Pure: the calendar and what is taken come in, slots go out. When nothing fits it says
// which session and which constraint.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/planning/treatment_plan.hpp"
#include "domain/scheduling/clinic_calendar.hpp"

namespace scarwise::domain {

// The patient's wishes; each empty one allows anything.
struct BookingPreferences {
  std::vector<int> weekdays;                      // WeekdayIndex values (0 = Monday)
  std::optional<std::chrono::minutes> time_from;  // the slot starts at or after
  std::optional<std::chrono::minutes> time_to;    // the slot ends at or before
  std::optional<ResourceId> practitioner;
};

struct PlacedSession {
  int session_number = 0;
  LocalSlot slot;
  ResourceId practitioner = 0;
  ResourceId room = 0;
  ResourceId device = 0;
  friend bool operator==(const PlacedSession&, const PlacedSession&) = default;
};

struct SeriesRequest {
  IntervalDays window;               // days between consecutive sessions
  std::chrono::minutes slot_length;  // numbing + needling + turnover
  int first_session_number = 1;
  int sessions = 0;  // how many to book, numbered from first_session_number
  // The session before the first one to book (held, or booked and kept): the first new
  // session falls within its window, and prefers its weekday, time and practitioner.
  std::optional<PlacedSession> previous;
  Date earliest;  // no session before this day (tomorrow, or the patient's wish)
  // Without a previous session, how many days from `earliest` the first session may be.
  int first_session_search_days = 42;
  BookingPreferences preferences;
  int alternatives = 5;
};

// One complete series. Lower cost fits better.
struct SeriesOption {
  std::vector<PlacedSession> sessions;
  int cost = 0;
  bool same_practitioner = false;
  bool same_weekday_and_time = false;
  std::vector<int> gaps_days;  // between consecutive sessions (the first from `previous`)
};

// Why a session cannot be placed. `constraint` is one of: "window", "closed_dates",
// "opening_hours", "preferences", "working_hours", "absences", "occupied".
struct Unbookable {
  int session_number = 0;
  std::string constraint;
  Date from;  // the days that were searched
  Date to;
  std::string message;  // plain language, with the dates
};

struct SeriesProposal {
  std::vector<SeriesOption> options;     // best first, at most `alternatives`
  std::optional<Unbookable> unbookable;  // set exactly when `options` is empty
};

// Up to `request.alternatives` series, each starting on a different day or with a
// different practitioner, ranked by fit.
SeriesProposal ProposeSeries(const ClinicCalendar& calendar, const Occupancy& taken, const SeriesRequest& request);

// Whether `session` may take its slot: on the grid, open, its practitioner working and not
// away, the practitioner, room and device free, and (when `previous` is given) within the
// window after it. The reason when not.
std::optional<Unbookable> CheckPlacement(const ClinicCalendar& calendar, const Occupancy& taken,
                                         const PlacedSession& session, const std::optional<PlacedSession>& previous,
                                         const IntervalDays& window);

// The same day and start with any free practitioner (the given one first), room and device;
// the reason when none is free.
std::variant<PlacedSession, Unbookable> PlaceAt(const ClinicCalendar& calendar, const Occupancy& taken,
                                                int session_number, const LocalSlot& slot,
                                                std::optional<ResourceId> practitioner);

// The follow-up visit after a series (issue 21): the best free slot of `slot_length` (a
// practitioner, a room and a device free, inside every calendar constraint and the patient's
// preferences) on the days [earliest, earliest + search_days), nearest `earliest` and on the
// last session's weekday, time and practitioner where it can. `session_number` is the last
// session's. The reason when nothing fits (the message names the follow-up visit).
std::variant<PlacedSession, Unbookable> PlaceFollowUp(const ClinicCalendar& calendar, const Occupancy& taken,
                                                      const PlacedSession& last, Date earliest, int search_days,
                                                      std::chrono::minutes slot_length,
                                                      const BookingPreferences& preferences);

// A change to one session of a series and the booked sessions after it.
struct ReflowRequest {
  IntervalDays window;
  std::chrono::minutes slot_length;
  std::optional<PlacedSession> previous;  // the session before the changed one, if any
  PlacedSession original;                 // the changed session where it was
  // Rescheduled: its new place (already checked with CheckPlacement). Absent: it was
  // cancelled or missed and is rebooked within its window, no earlier than `not_before` and
  // never on the day it was booked for.
  std::optional<PlacedSession> moved_to;
  Date not_before;
  std::vector<PlacedSession> later;  // the booked sessions after it, in order
};

struct ReflowResult {
  std::optional<PlacedSession> changed;  // where the changed session is now (absent: unbookable)
  std::vector<PlacedSession> moved;      // later sessions that move, at their new place
  // The first session that cannot be kept within its window, if any; it and the sessions
  // after it stay as they were, for the clinic to decide.
  std::optional<Unbookable> unresolved;
};

// Keeps every later session whose gap is still within the window and moves the others to
// the closest fitting slot, preferring one that keeps the next session where it is, so
// that as few sessions as possible move. `taken` must not include this series' bookings.
ReflowResult Reflow(const ClinicCalendar& calendar, const Occupancy& taken, const ReflowRequest& request);

// Why a practitioner with these hours and absences cannot take a session in `slot`:
// "working_hours" (not working the whole slot) or else "absences" (away that day); nothing
// when they can. CheckPlacement asks it; so does a change of the practitioner's hours or
// leave, for the sessions already booked with them.
std::optional<std::string> PractitionerConflict(const PractitionerHours& practitioner, const LocalSlot& slot);

}  // namespace scarwise::domain
