#pragma once

// JSON of the clinic's calendar and of booking requests, as the API and the stored
// documents write them. Times of day are "HH:MM" (24-hour, on the quarter hour, "24:00" as
// an end); weekly hours are {"mon": [["09:00", "17:00"]], ..., "sun": []} (a missing day is
// closed); dates are "YYYY-MM-DD". Every decoding error is kInvalidArgument naming the field.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "domain/scheduling/series_scheduler.hpp"

namespace scarwise::interop {

Result<std::chrono::minutes> DecodeClock(const nlohmann::json& value, const std::string& field);
std::string EncodeClock(std::chrono::minutes time);

Result<domain::WeeklyHours> DecodeWeeklyHours(const nlohmann::json& value, const std::string& field);
nlohmann::json EncodeWeeklyHours(const domain::WeeklyHours& hours);

// A list of dates, sorted and without repeats on the way out.
Result<std::vector<Date>> DecodeDates(const nlohmann::json& value, const std::string& field);
nlohmann::json EncodeDates(const std::vector<Date>& dates);

// [{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}], from <= to.
Result<std::vector<domain::Absence>> DecodeAbsences(const nlohmann::json& value, const std::string& field);
nlohmann::json EncodeAbsences(const std::vector<domain::Absence>& absences);

// A practitioner's stored schedule: {"working_hours": {...}, "absences": [...]}.
struct PractitionerSchedule {
  domain::WeeklyHours working_hours;
  std::vector<domain::Absence> absences;
};
Result<PractitionerSchedule> DecodePractitionerSchedule(const nlohmann::json& value);
std::string EncodePractitionerSchedule(const PractitionerSchedule& schedule);

// The stored documents, for the service layer (which has no JSON of its own).
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
Result<BookingRequest> DecodeBookingRequest(const nlohmann::json& body);

}  // namespace scarwise::interop
