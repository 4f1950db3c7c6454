// The clinic's time zone: wall-clock times and instants across both daylight-saving changes
// of a year, the hour that does not exist and the hour that happens twice, as a table.
#include <gtest/gtest.h>

#include "common/time_zone.hpp"

namespace scarwise {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

LocalTime Wall(const char* date, int hour, int minute = 0) {
  return LocalTime{*ParseDate(date, "d"), hours(hour) + minutes(minute)};
}

TEST(TimeZone, AmsterdamWallTimesAcrossTheYear) {
  const TimeZone zone = *TimeZone::Named("Europe/Amsterdam", "time_zone");
  const struct {
    const char* what;
    LocalTime wall;
    const char* instant;  // as written with the offset in force
  } rows[] = {
      {"winter", Wall("2027-03-01", 9), "2027-03-01T09:00:00+01:00"},
      {"the Saturday before the clocks go forward", Wall("2027-03-27", 9), "2027-03-27T09:00:00+01:00"},
      {"the Monday after (28 days after 1 March)", Wall("2027-03-29", 9), "2027-03-29T09:00:00+02:00"},
      {"summer", Wall("2027-07-01", 17, 30), "2027-07-01T17:30:00+02:00"},
      {"the Monday after the clocks go back", Wall("2027-11-01", 9), "2027-11-01T09:00:00+01:00"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.what);
    const auto instant = zone.ToUtc(row.wall);
    EXPECT_EQ(FormatTimestamp(zone.Stamp(instant)), row.instant);
    EXPECT_EQ(zone.ToLocal(instant), row.wall) << "and back";
  }
}

TEST(TimeZone, TheSkippedAndTheRepeatedHour) {
  const TimeZone zone = *TimeZone::Named("Europe/Amsterdam", "time_zone");
  // 02:30 on 28 March 2027 does not exist: read as 30 minutes past the change (03:30 CEST).
  EXPECT_EQ(FormatTimestamp(zone.Stamp(zone.ToUtc(Wall("2027-03-28", 2, 30)))), "2027-03-28T03:30:00+02:00");
  // 02:30 on 31 October 2027 happens twice: the first one (still summer time).
  EXPECT_EQ(FormatTimestamp(zone.Stamp(zone.ToUtc(Wall("2027-10-31", 2, 30)))), "2027-10-31T02:30:00+02:00");
}

TEST(TimeZone, OtherZonesAndUnknownNames) {
  const TimeZone kolkata = *TimeZone::Named("Asia/Kolkata", "time_zone");
  EXPECT_EQ(kolkata.OffsetAt(kolkata.ToUtc(Wall("2027-03-01", 9))), minutes(330));
  const TimeZone sydney = *TimeZone::Named("Australia/Sydney", "time_zone");
  EXPECT_EQ(FormatTimestamp(sydney.Stamp(sydney.ToUtc(Wall("2027-01-04", 9)))), "2027-01-04T09:00:00+11:00");
  for (const char* bad : {"Mars/Olympus", "", "CET+1", "../etc/passwd"}) {
    auto zone = TimeZone::Named(bad, "time_zone");
    ASSERT_FALSE(zone) << bad;
    EXPECT_EQ(zone.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(zone.error().field, "time_zone");
  }
}

}  // namespace
}  // namespace scarwise
