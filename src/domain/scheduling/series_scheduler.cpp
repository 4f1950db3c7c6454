#include "domain/scheduling/series_scheduler.hpp"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

namespace scarwise::domain {
namespace {

using std::chrono::days;
using std::chrono::minutes;

// How much each departure from a regular course costs when ranking slots. A day away from
// the target interval costs more than a change of time; a change of practitioner most of
// all except breaking the next session's window.
constexpr int kPerDayFromTarget = 10;
constexpr int kPerDayFromEarliest = 3;
constexpr int kWeekdayChange = 30;
constexpr int kPerQuarterHourMoved = 2;
constexpr int kTimeChangeCap = 30;
constexpr int kPractitionerChange = 40;
constexpr int kBreaksNextWindow = 1000;

constexpr int kBranching = 3;       // slots tried per session before giving up on a prefix
constexpr int kAnchorsTried = 40;   // first-session slots tried for alternatives
constexpr int kSearchBudget = 600;  // series prefixes explored per proposal

// Why a day offers no slot, in the order a day is checked; over a window the furthest
// stage any day reached is the reason given.
enum class Stage {
  kNone,
  kClosedDate,
  kClosedWeekday,
  kPreferredWeekday,
  kNotWorking,
  kAway,
  kPreferredTime,
  kOccupied,
  kOffers,
};

int DayNumber(Date day) {
  return static_cast<int>(day.time_since_epoch().count());
}

int Cells(minutes length) {
  return static_cast<int>((length.count() + kCellMinutes - 1) / kCellMinutes);
}

// The cells where a run of `length` free cells starts.
DayCells RunStarts(const DayCells& free, int length) {
  DayCells starts = free;
  for (int k = 1; k < length; ++k) starts &= (free >> static_cast<size_t>(k));
  return starts;
}

DayCells SpanCells(const std::vector<TimeSpan>& spans) {
  DayCells cells;
  for (const TimeSpan& span : spans) cells |= CellsOf(span.from, span.to);
  return cells;
}

bool IsClosed(const ClinicCalendar& calendar, Date day) {
  return std::find(calendar.closed_dates.begin(), calendar.closed_dates.end(), day) != calendar.closed_dates.end();
}

bool IsAway(const PractitionerHours& practitioner, Date day) {
  return std::any_of(practitioner.absences.begin(), practitioner.absences.end(),
                     [&](const Absence& a) { return a.from <= day && day <= a.to; });
}

int GapDays(Date from, Date to) {
  return static_cast<int>((to - from).count());
}

bool WithinWindow(const IntervalDays& window, Date from, Date to) {
  const int gap = GapDays(from, to);
  return gap >= window.min && gap <= window.max;
}

// How far a day departs from the weekday of the course's rhythm set by `reference`.
int WeekdayCost(const PlacedSession& reference, Date day) {
  return WeekdayIndex(day) != WeekdayIndex(reference.slot.day) ? kWeekdayChange : 0;
}

// How far a start time and practitioner depart from the rhythm set by `reference`.
int TimeAndPractitionerCost(const PlacedSession& reference, int start_cell, ResourceId practitioner) {
  const int reference_cell = static_cast<int>(reference.slot.start.count()) / kCellMinutes;
  int cost = std::min(kTimeChangeCap, kPerQuarterHourMoved * std::abs(start_cell - reference_cell));
  if (reference.practitioner != 0 && practitioner != reference.practitioner) cost += kPractitionerChange;
  return cost;
}

std::string DateText(Date day) {
  return FormatDate(day);
}

// What one local day offers: for each practitioner who can take a session, the cells where
// one may start with a room and a device free too.
struct DayOffer {
  Stage stage = Stage::kNone;
  std::string short_of;  // at kOccupied: "practitioners", "rooms" or "devices"
  std::vector<std::pair<ResourceId, DayCells>> starts;
  std::vector<DayCells> room_starts;
  std::vector<DayCells> device_starts;
};

// The slots of a calendar for one slot length, with each day worked out once.
class SlotFinder {
 public:
  SlotFinder(const ClinicCalendar& calendar, const Occupancy& taken, minutes slot_length,
             const BookingPreferences* preferences)
      : calendar_(calendar), taken_(taken), length_(Cells(slot_length)), preferences_(preferences) {}

  int length_cells() const { return length_; }

  const DayOffer& Offer(Date day) {
    auto [it, inserted] = offers_.try_emplace(DayNumber(day));
    if (inserted) it->second = Compute(day);
    return it->second;
  }

  // The session at `start_cell` of `day` with `practitioner` and the first free room and
  // device; the day's offer must allow it.
  PlacedSession Place(int session_number, Date day, int start_cell, ResourceId practitioner) {
    const DayOffer& offer = Offer(day);
    PlacedSession placed{session_number,
                         {day, minutes(start_cell * kCellMinutes), minutes((start_cell + length_) * kCellMinutes)},
                         practitioner,
                         0,
                         0};
    auto first_free = [&](const std::vector<DayCells>& starts, const std::vector<ResourceId>& ids) -> ResourceId {
      for (size_t i = 0; i < starts.size(); ++i) {
        if (starts[i].test(static_cast<size_t>(start_cell))) return ids[i];
      }
      return 0;
    };
    placed.room = first_free(offer.room_starts, calendar_.rooms);
    placed.device = first_free(offer.device_starts, calendar_.devices);
    return placed;
  }

  // Why nothing fits for `session_number` on the days [from, to].
  Unbookable Explain(int session_number, Date from, Date to) {
    Stage furthest = Stage::kNone;
    std::string short_of;
    for (Date day = from; day <= to; day += days(1)) {
      const DayOffer& offer = Offer(day);
      if (offer.stage > furthest) {
        furthest = offer.stage;
        short_of = offer.short_of;
      }
    }
    const std::string span = DateText(from) + (from == to ? "" : " to " + DateText(to));
    const std::string who = preferences_ && preferences_->practitioner ? "the chosen practitioner" : "any practitioner";
    Unbookable why{session_number, "", from, to, ""};
    const std::string head = "Session " + std::to_string(session_number) + " cannot be booked on " + span + ": ";
    switch (furthest) {
      case Stage::kNone:
      case Stage::kClosedDate:
        why.constraint = "closed_dates";
        why.message = head + "the clinic is closed on those dates";
        break;
      case Stage::kClosedWeekday:
        why.constraint = "opening_hours";
        why.message = head + "the clinic is not open long enough on those days";
        break;
      case Stage::kPreferredWeekday:
      case Stage::kPreferredTime:
        why.constraint = "preferences";
        why.message = head + "no opening matches the patient's preferred days and times";
        break;
      case Stage::kNotWorking:
        why.constraint = "working_hours";
        why.message = head + "no working hours of " + who + " fit a session then";
        break;
      case Stage::kAway:
        why.constraint = "absences";
        why.message = head + (who == "any practitioner" ? "every practitioner working then is away"
                                                        : "the chosen practitioner is away");
        break;
      case Stage::kOccupied:
      case Stage::kOffers:
        why.constraint = "occupied";
        why.message = head + "every slot is taken (the " + short_of + " are fully booked)";
        break;
    }
    return why;
  }

 private:
  DayOffer Compute(Date day) const {
    DayOffer offer;
    if (IsClosed(calendar_, day)) {
      offer.stage = Stage::kClosedDate;
      return offer;
    }
    const int weekday = WeekdayIndex(day);
    const DayCells open = SpanCells(calendar_.opening_hours[static_cast<size_t>(weekday)]);
    if (RunStarts(open, length_).none()) {
      offer.stage = Stage::kClosedWeekday;
      return offer;
    }
    if (preferences_ && !preferences_->weekdays.empty() &&
        std::find(preferences_->weekdays.begin(), preferences_->weekdays.end(), weekday) ==
            preferences_->weekdays.end()) {
      offer.stage = Stage::kPreferredWeekday;
      return offer;
    }
    DayCells wanted;
    wanted.set();
    if (preferences_) {
      const int from = preferences_->time_from ? static_cast<int>(preferences_->time_from->count()) / kCellMinutes : 0;
      const int to = preferences_->time_to
                         ? static_cast<int>(preferences_->time_to->count()) / kCellMinutes - length_ + 1
                         : kCellsPerDay;
      wanted = CellsOf(minutes(from * kCellMinutes), minutes(std::max(from, to) * kCellMinutes));
    }
    DayCells any_room, any_device;
    for (ResourceId room : calendar_.rooms) {
      offer.room_starts.push_back(RunStarts(open & ~taken_.Taken(room, day), length_));
      any_room |= offer.room_starts.back();
    }
    for (ResourceId device : calendar_.devices) {
      offer.device_starts.push_back(RunStarts(open & ~taken_.Taken(device, day), length_));
      any_device |= offer.device_starts.back();
    }
    Stage stage = Stage::kNotWorking;
    auto reach = [&](Stage s, std::string short_of = "") {
      if (s > stage) {
        stage = s;
        offer.short_of = std::move(short_of);
      }
    };
    for (const PractitionerHours& practitioner : calendar_.practitioners) {
      if (preferences_ && preferences_->practitioner && *preferences_->practitioner != practitioner.id) continue;
      const DayCells works = SpanCells(practitioner.working_hours[static_cast<size_t>(weekday)]) & open;
      if (RunStarts(works, length_).none()) continue;
      if (IsAway(practitioner, day)) {
        reach(Stage::kAway);
        continue;
      }
      if ((RunStarts(works, length_) & wanted).none()) {
        reach(Stage::kPreferredTime);
        continue;
      }
      const DayCells free = RunStarts(works & ~taken_.Taken(practitioner.id, day), length_) & wanted;
      if (free.none()) {
        reach(Stage::kOccupied, "practitioners");
        continue;
      }
      if ((free & any_room).none()) {
        reach(Stage::kOccupied, "rooms");
        continue;
      }
      const DayCells starts = free & any_room & any_device;
      if (starts.none()) {
        reach(Stage::kOccupied, "devices");
        continue;
      }
      offer.starts.emplace_back(practitioner.id, starts);
    }
    offer.stage = offer.starts.empty() ? stage : Stage::kOffers;
    return offer;
  }

  const ClinicCalendar& calendar_;
  const Occupancy& taken_;
  int length_;
  const BookingPreferences* preferences_;
  std::unordered_map<int, DayOffer> offers_;
};

struct Candidate {
  PlacedSession placed;
  int cost = 0;
};

// The `limit` cheapest slots on the days [from, to]. `day_cost` ranks the days (a lower
// bound of a slot's cost on that day; negative: the day is excluded) and `slot_cost` adds
// what depends on the slot.
template <typename DayCost, typename SlotCost>
std::vector<Candidate> Cheapest(SlotFinder& finder, int session_number, Date from, Date to, int limit, DayCost day_cost,
                                SlotCost slot_cost) {
  std::vector<std::pair<int, Date>> ranked;
  for (Date day = from; day <= to; day += days(1)) {
    if (const int cost = day_cost(day); cost >= 0) ranked.emplace_back(cost, day);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Candidate> best;
  for (const auto& [base, day] : ranked) {
    if (static_cast<int>(best.size()) == limit && base >= best.back().cost) break;
    const DayOffer& offer = finder.Offer(day);
    for (const auto& [practitioner, starts] : offer.starts) {
      // The cheapest start of this practitioner on this day.
      int best_cost = -1, best_cell = -1;
      for (int cell = 0; cell < kCellsPerDay; ++cell) {
        if (!starts.test(static_cast<size_t>(cell))) continue;
        const int cost = base + slot_cost(day, cell, practitioner);
        if (best_cost < 0 || cost < best_cost) {
          best_cost = cost;
          best_cell = cell;
        }
      }
      if (static_cast<int>(best.size()) == limit && best_cost >= best.back().cost) continue;
      Candidate candidate{finder.Place(session_number, day, best_cell, practitioner), best_cost};
      auto at = std::upper_bound(best.begin(), best.end(), candidate.cost,
                                 [](int cost, const Candidate& c) { return cost < c.cost; });
      best.insert(at, std::move(candidate));
      if (static_cast<int>(best.size()) > limit) best.pop_back();
    }
  }
  return best;
}

// Depth-first over the sessions after the anchor, cheapest slots first.
class SeriesSearch {
 public:
  SeriesSearch(SlotFinder& finder, const SeriesRequest& request) : finder_(finder), request_(request) {}

  // Completes `series` (which holds the anchor) to request_.sessions sessions.
  bool Complete(std::vector<PlacedSession>& series, int& cost) {
    if (static_cast<int>(series.size()) == request_.sessions) return true;
    if (--budget_ < 0) return false;
    const PlacedSession& previous = series.back();
    const PlacedSession reference = series.front();
    const int number = previous.session_number + 1;
    const Date from = std::max(previous.slot.day + days(request_.window.min), request_.earliest);
    const Date to = previous.slot.day + days(request_.window.max);
    const IntervalDays window = request_.window;
    auto candidates = Cheapest(
        finder_, number, from, to, kBranching,
        [&](Date day) {
          return kPerDayFromTarget * std::abs(GapDays(previous.slot.day, day) - window.target) +
                 WeekdayCost(reference, day);
        },
        [&](Date, int cell, ResourceId practitioner) {
          return TimeAndPractitionerCost(reference, cell, practitioner);
        });
    if (candidates.empty()) {
      Fail(number, from, to);
      return false;
    }
    for (Candidate& candidate : candidates) {
      series.push_back(candidate.placed);
      cost += candidate.cost;
      if (Complete(series, cost)) return true;
      cost -= candidate.cost;
      series.pop_back();
    }
    return false;
  }

  // Records why session `number` found no slot on the days [from, to] (none when the
  // window ended before `earliest`); the furthest session any attempt reached is reported.
  void Fail(int number, Date from, Date to) {
    if (deepest_ && deepest_->session_number >= number) return;
    if (from <= to) {
      deepest_ = finder_.Explain(number, from, to);
      return;
    }
    deepest_ = Unbookable{number, "window", to - days(request_.window.max - request_.window.min), to,
                          "Session " + std::to_string(number) + " cannot be booked: its window (" +
                              std::to_string(request_.window.min) + " to " + std::to_string(request_.window.max) +
                              " days after the previous session) ended on " + DateText(to) + ", before " +
                              DateText(request_.earliest)};
  }

  const std::optional<Unbookable>& deepest() const { return deepest_; }

 private:
  SlotFinder& finder_;
  const SeriesRequest& request_;
  int budget_ = kSearchBudget;
  std::optional<Unbookable> deepest_;
};

SeriesOption Describe(std::vector<PlacedSession> sessions, int cost, const std::optional<PlacedSession>& previous) {
  SeriesOption option{std::move(sessions), cost, true, true, {}};
  const PlacedSession& first = option.sessions.front();
  for (const PlacedSession& s : option.sessions) {
    option.same_practitioner = option.same_practitioner && s.practitioner == first.practitioner;
    option.same_weekday_and_time = option.same_weekday_and_time &&
                                   WeekdayIndex(s.slot.day) == WeekdayIndex(first.slot.day) &&
                                   s.slot.start == first.slot.start;
  }
  Date before = previous ? previous->slot.day : first.slot.day;
  for (size_t i = previous ? 0 : 1; i < option.sessions.size(); ++i) {
    option.gaps_days.push_back(GapDays(before, option.sessions[i].slot.day));
    before = option.sessions[i].slot.day;
  }
  return option;
}

}  // namespace

SeriesProposal ProposeSeries(const ClinicCalendar& calendar, const Occupancy& taken, const SeriesRequest& request) {
  SeriesProposal proposal;
  const int first_number = request.first_session_number;
  if (request.sessions <= 0) {
    proposal.unbookable = Unbookable{first_number, "window", request.earliest, request.earliest,
                                     "Every session of the plan is already booked or held"};
    return proposal;
  }
  SlotFinder finder(calendar, taken, request.slot_length, &request.preferences);
  SeriesSearch search(finder, request);

  // The first session: within the previous session's window, or from `earliest` on.
  Date from = request.earliest;
  Date to = request.earliest + days(request.first_session_search_days - 1);
  if (request.previous) {
    from = std::max(from, request.previous->slot.day + days(request.window.min));
    to = request.previous->slot.day + days(request.window.max);
  }
  const auto& previous = request.previous;
  auto anchors = Cheapest(
      finder, first_number, from, to, kAnchorsTried,
      [&](Date day) {
        return previous ? kPerDayFromTarget * std::abs(GapDays(previous->slot.day, day) - request.window.target) +
                              WeekdayCost(*previous, day)
                        : kPerDayFromEarliest * GapDays(request.earliest, day);
      },
      [&](Date, int cell, ResourceId practitioner) {
        return previous ? TimeAndPractitionerCost(*previous, cell, practitioner) : 0;
      });
  if (anchors.empty()) search.Fail(first_number, from, to);
  for (const Candidate& anchor : anchors) {
    if (static_cast<int>(proposal.options.size()) == request.alternatives) break;
    std::vector<PlacedSession> series{anchor.placed};
    int cost = anchor.cost;
    if (search.Complete(series, cost)) proposal.options.push_back(Describe(std::move(series), cost, previous));
  }
  std::stable_sort(proposal.options.begin(), proposal.options.end(),
                   [](const SeriesOption& a, const SeriesOption& b) { return a.cost < b.cost; });
  if (proposal.options.empty()) proposal.unbookable = search.deepest();
  return proposal;
}

std::variant<PlacedSession, Unbookable> PlaceFollowUp(const ClinicCalendar& calendar, const Occupancy& taken,
                                                      const PlacedSession& last, Date earliest, int search_days,
                                                      minutes slot_length, const BookingPreferences& preferences) {
  SlotFinder finder(calendar, taken, slot_length, &preferences);
  const int number = last.session_number;
  const Date to = earliest + days(std::max(search_days, 1) - 1);
  auto best = Cheapest(
      finder, number, earliest, to, 1,
      [&](Date day) { return kPerDayFromEarliest * GapDays(earliest, day) + WeekdayCost(last, day); },
      [&](Date, int cell, ResourceId practitioner) { return TimeAndPractitionerCost(last, cell, practitioner); });
  if (!best.empty()) return best.front().placed;
  Unbookable why = finder.Explain(number, earliest, to);
  const std::string head = "Session " + std::to_string(number);
  if (why.message.starts_with(head)) why.message.replace(0, head.size(), "The follow-up visit");
  return why;
}

std::optional<Unbookable> CheckPlacement(const ClinicCalendar& calendar, const Occupancy& taken,
                                         const PlacedSession& session, const std::optional<PlacedSession>& previous,
                                         const IntervalDays& window) {
  const LocalSlot& slot = session.slot;
  Unbookable why{session.session_number, "", slot.day, slot.day, ""};
  auto refuse = [&](std::string constraint, std::string reason) {
    why.constraint = std::move(constraint);
    why.message = "Session " + std::to_string(session.session_number) + " cannot be on " + DateText(slot.day) + ": " +
                  std::move(reason);
    return why;
  };
  if (slot.start.count() % kCellMinutes != 0 || slot.start < minutes(0) || slot.end > minutes(24 * 60)) {
    return refuse("opening_hours", "sessions start on the quarter hour within the day");
  }
  if (previous && !WithinWindow(window, previous->slot.day, slot.day)) {
    return refuse("window", "it must be " + std::to_string(window.min) + " to " + std::to_string(window.max) +
                                " days after session " + std::to_string(previous->session_number) + " on " +
                                DateText(previous->slot.day) + " (it would be " +
                                std::to_string(GapDays(previous->slot.day, slot.day)) + ")");
  }
  if (IsClosed(calendar, slot.day)) return refuse("closed_dates", "the clinic is closed that day");
  const DayCells cells = CellsOf(slot.start, slot.end);
  const int weekday = WeekdayIndex(slot.day);
  if ((cells & ~SpanCells(calendar.opening_hours[static_cast<size_t>(weekday)])).any()) {
    return refuse("opening_hours", "the clinic is not open for the whole slot");
  }
  auto practitioner = std::find_if(calendar.practitioners.begin(), calendar.practitioners.end(),
                                   [&](const PractitionerHours& p) { return p.id == session.practitioner; });
  const std::optional<std::string> conflict =
      practitioner == calendar.practitioners.end() ? "working_hours" : PractitionerConflict(*practitioner, slot);
  if (conflict == "working_hours") return refuse(*conflict, "the practitioner does not work the whole slot");
  if (conflict == "absences") return refuse(*conflict, "the practitioner is away that day");
  if ((cells & taken.Taken(session.practitioner, slot.day)).any()) {
    return refuse("occupied", "the practitioner is booked then");
  }
  if ((cells & taken.Taken(session.room, slot.day)).any()) return refuse("occupied", "the room is booked then");
  if ((cells & taken.Taken(session.device, slot.day)).any()) return refuse("occupied", "the device is booked then");
  return std::nullopt;
}

std::variant<PlacedSession, Unbookable> PlaceAt(const ClinicCalendar& calendar, const Occupancy& taken,
                                                int session_number, const LocalSlot& slot,
                                                std::optional<ResourceId> practitioner) {
  SlotFinder finder(calendar, taken, slot.end - slot.start, nullptr);
  const int cell = static_cast<int>(slot.start.count()) / kCellMinutes;
  const DayOffer& offer = finder.Offer(slot.day);
  std::optional<ResourceId> chosen;
  for (const auto& [id, starts] : offer.starts) {
    if (slot.start.count() % kCellMinutes != 0 || !starts.test(static_cast<size_t>(cell))) continue;
    if (!chosen || (practitioner && id == *practitioner)) chosen = id;
  }
  if (chosen) return finder.Place(session_number, slot.day, cell, *chosen);
  // Nothing free at that time: say why for the wanted practitioner (or the first one).
  PlacedSession wanted{session_number, slot, practitioner.value_or(0), 0, 0};
  if (!practitioner && !calendar.practitioners.empty()) wanted.practitioner = calendar.practitioners.front().id;
  if (auto why = CheckPlacement(calendar, taken, wanted, std::nullopt, {}); why && why->constraint != "occupied") {
    return *why;
  }
  Unbookable why = finder.Explain(session_number, slot.day, slot.day);
  why.constraint = "occupied";
  why.message = "Session " + std::to_string(session_number) + " cannot be on " + DateText(slot.day) +
                " at that time: no practitioner, room and device are all free for the whole slot";
  return why;
}

ReflowResult Reflow(const ClinicCalendar& calendar, const Occupancy& taken, const ReflowRequest& request) {
  ReflowResult result;
  SlotFinder finder(calendar, taken, request.slot_length, nullptr);
  const IntervalDays& window = request.window;

  // The best slot for `session` after `previous`, as close as it can be to where it was,
  // keeping `next` (if any) within its window.
  // `avoid` is a day the session must not be on (the day the patient cancelled).
  auto rehome = [&](const PlacedSession& session, const std::optional<PlacedSession>& previous,
                    const std::optional<PlacedSession>& next,
                    std::optional<Date> avoid) -> std::variant<PlacedSession, Unbookable> {
    Date from = request.not_before;
    Date to = request.not_before + days(window.max);
    if (previous) {
      from = std::max(from, previous->slot.day + days(window.min));
      to = previous->slot.day + days(window.max);
    }
    if (from > to) {
      return Unbookable{session.session_number, "window", to, to,
                        "Session " + std::to_string(session.session_number) + " cannot be kept within " +
                            std::to_string(window.max) + " days of session " +
                            std::to_string(previous->session_number) + ": that window ended on " + DateText(to)};
    }
    auto best = Cheapest(
        finder, session.session_number, from, to, 1,
        [&](Date day) {
          if (avoid && day == *avoid) return -1;
          return kPerDayFromTarget * std::abs(GapDays(session.slot.day, day)) + WeekdayCost(session, day) +
                 (next && !WithinWindow(window, day, next->slot.day) ? kBreaksNextWindow : 0);
        },
        [&](Date, int cell, ResourceId practitioner) { return TimeAndPractitionerCost(session, cell, practitioner); });
    if (best.empty()) return finder.Explain(session.session_number, from, to);
    return best.front().placed;
  };

  const std::optional<PlacedSession> first_later =
      request.later.empty() ? std::nullopt : std::optional<PlacedSession>(request.later.front());
  if (request.moved_to) {
    result.changed = request.moved_to;
  } else {
    auto placed = rehome(request.original, request.previous, first_later, request.original.slot.day);
    if (auto* why = std::get_if<Unbookable>(&placed)) {
      result.unresolved = std::move(*why);
      return result;
    }
    result.changed = std::get<PlacedSession>(placed);
  }

  PlacedSession previous = *result.changed;
  for (size_t i = 0; i < request.later.size(); ++i) {
    const PlacedSession& session = request.later[i];
    if (WithinWindow(window, previous.slot.day, session.slot.day) && session.slot.day >= request.not_before) {
      previous = session;
      continue;
    }
    const std::optional<PlacedSession> next =
        i + 1 < request.later.size() ? std::optional<PlacedSession>(request.later[i + 1]) : std::nullopt;
    auto placed = rehome(session, previous, next, std::nullopt);
    if (auto* why = std::get_if<Unbookable>(&placed)) {
      result.unresolved = std::move(*why);
      return result;
    }
    previous = std::get<PlacedSession>(placed);
    result.moved.push_back(previous);
  }
  return result;
}

std::optional<std::string> PractitionerConflict(const PractitionerHours& practitioner, const LocalSlot& slot) {
  const auto weekday = static_cast<size_t>(WeekdayIndex(slot.day));
  if ((CellsOf(slot.start, slot.end) & ~SpanCells(practitioner.working_hours[weekday])).any()) return "working_hours";
  if (IsAway(practitioner, slot.day)) return "absences";
  return std::nullopt;
}

}  // namespace scarwise::domain
