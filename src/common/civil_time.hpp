#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace scarwise {

// A calendar date with no time zone (a birth date, an assessment date).
using Date = std::chrono::sys_days;

// An instant together with the UTC offset it was written in, so that output can be
// given back in the caller's local time ("2026-10-02T15:30:00+02:00").
struct Timestamp {
  std::chrono::sys_seconds utc;
  std::chrono::minutes offset{0};

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Parses "YYYY-MM-DD" (a real calendar date, year 1900-2200). Errors name `field`.
Result<Date> ParseDate(std::string_view text, std::string_view field);

// Parses ISO 8601 "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)"; the offset is required
// because a bare local time is ambiguous. Fractions of a second are dropped.
Result<Timestamp> ParseTimestamp(std::string_view text, std::string_view field);

std::string FormatDate(Date date);

// "YYYY-MM-DDTHH:MM:SS±HH:MM" in the timestamp's own offset ("Z" for UTC).
std::string FormatTimestamp(const Timestamp& ts);

// The same offset, another instant.
inline Timestamp ShiftedBy(const Timestamp& ts, std::chrono::seconds by) {
  return Timestamp{ts.utc + by, ts.offset};
}

// Calendar-month arithmetic; the day is clamped to the end of a shorter month
// (2026-01-31 + 1 month = 2026-02-28).
Date AddMonths(Date date, int months);

// Completed years from `from` to `to` (an age); negative if `to` is before `from`.
int WholeYearsBetween(Date from, Date to);

}  // namespace scarwise
