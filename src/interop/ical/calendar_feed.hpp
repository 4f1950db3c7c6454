#pragma once

// A patient's appointments as an iCalendar (RFC 5545) feed their calendar app subscribes
// to, written in the clinic's IANA time zone so that times stay right across DST changes.

#include <chrono>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace scarwise::interop {

// One appointment as a calendar event.
struct CalendarEvent {
  std::string uid;                     // stable across changes, e.g. "appointment-42@scarwise"
  int sequence = 0;                    // bumped each time the appointment changes (RFC 5545 SEQUENCE)
  std::chrono::sys_seconds starts_at;  // UTC instants
  std::chrono::sys_seconds ends_at;
  std::string summary;      // "Microneedling session 2 of 4"
  std::string location;     // room name, may be empty
  std::string description;  // may be empty; may contain newlines and non-ASCII (UTF-8)
  bool cancelled = false;   // STATUS:CANCELLED instead of STATUS:CONFIRMED
};

struct CalendarFeed {
  std::string name;                       // X-WR-CALNAME, e.g. "Scarwise - Ada Lovelace"
  std::string time_zone;                  // IANA name, e.g. "Europe/Amsterdam"; events are written in it
  std::chrono::sys_seconds generated_at;  // DTSTAMP of every event
  std::vector<CalendarEvent> events;
};

// The feed as an RFC 5545 VCALENDAR (CRLF line endings, folded lines), PRODID
// "-//Scarwise//Scarwise//EN", VERSION 2.0, METHOD PUBLISH, one VTIMEZONE for `time_zone`
// (from libical's built-in zone data) and one VEVENT per event whose DTSTART/DTEND carry
// TZID=<time_zone> and the local wall-clock time. kInvalidArgument (field "time_zone")
// when libical does not know the zone.
Result<std::string> WriteCalendarFeed(const CalendarFeed& feed);

}  // namespace scarwise::interop
