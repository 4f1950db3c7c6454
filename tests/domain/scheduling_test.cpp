// Booking a course as a clinical series, as tables a clinician or coordinator can read:
// "the clinic is open ..., the patient wants ... -> the sessions land on ...". The clinic of
// these tests is open Monday to Friday 09:00-17:00 with two practitioners (1 and 2) working
// those hours, rooms 11 and 12 and one device, 21; a session takes 90 minutes and the next
// one is 28 to 42 days later (target 28). Everything is in the clinic's local time.
#include <gtest/gtest.h>

#include <random>

#include "domain/scheduling/series_scheduler.hpp"

namespace scarwise::domain {
namespace {

using std::chrono::days;
using std::chrono::minutes;

Date D(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}
minutes At(int h, int m = 0) {
  return minutes(h * 60 + m);
}
LocalSlot Slot(Date day, int hour, int minute = 0) {
  return LocalSlot{day, At(hour, minute), At(hour, minute) + minutes(90)};
}

constexpr IntervalDays kWindow{28, 28, 42};
constexpr ResourceId kAlice = 1, kBen = 2, kRoomA = 11, kRoomB = 12, kDevice = 21;

WeeklyHours Weekdays(int from_hour, int to_hour) {
  WeeklyHours hours;
  for (size_t d = 0; d < 5; ++d) hours[d] = {TimeSpan{At(from_hour), At(to_hour)}};
  return hours;
}

ClinicCalendar Clinic() {
  ClinicCalendar c;
  c.opening_hours = Weekdays(9, 17);
  c.practitioners = {{kAlice, Weekdays(9, 17), {}}, {kBen, Weekdays(9, 17), {}}};
  c.rooms = {kRoomA, kRoomB};
  c.devices = {kDevice};
  return c;
}

SeriesRequest Course(int sessions, Date earliest) {
  SeriesRequest r;
  r.window = kWindow;
  r.slot_length = minutes(90);
  r.sessions = sessions;
  r.earliest = earliest;
  return r;
}

PlacedSession Held(int number, Date day, ResourceId practitioner = kAlice) {
  return PlacedSession{number, Slot(day, 9), practitioner, kRoomA, kDevice};
}

// Takes every slot of a resource on the days [from, to].
void TakeAllDay(Occupancy& taken, ResourceId resource, Date from, Date to) {
  for (Date d = from; d <= to; d += days(1)) taken.Take(resource, LocalSlot{d, At(0), At(24)});
}

std::vector<int> Gaps(const SeriesOption& option) {
  return option.gaps_days;
}

// 2027-01-04 is a Monday; 2027-02-01 is 28 days later, 2027-02-15 42 days later.
const Date kMonday = D(2027, 1, 4);

TEST(SeriesScheduling, AFreeClinicBooksEveryFourWeeksSameWeekdayTimeAndPractitioner) {
  const SeriesProposal p = ProposeSeries(Clinic(), Occupancy{}, Course(4, kMonday));
  ASSERT_FALSE(p.options.empty());
  const SeriesOption& best = p.options.front();
  ASSERT_EQ(best.sessions.size(), 4u);
  EXPECT_EQ(best.sessions[0].slot, Slot(kMonday, 9));
  EXPECT_EQ(Gaps(best), (std::vector<int>{28, 28, 28}));
  EXPECT_TRUE(best.same_practitioner);
  EXPECT_TRUE(best.same_weekday_and_time);
  EXPECT_EQ(best.sessions[3].session_number, 4);
  EXPECT_EQ(p.options.size(), 5u) << "five alternatives to choose from";
  for (size_t i = 1; i < p.options.size(); ++i) {
    EXPECT_LE(p.options[i - 1].cost, p.options[i].cost) << "ranked by fit";
    EXPECT_FALSE(p.options[i].sessions[0].slot.day == best.sessions[0].slot.day &&
                 p.options[i].sessions[0].practitioner == best.sessions[0].practitioner)
        << "each alternative starts on another day or with another practitioner";
  }
}

// Window edges: the next session may be on day 28 and on day 42 after the previous one, not
// on day 27 or day 43.
TEST(SeriesScheduling, WindowEdgesAreDay28AndDay42) {
  const PlacedSession previous = Held(1, D(2027, 1, 5));  // a Tuesday
  const struct {
    int day_after;
    const char* expected;  // "" = allowed, else the constraint that refuses it
  } rows[] = {{27, "window"}, {28, ""}, {35, ""}, {42, ""}, {43, "window"}};
  for (const auto& row : rows) {
    SCOPED_TRACE("day " + std::to_string(row.day_after));
    const PlacedSession next{2, Slot(previous.slot.day + days(row.day_after), 9), kAlice, kRoomA, kDevice};
    const auto why = CheckPlacement(Clinic(), Occupancy{}, next, previous, kWindow);
    EXPECT_EQ(why ? why->constraint : "", row.expected);
  }
}

// Each row: what is different about the clinic, then where session 2 lands when session 1
// was held on Monday 2027-01-04 at 09:00 with practitioner 1, or which constraint stops it.
TEST(SeriesScheduling, TheNextSessionAfterAHeldOne) {
  const struct {
    const char* scenario;
    std::function<void(ClinicCalendar&, Occupancy&, BookingPreferences&)> setup;
    Date expected_day;  // when bookable
    minutes expected_time;
    ResourceId expected_practitioner;
    const char* expected_constraint;  // when not bookable
  } rows[] = {
      {"nothing in the way: day 28, same weekday, time and practitioner", [](auto&, auto&, auto&) {}, D(2027, 2, 1),
       At(9), kAlice, ""},
      {"a holiday on day 28: the next day", [](ClinicCalendar& c, auto&, auto&) { c.closed_dates = {D(2027, 2, 1)}; },
       D(2027, 2, 2), At(9), kAlice, ""},
      {"practitioner 1 booked at 09:00 on day 28: same day and practitioner, right after (a change of "
       "practitioner weighs more than 90 minutes)",
       [](auto&, Occupancy& t, auto&) { t.Take(kAlice, Slot(D(2027, 2, 1), 9)); }, D(2027, 2, 1), At(10, 30), kAlice,
       ""},
      {"practitioner 1 booked all of day 28: same day and time with practitioner 2",
       [](auto&, Occupancy& t, auto&) { TakeAllDay(t, kAlice, D(2027, 2, 1), D(2027, 2, 1)); }, D(2027, 2, 1), At(9),
       kBen, ""},
      {"practitioner 1 away in week 5: practitioner 2 on day 28",
       [](ClinicCalendar& c, auto&, auto&) {
         c.practitioners[0].absences = {{D(2027, 2, 1), D(2027, 2, 5)}};
       },
       D(2027, 2, 1), At(9), kBen, ""},
      {"the only device is booked all of day 28: day 29",
       [](auto&, Occupancy& t, auto&) { TakeAllDay(t, kDevice, D(2027, 2, 1), D(2027, 2, 1)); }, D(2027, 2, 2), At(9),
       kAlice, ""},
      {"both rooms taken 09:00-10:30 on day 28: same day at 10:30",
       [](auto&, Occupancy& t, auto&) {
         t.Take(kRoomA, Slot(D(2027, 2, 1), 9));
         t.Take(kRoomB, Slot(D(2027, 2, 1), 9));
       },
       D(2027, 2, 1), At(10, 30), kAlice, ""},
      {"the patient prefers afternoons: 13:00 on day 28",
       [](auto&, auto&, BookingPreferences& p) { p.time_from = At(13); }, D(2027, 2, 1), At(13), kAlice, ""},
      {"the patient prefers Thursdays: the Thursday of week 5 (day 31)",
       [](auto&, auto&, BookingPreferences& p) { p.weekdays = {3}; }, D(2027, 2, 4), At(9), kAlice, ""},
      {"closed on every day of the window",
       [](ClinicCalendar& c, auto&, auto&) {
         for (int i = 28; i <= 42; ++i) c.closed_dates.push_back(kMonday + days(i));
       },
       Date{}, At(0), 0, "closed_dates"},
      {"practitioner 2 wanted and away for the whole window",
       [](ClinicCalendar& c, auto&, BookingPreferences& p) {
         p.practitioner = kBen;
         c.practitioners[1].absences = {{D(2027, 1, 25), D(2027, 2, 28)}};
       },
       Date{}, At(0), 0, "absences"},
      {"the patient only has Saturdays, the clinic is closed then",
       [](auto&, auto&, BookingPreferences& p) { p.weekdays = {5}; }, Date{}, At(0), 0, "preferences"},
      {"both practitioners fully booked for the whole window",
       [](auto&, Occupancy& t, auto&) {
         TakeAllDay(t, kAlice, D(2027, 2, 1), D(2027, 2, 15));
         TakeAllDay(t, kBen, D(2027, 2, 1), D(2027, 2, 15));
       },
       Date{}, At(0), 0, "occupied"},
      {"only morning working hours and the patient wants afternoons",
       [](ClinicCalendar& c, auto&, BookingPreferences& p) {
         for (auto& practitioner : c.practitioners) practitioner.working_hours = Weekdays(9, 12);
         p.time_from = At(13);
       },
       Date{}, At(0), 0, "preferences"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.scenario);
    ClinicCalendar calendar = Clinic();
    Occupancy taken;
    SeriesRequest request = Course(1, kMonday + days(1));
    request.first_session_number = 2;
    request.previous = Held(1, kMonday);
    row.setup(calendar, taken, request.preferences);
    const SeriesProposal p = ProposeSeries(calendar, taken, request);
    if (std::string(row.expected_constraint).empty()) {
      ASSERT_FALSE(p.options.empty()) << (p.unbookable ? p.unbookable->message : "");
      const PlacedSession& s = p.options.front().sessions.front();
      EXPECT_EQ(s.session_number, 2);
      EXPECT_EQ(FormatDate(s.slot.day), FormatDate(row.expected_day));
      EXPECT_EQ(s.slot.start, row.expected_time);
      EXPECT_EQ(s.practitioner, row.expected_practitioner);
      EXPECT_FALSE(CheckPlacement(calendar, taken, s, request.previous, kWindow).has_value());
    } else {
      ASSERT_TRUE(p.options.empty());
      ASSERT_TRUE(p.unbookable.has_value());
      EXPECT_EQ(p.unbookable->session_number, 2);
      EXPECT_EQ(p.unbookable->constraint, row.expected_constraint) << p.unbookable->message;
      EXPECT_EQ(FormatDate(p.unbookable->from), "2027-02-01");
      EXPECT_EQ(FormatDate(p.unbookable->to), "2027-02-15");
      EXPECT_NE(p.unbookable->message.find("Session 2"), std::string::npos) << p.unbookable->message;
    }
  }
}

TEST(SeriesScheduling, AWindowThatEndedBeforeTheEarliestDayIsNamed) {
  SeriesRequest request = Course(2, D(2027, 3, 1));
  request.first_session_number = 2;
  request.previous = Held(1, kMonday);  // window 2027-02-01 .. 2027-02-15
  const SeriesProposal p = ProposeSeries(Clinic(), Occupancy{}, request);
  ASSERT_TRUE(p.unbookable.has_value());
  EXPECT_EQ(p.unbookable->constraint, "window");
  EXPECT_NE(p.unbookable->message.find("2027-02-15"), std::string::npos) << p.unbookable->message;
}

TEST(SeriesScheduling, AHolidayInTheCourseIsWorkedAround) {
  ClinicCalendar calendar = Clinic();
  calendar.closed_dates = {D(2027, 3, 1)};  // the Monday session 3 would be on
  const SeriesProposal p = ProposeSeries(calendar, Occupancy{}, Course(4, kMonday));
  ASSERT_FALSE(p.options.empty());
  EXPECT_TRUE(p.options.front().same_weekday_and_time)
      << "the best series starts a day later and stays regular rather than breaking its rhythm";
  bool starts_monday = false;
  for (const SeriesOption& option : p.options) {
    for (const PlacedSession& s : option.sessions) EXPECT_NE(s.slot.day, D(2027, 3, 1));
    for (int gap : option.gaps_days) EXPECT_TRUE(gap >= 28 && gap <= 42) << gap;
    if (option.sessions[0].slot.day == kMonday) {
      starts_monday = true;
      EXPECT_EQ(option.sessions[1].slot.day, D(2027, 2, 1));
      EXPECT_EQ(option.sessions[2].slot.day, D(2027, 3, 2)) << "only the session on the holiday moves, by a day";
    }
  }
  EXPECT_TRUE(starts_monday) << "the series from the earliest day is still offered";
}

// Rebooking and reflow: session 1 held on 2027-01-04 and sessions 2-4 booked four weeks apart.
struct Series {
  PlacedSession s1 = Held(1, kMonday);
  PlacedSession s2 = Held(2, D(2027, 2, 1));
  PlacedSession s3 = Held(3, D(2027, 3, 1));
  PlacedSession s4 = Held(4, D(2027, 3, 29));
};

ReflowRequest Change(const Series& s, const PlacedSession& changed, Date not_before) {
  ReflowRequest r;
  r.window = kWindow;
  r.slot_length = minutes(90);
  r.not_before = not_before;
  r.original = changed;
  if (changed.session_number == 2) {
    r.previous = s.s1;
    r.later = {s.s3, s.s4};
  } else if (changed.session_number == 3) {
    r.previous = s.s2;
    r.later = {s.s4};
  }
  return r;
}

TEST(SeriesReflow, AMissedSessionIsRebookedWithinItsWindowAndTheRestFollow) {
  const Series s;
  const ReflowResult r = Reflow(Clinic(), Occupancy{}, Change(s, s.s2, D(2027, 2, 2)));
  ASSERT_TRUE(r.changed.has_value());
  EXPECT_EQ(r.changed->slot, Slot(D(2027, 2, 2), 9)) << "the first day it can be, same time";
  ASSERT_EQ(r.moved.size(), 2u);
  EXPECT_EQ(r.moved[0].slot.day, D(2027, 3, 2)) << "session 3 must be 28 days after the new session 2";
  EXPECT_EQ(r.moved[1].slot.day, D(2027, 3, 30));
  EXPECT_FALSE(r.unresolved.has_value());
}

TEST(SeriesReflow, ARescheduleWhoseNextSessionStaysInItsWindowMovesNothingElse) {
  const Series s;
  ReflowRequest request = Change(s, s.s2, D(2027, 1, 20));
  request.moved_to = Held(2, D(2027, 2, 3));  // 2 days later: session 3 is then 26 days after
  Series shifted = s;
  shifted.s3 = Held(3, D(2027, 3, 10));  // 35 days after 2027-02-03: still fine
  shifted.s4 = Held(4, D(2027, 4, 7));
  request.later = {shifted.s3, shifted.s4};
  const ReflowResult r = Reflow(Clinic(), Occupancy{}, request);
  EXPECT_EQ(r.changed, request.moved_to);
  EXPECT_TRUE(r.moved.empty());
  EXPECT_FALSE(r.unresolved.has_value());
}

TEST(SeriesReflow, ASessionMovedLaterPushesOnlyTheSessionsItMust) {
  Series s;
  s.s4 = Held(4, D(2027, 4, 12));  // 42 days after session 3
  ReflowRequest request = Change(s, s.s2, D(2027, 1, 20));
  request.later = {s.s3, s.s4};
  request.moved_to = Held(2, D(2027, 2, 8));  // a week later: session 3 (03-01) would be 21 days after
  const ReflowResult r = Reflow(Clinic(), Occupancy{}, request);
  ASSERT_EQ(r.moved.size(), 1u) << "session 4 stays: 35 days after the moved session 3";
  EXPECT_EQ(r.moved[0].session_number, 3);
  EXPECT_EQ(r.moved[0].slot, Slot(D(2027, 3, 8), 9)) << "the first day it may be, same weekday and time";
  EXPECT_FALSE(r.unresolved.has_value());
}

TEST(SeriesReflow, ACancelledSessionIsNeverRebookedOnTheDayThePatientCancelled) {
  const Series s;
  // Cancelled two weeks ahead: the day is free again, but the patient cannot come that day.
  const ReflowResult r = Reflow(Clinic(), Occupancy{}, Change(s, s.s2, D(2027, 1, 18)));
  ASSERT_TRUE(r.changed.has_value());
  EXPECT_NE(r.changed->slot.day, s.s2.slot.day);
  EXPECT_EQ(r.changed->slot.day, D(2027, 2, 2)) << "the closest other day (session 3 then follows, 28 days later)";
  EXPECT_TRUE(r.moved.empty() || r.moved.front().session_number == 3);
}

TEST(SeriesReflow, AMissedSessionAfterItsWindowIsReportedNotBookedOutsideIt) {
  const Series s;
  const PlacedSession late = Held(2, D(2027, 2, 15));  // day 42, the last day of the window
  const ReflowResult r = Reflow(Clinic(), Occupancy{}, Change(s, late, D(2027, 2, 16)));
  EXPECT_FALSE(r.changed.has_value());
  ASSERT_TRUE(r.unresolved.has_value());
  EXPECT_EQ(r.unresolved->session_number, 2);
  EXPECT_EQ(r.unresolved->constraint, "window");
  EXPECT_TRUE(r.moved.empty());
}

TEST(SeriesScheduling, PlaceAtFindsAFreeResourceOrSaysWhy) {
  Occupancy taken;
  taken.Take(kAlice, Slot(kMonday, 9));
  auto placed = PlaceAt(Clinic(), taken, 1, Slot(kMonday, 9), kAlice);
  ASSERT_TRUE(std::holds_alternative<PlacedSession>(placed));
  EXPECT_EQ(std::get<PlacedSession>(placed).practitioner, kBen) << "practitioner 1 is booked, 2 is free";
  auto sunday = PlaceAt(Clinic(), taken, 1, Slot(D(2027, 1, 3), 9), std::nullopt);
  ASSERT_TRUE(std::holds_alternative<Unbookable>(sunday));
  EXPECT_EQ(std::get<Unbookable>(sunday).constraint, "opening_hours");
  auto evening = PlaceAt(Clinic(), taken, 1, Slot(kMonday, 16), std::nullopt);
  ASSERT_TRUE(std::holds_alternative<Unbookable>(evening)) << "16:00 + 90 min is past closing";
}

// Property: on random clinics with random bookings, every series proposed keeps every
// constraint, and when none is proposed a reason is given.
TEST(SeriesScheduling, RandomCalendarsNeverBreakAConstraint) {
  std::mt19937 random(20261204);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  int booked = 0, refused = 0;
  for (int round = 0; round < 150; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ClinicCalendar calendar;
    for (size_t d = 0; d < 7; ++d) {
      if (pick(0, 6) < 5) calendar.opening_hours[d] = {TimeSpan{At(pick(7, 10)), At(pick(14, 20))}};
    }
    const int practitioners = pick(1, 4);
    for (int p = 0; p < practitioners; ++p) {
      PractitionerHours hours{p + 1, {}, {}};
      for (size_t d = 0; d < 7; ++d) {
        if (pick(0, 4) < 4) hours.working_hours[d] = {TimeSpan{At(pick(8, 11)), At(pick(13, 19))}};
      }
      const Date away = kMonday + days(pick(0, 200));
      hours.absences = {{away, away + days(pick(0, 20))}};
      calendar.practitioners.push_back(hours);
    }
    for (int r = 0; r < pick(1, 3); ++r) calendar.rooms.push_back(100 + r);
    for (int d = 0; d < pick(1, 2); ++d) calendar.devices.push_back(200 + d);
    for (int i = 0; i < pick(0, 15); ++i) calendar.closed_dates.push_back(kMonday + days(pick(0, 250)));
    Occupancy taken;
    std::vector<ResourceId> resources = {100, 101, 102, 200, 201};
    for (int p = 1; p <= practitioners; ++p) resources.push_back(p);
    for (int i = 0; i < 1500; ++i) {
      const Date day = kMonday + days(pick(0, 250));
      const int start = pick(28, 72);
      taken.Take(resources[static_cast<size_t>(pick(0, static_cast<int>(resources.size()) - 1))],
                 LocalSlot{day, minutes(start * 15), minutes((start + pick(2, 8)) * 15)});
    }
    SeriesRequest request = Course(pick(1, 6), kMonday + days(pick(0, 30)));
    request.slot_length = minutes(15 * pick(4, 8));
    request.window = IntervalDays{28, 28 + pick(0, 3), 42};
    if (pick(0, 2) == 0) request.preferences.weekdays = {pick(0, 6), pick(0, 6)};
    if (pick(0, 2) == 0) request.preferences.time_from = At(pick(9, 12));

    const SeriesProposal p = ProposeSeries(calendar, taken, request);
    if (p.options.empty()) {
      ++refused;
      ASSERT_TRUE(p.unbookable.has_value());
      EXPECT_FALSE(p.unbookable->constraint.empty());
      EXPECT_FALSE(p.unbookable->message.empty());
      continue;
    }
    ++booked;
    EXPECT_FALSE(p.unbookable.has_value());
    for (const SeriesOption& option : p.options) {
      ASSERT_EQ(static_cast<int>(option.sessions.size()), request.sessions);
      std::optional<PlacedSession> previous;
      for (const PlacedSession& s : option.sessions) {
        EXPECT_GE(s.slot.day, request.earliest);
        EXPECT_EQ(s.slot.end - s.slot.start, request.slot_length);
        const auto why = CheckPlacement(calendar, taken, s, previous, request.window);
        EXPECT_FALSE(why.has_value()) << why->message;
        if (!request.preferences.weekdays.empty()) {
          EXPECT_NE(std::find(request.preferences.weekdays.begin(), request.preferences.weekdays.end(),
                              WeekdayIndex(s.slot.day)),
                    request.preferences.weekdays.end());
        }
        if (request.preferences.time_from) {
          EXPECT_GE(s.slot.start, *request.preferences.time_from);
        }
        previous = s;
      }
    }
  }
  EXPECT_GT(booked, 30) << "the random clinics must mostly be bookable for the test to mean something";
  EXPECT_GT(refused, 0) << "and some not, so that refusals are exercised";
}

TEST(SeriesScheduling, APractitionersChangeNamesTheBookingsTheyCanNoLongerKeep) {
  const PractitionerHours alice{kAlice, Weekdays(9, 17), {Absence{D(2027, 1, 5), D(2027, 1, 7)}}};
  struct Row {
    const char* what;
    LocalSlot slot;
    std::optional<std::string> conflict;
  };
  const std::vector<Row> rows = {
      {"a working day within her hours", Slot(kMonday, 9), std::nullopt},
      {"ending exactly when she stops", Slot(kMonday, 15, 30), std::nullopt},
      {"the first day of her leave", Slot(D(2027, 1, 5), 9), "absences"},
      {"the last day of her leave", Slot(D(2027, 1, 7), 9), "absences"},
      {"the day after her leave", Slot(D(2027, 1, 8), 9), std::nullopt},
      {"starting before she starts", Slot(kMonday, 8, 30), "working_hours"},
      {"running past when she stops", Slot(kMonday, 16), "working_hours"},
      {"a Saturday she does not work", Slot(D(2027, 1, 9), 10), "working_hours"},
  };
  for (const Row& row : rows) EXPECT_EQ(PractitionerConflict(alice, row.slot), row.conflict) << row.what;
}

// The follow-up visit (issue 21): the first free slot from the first allowed day, on the last
// session's weekday, time and practitioner where it can; a closed or taken day moves it on;
// nothing in the weeks searched names the follow-up visit.
TEST(SeriesScheduling, TheFollowUpVisitTakesTheFirstFreeSlotLikeTheLastSession) {
  const ClinicCalendar clinic = Clinic();
  const PlacedSession last{3, Slot(D(2027, 2, 1), 10), kBen, kRoomA, kDevice};  // a Monday, 10:00, Ben
  Occupancy taken;
  auto placed = PlaceFollowUp(clinic, taken, last, D(2027, 5, 3), 42, minutes(30), {});
  ASSERT_TRUE(std::holds_alternative<PlacedSession>(placed));
  const PlacedSession visit = std::get<PlacedSession>(placed);
  EXPECT_EQ(visit.session_number, 3);
  EXPECT_EQ(visit.slot, (LocalSlot{D(2027, 5, 3), At(10), At(10, 30)}));
  EXPECT_EQ(visit.practitioner, kBen);

  // Ben is booked until 10:30 that day: half an hour later with him beats Alice at 10:00 or
  // another day.
  taken.Take(kBen, Slot(D(2027, 5, 3), 9));
  placed = PlaceFollowUp(clinic, taken, last, D(2027, 5, 3), 42, minutes(30), {});
  ASSERT_TRUE(std::holds_alternative<PlacedSession>(placed));
  EXPECT_EQ(std::get<PlacedSession>(placed).slot, (LocalSlot{D(2027, 5, 3), At(10, 30), At(11)}));
  EXPECT_EQ(std::get<PlacedSession>(placed).practitioner, kBen);

  // The clinic is closed for the whole search: the reason names the follow-up visit.
  ClinicCalendar closed = clinic;
  for (Date d = D(2027, 5, 3); d < D(2027, 5, 10); d += days(1)) closed.closed_dates.push_back(d);
  placed = PlaceFollowUp(closed, {}, last, D(2027, 5, 3), 7, minutes(30), {});
  ASSERT_TRUE(std::holds_alternative<Unbookable>(placed));
  EXPECT_EQ(std::get<Unbookable>(placed).constraint, "closed_dates");
  EXPECT_EQ(std::get<Unbookable>(placed).message.rfind("The follow-up visit cannot be booked", 0), 0u)
      << std::get<Unbookable>(placed).message;
  // ...and the next open day is taken when the search reaches it.
  placed = PlaceFollowUp(closed, {}, last, D(2027, 5, 3), 14, minutes(30), {});
  ASSERT_TRUE(std::holds_alternative<PlacedSession>(placed));
  EXPECT_EQ(std::get<PlacedSession>(placed).slot.day, D(2027, 5, 10));
}

}  // namespace
}  // namespace scarwise::domain
