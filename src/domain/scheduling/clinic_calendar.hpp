#pragma once

// The clinic as the scheduler sees it: when it is open, who works when, which rooms and
// devices exist, and what is already taken. Everything is in the clinic's local time (its
// IANA zone): a day is a local calendar date and a time is minutes after local midnight, so
// "4 to 6 weeks later" counts calendar days where the clinic is, across DST changes. The
// service converts to and from UTC instants at the edge.
//
// Appointments start and end on a quarter-hour grid of the local day ("cells").

#include <algorithm>
#include <array>
#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/civil_time.hpp"
#include "common/result.hpp"

namespace scarwise::domain {

using ResourceId = std::int64_t;

inline constexpr int kCellMinutes = 15;
inline constexpr int kCellsPerDay = 24 * 60 / kCellMinutes;
// One bit per quarter hour of a local day; bit i is [i*15 min, (i+1)*15 min).
using DayCells = std::bitset<kCellsPerDay>;

// [from, to) in minutes after local midnight; both on the quarter-hour grid.
struct TimeSpan {
  std::chrono::minutes from{0};
  std::chrono::minutes to{0};
  friend bool operator==(const TimeSpan&, const TimeSpan&) = default;
};

// Hours for each weekday, Monday first (index = ISO weekday - 1); an empty day is closed.
using WeeklyHours = std::array<std::vector<TimeSpan>, 7>;

// The weekday names of the API and the protocol, Monday first: "mon" ... "sun".
inline constexpr std::array<const char*, 7> kWeekdayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
// Index into WeeklyHours of a day (0 = Monday).
int WeekdayIndex(Date day);

// Spans in order, not overlapping, each on the grid and inside the day. kInvalidArgument
// naming `field` (e.g. "opening_hours.mon[1]") and the reason.
Result<void> CheckWeeklyHours(const WeeklyHours& hours, const std::string& field);

// Whole local days away, inclusive (holiday, course, sick leave).
struct Absence {
  Date from;
  Date to;
  friend bool operator==(const Absence&, const Absence&) = default;
};

struct PractitionerHours {
  ResourceId id = 0;
  WeeklyHours working_hours;
  std::vector<Absence> absences;
};

struct ClinicCalendar {
  WeeklyHours opening_hours;
  std::vector<Date> closed_dates;
  std::vector<PractitionerHours> practitioners;  // in the order they are offered
  std::vector<ResourceId> rooms;
  std::vector<ResourceId> devices;
};

// One local slot [start, end) on one local day.
struct LocalSlot {
  Date day;
  std::chrono::minutes start{0};
  std::chrono::minutes end{0};
  friend bool operator==(const LocalSlot&, const LocalSlot&) = default;
};

// The cells a slot covers (a slot is on the grid; a partial quarter counts as taken).
DayCells CellsOf(std::chrono::minutes start, std::chrono::minutes end);

// What is already taken, per resource and local day. Resources are practitioners, rooms
// and devices alike (their ids are distinct).
class Occupancy {
 public:
  void Take(ResourceId resource, const LocalSlot& slot);
  void Release(ResourceId resource, const LocalSlot& slot);
  // The taken cells of a resource on a day (none when nothing is booked).
  DayCells Taken(ResourceId resource, Date day) const;

 private:
  static std::uint64_t Key(ResourceId resource, Date day);
  std::unordered_map<std::uint64_t, DayCells> taken_;
};

}  // namespace scarwise::domain
