#include <gtest/gtest.h>

#include "common/civil_time.hpp"

namespace scarwise {
namespace {

TEST(CivilTime, ParsesAndFormatsTimestampsInTheirOwnOffset) {
  const struct {
    const char* in;
    const char* out;
  } rows[] = {
      {"2026-10-01T15:30:00+02:00", "2026-10-01T15:30:00+02:00"},
      {"2026-10-01T15:30+02:00", "2026-10-01T15:30:00+02:00"},
      {"2026-10-01T13:30:00Z", "2026-10-01T13:30:00Z"},
      {"2026-10-01T15:30:00.250+0200", "2026-10-01T15:30:00+02:00"},
      {"2026-03-01T00:30:00-05:30", "2026-03-01T00:30:00-05:30"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.in);
    const auto ts = ParseTimestamp(row.in, "t");
    ASSERT_TRUE(ts) << ts.error().ToString();
    EXPECT_EQ(FormatTimestamp(*ts), row.out);
  }
  EXPECT_EQ(ParseTimestamp("2026-10-01T15:30:00+02:00", "t")->utc, ParseTimestamp("2026-10-01T13:30:00Z", "t")->utc);
}

TEST(CivilTime, RejectsBadTimestampsNamingTheField) {
  for (const char* bad :
       {"", "2026-10-01", "2026-10-01T15:30:00", "2026-13-01T00:00Z", "2026-02-30T00:00Z", "2026-10-01T24:00Z",
        "2026-10-01T15:30:00+15:00", "2026-10-01T15:30:00+02:00x", "yesterday"}) {
    SCOPED_TRACE(bad);
    const auto ts = ParseTimestamp(bad, "--session-end");
    ASSERT_FALSE(ts);
    EXPECT_EQ(ts.error().field, "--session-end");
    EXPECT_EQ(ts.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(CivilTime, DatesAndMonths) {
  EXPECT_EQ(FormatDate(*ParseDate("2024-02-29", "d")), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29", "d"));
  EXPECT_FALSE(ParseDate("2023-2-28", "d"));
  EXPECT_EQ(FormatDate(AddMonths(*ParseDate("2026-01-31", "d"), 1)), "2026-02-28");
  EXPECT_EQ(FormatDate(AddMonths(*ParseDate("2026-11-23", "d"), 8)), "2027-07-23");
  EXPECT_EQ(WholeYearsBetween(*ParseDate("1996-05-14", "d"), *ParseDate("2026-05-13", "d")), 29);
  EXPECT_EQ(WholeYearsBetween(*ParseDate("1996-05-14", "d"), *ParseDate("2026-05-14", "d")), 30);
}

}  // namespace
}  // namespace scarwise
