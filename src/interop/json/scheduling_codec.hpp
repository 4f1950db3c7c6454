#pragma once

// JSON of the clinic's calendar and of booking requests, as the API and the stored
// documents write them. Times of day are "HH:MM" (24-hour, on the quarter hour, "24:00" as
// an end); weekly hours are {"mon": [["09:00", "17:00"]], ..., "sun": []} (a missing day is
// closed); dates are "YYYY-MM-DD". Every decoding error is kInvalidArgument naming the field.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/civil_time.hpp"
#include "common/result.hpp"
#include "domain/scheduling/series_scheduler.hpp"
#include "interop/json/scheduling_documents.hpp"

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

// A practitioner's schedule from {"working_hours": {...}, "absences": [...]} (PractitionerSchedule).
Result<PractitionerSchedule> DecodePractitionerSchedule(const nlohmann::json& value);

// The body of a series booking or its preview (BookingRequest).
Result<BookingRequest> DecodeBookingRequest(const nlohmann::json& body);

// The body of a reschedule: {"starts_at": ISO 8601, "practitioner_id": id or null,
// "dry_run": bool} (dry_run is the caller's to read).
struct RescheduleRequest {
  Timestamp starts_at;
  std::optional<int64_t> practitioner_id;
};
Result<RescheduleRequest> DecodeRescheduleRequest(const nlohmann::json& body);

}  // namespace scarwise::interop
