#include "interop/json/scheduling_codec.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/unicode_text.hpp"
#include "interop/json/json_parse.hpp"

namespace scarwise::interop {
namespace {

using nlohmann::json;
using std::chrono::minutes;

int WeekdayFromName(const std::string& name) {
  for (size_t i = 0; i < domain::kWeekdayNames.size(); ++i) {
    if (name == domain::kWeekdayNames[i]) return static_cast<int>(i);
  }
  return -1;
}

Result<Date> DecodeDate(const json& value, const std::string& field) {
  if (!value.is_string()) return Unexpected(InvalidArgument(field, "must be a date YYYY-MM-DD"));
  return ParseDate(value.get<std::string>(), field);
}

}  // namespace

Result<minutes> DecodeClock(const json& value, const std::string& field) {
  const std::string text = value.is_string() ? value.get<std::string>() : "";
  const bool shaped = text.size() == 5 && text[2] == ':' &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c == ':' || (c >= '0' && c <= '9'); });
  if (!shaped) return Unexpected(InvalidArgument(field, "must be a time HH:MM"));
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int mins = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 24 || mins > 59 || (hours == 24 && mins != 0))
    return Unexpected(InvalidArgument(field, "is not a time of day"));
  if (mins % domain::kCellMinutes != 0)
    return Unexpected(InvalidArgument(field, "must be on the quarter hour (:00, :15, :30, :45)"));
  return minutes(hours * 60 + mins);
}

std::string EncodeClock(minutes time) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(time.count() / 60),
                static_cast<int>(time.count() % 60));
  return text;
}

Result<domain::WeeklyHours> DecodeWeeklyHours(const json& value, const std::string& field) {
  if (!value.is_object())
    return Unexpected(InvalidArgument(field, "must be an object of weekdays (mon ... sun) to [[from, to], ...]"));
  domain::WeeklyHours hours;
  for (const auto& [day, spans] : value.items()) {
    const int index = WeekdayFromName(day);
    const std::string day_field = field + "." + day;
    if (index < 0)
      return Unexpected(InvalidArgument(day_field, "is not a weekday (mon, tue, wed, thu, fri, sat, sun)"));
    if (!spans.is_array()) return Unexpected(InvalidArgument(day_field, "must be a list of [from, to] pairs"));
    for (size_t i = 0; i < spans.size(); ++i) {
      const std::string span_field = day_field + "[" + std::to_string(i) + "]";
      const json& span = spans[i];
      if (!span.is_array() || span.size() != 2)
        return Unexpected(InvalidArgument(span_field, "must be a pair [\"HH:MM\", \"HH:MM\"]"));
      SCARWISE_ASSIGN_OR_RETURN(auto from, DecodeClock(span[0], span_field));
      SCARWISE_ASSIGN_OR_RETURN(auto to, DecodeClock(span[1], span_field));
      hours[static_cast<size_t>(index)].push_back({from, to});
    }
  }
  SCARWISE_RETURN_IF_ERROR(domain::CheckWeeklyHours(hours, field));
  return hours;
}

json EncodeWeeklyHours(const domain::WeeklyHours& hours) {
  json out = json::object();
  for (size_t d = 0; d < hours.size(); ++d) {
    json spans = json::array();
    for (const domain::TimeSpan& span : hours[d]) spans.push_back({EncodeClock(span.from), EncodeClock(span.to)});
    out[domain::kWeekdayNames[d]] = spans;
  }
  return out;
}

Result<std::vector<Date>> DecodeDates(const json& value, const std::string& field) {
  if (!value.is_array()) return Unexpected(InvalidArgument(field, "must be a list of dates YYYY-MM-DD"));
  std::vector<Date> dates;
  for (size_t i = 0; i < value.size(); ++i) {
    SCARWISE_ASSIGN_OR_RETURN(auto date, DecodeDate(value[i], field + "[" + std::to_string(i) + "]"));
    dates.push_back(date);
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  return dates;
}

json EncodeDates(const std::vector<Date>& dates) {
  json out = json::array();
  for (Date date : dates) out.push_back(FormatDate(date));
  return out;
}

Result<std::vector<domain::Absence>> DecodeAbsences(const json& value, const std::string& field) {
  if (!value.is_array()) return Unexpected(InvalidArgument(field, "must be a list of {\"from\", \"to\"} dates"));
  std::vector<domain::Absence> absences;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item_field = field + "[" + std::to_string(i) + "]";
    const json& item = value[i];
    if (!item.is_object() || !item.contains("from") || !item.contains("to")) {
      return Unexpected(InvalidArgument(item_field, "must be {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto from, DecodeDate(item["from"], item_field + ".from"));
    SCARWISE_ASSIGN_OR_RETURN(auto to, DecodeDate(item["to"], item_field + ".to"));
    if (to < from) return Unexpected(InvalidArgument(item_field + ".to", "must not be before from"));
    absences.push_back({from, to});
  }
  return absences;
}

json EncodeAbsences(const std::vector<domain::Absence>& absences) {
  json out = json::array();
  for (const domain::Absence& a : absences) out.push_back({{"from", FormatDate(a.from)}, {"to", FormatDate(a.to)}});
  return out;
}

Result<PractitionerSchedule> DecodePractitionerSchedule(const json& value) {
  PractitionerSchedule schedule;
  if (!value.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  if (auto hours = value.find("working_hours"); hours != value.end()) {
    SCARWISE_ASSIGN_OR_RETURN(auto decoded, DecodeWeeklyHours(*hours, "working_hours"));
    schedule.working_hours = std::move(decoded);
  }
  if (auto absences = value.find("absences"); absences != value.end()) {
    SCARWISE_ASSIGN_OR_RETURN(auto decoded, DecodeAbsences(*absences, "absences"));
    schedule.absences = std::move(decoded);
  }
  return schedule;
}

std::string EncodePractitionerSchedule(const PractitionerSchedule& schedule) {
  return json{{"working_hours", EncodeWeeklyHours(schedule.working_hours)},
              {"absences", EncodeAbsences(schedule.absences)}}
      .dump();
}

Result<ClinicHours> ReadClinicHours(std::string_view opening_hours_json, std::string_view closed_dates_json) {
  SCARWISE_ASSIGN_OR_RETURN(auto hours, ParseJson(opening_hours_json, "opening_hours"));
  SCARWISE_ASSIGN_OR_RETURN(auto closed, ParseJson(closed_dates_json, "closed_dates"));
  ClinicHours out;
  SCARWISE_ASSIGN_OR_RETURN(auto opening, DecodeWeeklyHours(hours, "opening_hours"));
  out.opening_hours = std::move(opening);
  SCARWISE_ASSIGN_OR_RETURN(auto dates, DecodeDates(closed, "closed_dates"));
  out.closed_dates = std::move(dates);
  return out;
}

std::string WriteWeeklyHours(const domain::WeeklyHours& hours) {
  return EncodeWeeklyHours(hours).dump();
}

std::string WriteDates(const std::vector<Date>& dates) {
  return EncodeDates(dates).dump();
}

Result<PractitionerSchedule> ReadPractitionerSchedule(std::string_view schedule_json) {
  SCARWISE_ASSIGN_OR_RETURN(auto schedule, ParseJson(schedule_json, "schedule"));
  return DecodePractitionerSchedule(schedule);
}

Result<BookingRequest> DecodeBookingRequest(const json& body) {
  BookingRequest request;
  if (body.is_null()) return request;
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  for (const auto& [key, value] : body.items()) {
    if (key == "weekdays") {
      if (!value.is_array()) return Unexpected(InvalidArgument(key, "must be a list of weekdays (mon ... sun)"));
      for (size_t i = 0; i < value.size(); ++i) {
        const int day = value[i].is_string() ? WeekdayFromName(value[i].get<std::string>()) : -1;
        if (day < 0)
          return Unexpected(InvalidArgument("weekdays[" + std::to_string(i) + "]", "is not a weekday (mon ... sun)"));
        request.preferences.weekdays.push_back(day);
      }
    } else if (key == "time_from" || key == "time_to") {
      SCARWISE_ASSIGN_OR_RETURN(auto time, DecodeClock(value, key));
      (key == "time_from" ? request.preferences.time_from : request.preferences.time_to) = time;
    } else if (key == "practitioner_id") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1)
        return Unexpected(InvalidArgument(key, "must be a practitioner's id"));
      request.preferences.practitioner = value.get<int64_t>();
    } else if (key == "earliest") {
      SCARWISE_ASSIGN_OR_RETURN(auto date, DecodeDate(value, key));
      request.earliest = date;
    } else if (key == "alternative") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > 5) {
        return Unexpected(InvalidArgument(key, "must be a whole number from 1 to 5"));
      }
      request.alternative = value.get<int>();
    } else if (key == "rebook") {
      if (!value.is_boolean()) return Unexpected(InvalidArgument(key, "must be true or false"));
      request.rebook = value.get<bool>();
    } else {
      return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
    }
  }
  const auto& p = request.preferences;
  if (p.time_from && p.time_to && *p.time_to <= *p.time_from)
    return Unexpected(InvalidArgument("time_to", "must be after time_from"));
  return request;
}

Result<RescheduleRequest> DecodeRescheduleRequest(const json& body) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  for (const auto& [key, value] : body.items()) {
    if (key != "starts_at" && key != "practitioner_id" && key != "dry_run") {
      return Unexpected(InvalidArgument(Printable(key), "is not a known field"));
    }
  }
  const auto text = body.find("starts_at");
  if (text == body.end()) return Unexpected(InvalidArgument("starts_at", "required"));
  if (!text->is_string()) return Unexpected(InvalidArgument("starts_at", "must be a string"));
  SCARWISE_ASSIGN_OR_RETURN(const Timestamp starts, ParseTimestamp(text->get<std::string>(), "starts_at"));
  RescheduleRequest out{starts, std::nullopt};
  if (body.contains("practitioner_id") && !body["practitioner_id"].is_null()) {
    const json& value = body["practitioner_id"];
    if (!value.is_number_integer() || value.get<int64_t>() < 1) {
      return Unexpected(InvalidArgument("practitioner_id", "must be a practitioner's id"));
    }
    out.practitioner_id = value.get<int64_t>();
  }
  return out;
}

}  // namespace scarwise::interop
