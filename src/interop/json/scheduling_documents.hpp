#pragma once

// The clinic's calendar documents as the service layer stores and reads them, and the
// booking request it is handed, without a JSON library in sight: service headers include
// this one, never scheduling_codec.hpp (which decodes and encodes nlohmann::json for the
// HTTP API). The formats are described there.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/civil_time.hpp"
#include "common/result.hpp"
#include "domain/scheduling/series_scheduler.hpp"

namespace scarwise::interop {

// A practitioner's stored schedule: {"working_hours": {...}, "absences": [...]}.
struct PractitionerSchedule {
  domain::WeeklyHours working_hours;
  std::vector<domain::Absence> absences;
};
std::string EncodePractitionerSchedule(const PractitionerSchedule& schedule);

// The stored documents of the clinic's calendar.
struct ClinicHours {
  domain::WeeklyHours opening_hours;
  std::vector<Date> closed_dates;
};
Result<ClinicHours> ReadClinicHours(std::string_view opening_hours_json, std::string_view closed_dates_json);
std::string WriteWeeklyHours(const domain::WeeklyHours& hours);
std::string WriteDates(const std::vector<Date>& dates);
Result<PractitionerSchedule> ReadPractitionerSchedule(std::string_view schedule_json);

// The body of a series booking or its preview:
// {"weekdays": ["tue", "thu"], "time_from": "09:00", "time_to": "13:00",
//  "practitioner_id": 3, "earliest": "2026-12-01", "alternative": 1}, every member optional.
struct BookingRequest {
  domain::BookingPreferences preferences;
  std::optional<Date> earliest;
  int alternative = 1;  // which of the ranked series to book (1 = the best)
  // Book the sessions not yet held afresh, cancelling those booked now (a session that could
  // not be rebooked within its window leaves a gap only a new series closes).
  bool rebook = false;
};

}  // namespace scarwise::interop
