#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/civil_time.hpp"
#include "common/result.hpp"

namespace scarwise {

// A wall-clock time in some zone: a local calendar date and minutes after its midnight.
struct LocalTime {
  Date day;
  std::chrono::minutes time{0};
  friend bool operator==(const LocalTime&, const LocalTime&) = default;
};

// An IANA time zone ("Europe/Amsterdam") from the system's zone database (tzdata), with
// its daylight-saving rules. Cheap to copy; thread-safe.
class TimeZone {
 public:
  // kInvalidArgument naming `field` when the database does not know the name.
  static Result<TimeZone> Named(std::string_view name, std::string_view field);

  const std::string& name() const { return name_; }
  LocalTime ToLocal(std::chrono::sys_seconds instant) const;
  // The instant of a wall-clock time. A time skipped when the clocks go forward is read as
  // the same duration after the change; a time that happens twice when they go back is
  // the first of the two.
  std::chrono::sys_seconds ToUtc(const LocalTime& local) const;
  // The offset from UTC in force at an instant (+60 min for CET, +120 for CEST).
  std::chrono::minutes OffsetAt(std::chrono::sys_seconds instant) const;
  // The instant with this zone's offset in force then, for output.
  Timestamp Stamp(std::chrono::sys_seconds instant) const { return Timestamp{instant, OffsetAt(instant)}; }

 private:
  TimeZone(std::string name, const void* zone) : name_(std::move(name)), zone_(zone) {}
  std::string name_;
  const void* zone_;  // a date::time_zone owned by the zone database
};

}  // namespace scarwise
