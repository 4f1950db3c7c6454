// A patient's calendar feed, read back as their calendar app would: each appointment stays at
// 09:00 in Amsterdam before and after both DST changes (libical and, independently, python
// icalendar, through the feed's own VTIMEZONE), its UID and SEQUENCE survive so updates
// replace it, a cancellation says so, any text survives, and the lines are RFC 5545's.
#include "interop/ical/calendar_feed.hpp"

#include <libical/ical.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace scarwise::interop {
namespace {

namespace fs = std::filesystem;
using std::chrono::sys_days;
using std::chrono::sys_seconds;
using namespace std::chrono_literals;

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

sys_seconds Utc(std::chrono::year_month_day day, std::chrono::hours hour) {
  return sys_seconds{sys_days{day} + hour};
}

// Three appointments at 09:00 in Amsterdam: before the spring-forward of 29 March 2026
// (CET, 08:00Z), after it (CEST, 07:00Z) and after the fall-back of 25 October (CET, 08:00Z).
const struct {
  const char* season;
  sys_seconds starts_at;
  const char* local_date;  // YYYYMMDD in Amsterdam
} kAcrossDst[] = {
    {"winter time, before the change to summer time", Utc(2026y / 3 / 24, 8h), "20260324"},
    {"summer time, after the change", Utc(2026y / 3 / 31, 7h), "20260331"},
    {"winter time again, after the change back", Utc(2026y / 10 / 27, 8h), "20261027"},
};

CalendarFeed AmsterdamFeed() {
  CalendarFeed feed;
  feed.name = "Scarwise - Ada Lovelace";
  feed.time_zone = "Europe/Amsterdam";
  feed.generated_at = Utc(2026y / 3 / 20, 12h);
  int number = 1;
  for (const auto& row : kAcrossDst) {
    CalendarEvent event;
    event.uid = "appointment-" + std::to_string(number) + "@scarwise";
    event.sequence = number - 1;
    event.starts_at = row.starts_at;
    event.ends_at = row.starts_at + 45min;
    event.summary = "Microneedling session " + std::to_string(number) + " of 3";
    event.location = "Room 2";
    feed.events.push_back(event);
    ++number;
  }
  return feed;
}

std::string Written(const CalendarFeed& feed) {
  auto text = WriteCalendarFeed(feed);
  EXPECT_TRUE(text) << text.error().ToString();
  return text ? *text : "";
}

Component Parsed(const std::string& text) {
  Component calendar(icalparser_parse_string(text.c_str()));
  EXPECT_NE(calendar, nullptr) << text;
  EXPECT_EQ(calendar ? icalcomponent_isa(calendar.get()) : ICAL_NO_COMPONENT, ICAL_VCALENDAR_COMPONENT);
  return calendar;
}

icalcomponent* EventWithUid(icalcomponent* calendar, const std::string& uid) {
  for (icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event != nullptr;
       event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    const char* event_uid = icalcomponent_get_uid(event);
    if (event_uid != nullptr && uid == event_uid) return event;
  }
  ADD_FAILURE() << "no VEVENT with UID " << uid;
  return nullptr;
}

std::string TzidOf(icalproperty* property) {
  icalparameter* tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER);
  return tzid == nullptr ? "" : icalparameter_get_tzid(tzid);
}

// "20260324T090000": the wall-clock time as written, without zone.
std::string WallClock(icaltimetype time) {
  char out[32];
  std::snprintf(out, sizeof out, "%04d%02d%02dT%02d%02d%02d", time.year, time.month, time.day, time.hour, time.minute,
                time.second);
  return out;
}

TEST(CalendarFeed, EachAppointmentIsNineOClockInAmsterdamAcrossBothDstChanges) {
  const CalendarFeed feed = AmsterdamFeed();
  Component calendar = Parsed(Written(feed));
  ASSERT_NE(calendar, nullptr);
  // The zone as the feed itself defines it (its VTIMEZONE), not libical's built-in copy.
  icaltimezone* amsterdam = icalcomponent_get_timezone(calendar.get(), "Europe/Amsterdam");
  ASSERT_NE(amsterdam, nullptr) << "a VTIMEZONE with TZID Europe/Amsterdam";
  for (size_t i = 0; i < feed.events.size(); ++i) {
    const CalendarEvent& want = feed.events[i];
    SCOPED_TRACE(kAcrossDst[i].season);
    icalcomponent* event = EventWithUid(calendar.get(), want.uid);
    ASSERT_NE(event, nullptr);
    icalproperty* start = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    icalproperty* end = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY);
    ASSERT_NE(start, nullptr);
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(TzidOf(start), "Europe/Amsterdam");
    EXPECT_EQ(TzidOf(end), "Europe/Amsterdam");
    EXPECT_EQ(WallClock(icalproperty_get_dtstart(start)), std::string(kAcrossDst[i].local_date) + "T090000");
    EXPECT_EQ(WallClock(icalproperty_get_dtend(end)), std::string(kAcrossDst[i].local_date) + "T094500");
    EXPECT_EQ(icaltime_as_timet_with_zone(icalproperty_get_dtstart(start), amsterdam),
              want.starts_at.time_since_epoch().count());
    EXPECT_EQ(icaltime_as_timet_with_zone(icalproperty_get_dtend(end), amsterdam),
              want.ends_at.time_since_epoch().count());
  }
}

TEST(CalendarFeed, NamesTheIanaZoneItselfInVtimezoneAndEveryTime) {
  const std::string text = Written(AmsterdamFeed());
  Component calendar = Parsed(text);
  ASSERT_NE(calendar, nullptr);
  EXPECT_EQ(icalcomponent_count_components(calendar.get(), ICAL_VTIMEZONE_COMPONENT), 1);
  icalcomponent* vtimezone = icalcomponent_get_first_component(calendar.get(), ICAL_VTIMEZONE_COMPONENT);
  ASSERT_NE(vtimezone, nullptr);
  icalproperty* tzid = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY);
  ASSERT_NE(tzid, nullptr);
  EXPECT_STREQ(icalproperty_get_tzid(tzid), "Europe/Amsterdam");
  EXPECT_NE(text.find("\r\nDTSTART;TZID=Europe/Amsterdam:20260324T090000\r\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("freeassociation"), std::string::npos) << "no libical TZID prefix:\n" << text;
  EXPECT_EQ(icalcomponent_count_components(calendar.get(), ICAL_VEVENT_COMPONENT), 3);

  EXPECT_STREQ(icalproperty_get_prodid(icalcomponent_get_first_property(calendar.get(), ICAL_PRODID_PROPERTY)),
               "-//Scarwise//Scarwise//EN");
  EXPECT_STREQ(icalproperty_get_version(icalcomponent_get_first_property(calendar.get(), ICAL_VERSION_PROPERTY)),
               "2.0");
  EXPECT_EQ(icalcomponent_get_method(calendar.get()), ICAL_METHOD_PUBLISH);
  EXPECT_NE(text.find("\r\nX-WR-CALNAME:Scarwise - Ada Lovelace\r\n"), std::string::npos) << text;
  // The clock named once for the calendar (issue 20, item 4), besides each event's TZID.
  EXPECT_NE(text.find("\r\nX-WR-TIMEZONE:Europe/Amsterdam\r\n"), std::string::npos) << text;
}

TEST(CalendarFeed, UidSequenceAndCancellationRoundTrip) {
  CalendarFeed feed = AmsterdamFeed();
  feed.events[1].sequence = 3;
  feed.events[1].cancelled = true;
  Component calendar = Parsed(Written(feed));
  ASSERT_NE(calendar, nullptr);
  const struct {
    const char* what;
    size_t index;
    int sequence;
    icalproperty_status status;
  } rows[] = {
      {"a booked appointment", 0, 0, ICAL_STATUS_CONFIRMED},
      {"a cancelled appointment, changed three times", 1, 3, ICAL_STATUS_CANCELLED},
      {"another booked appointment", 2, 2, ICAL_STATUS_CONFIRMED},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.what);
    icalcomponent* event = EventWithUid(calendar.get(), feed.events[row.index].uid);
    ASSERT_NE(event, nullptr);
    EXPECT_EQ(icalcomponent_get_sequence(event), row.sequence);
    EXPECT_EQ(icalcomponent_get_status(event), row.status);
    EXPECT_STREQ(icalcomponent_get_summary(event), feed.events[row.index].summary.c_str());
    EXPECT_STREQ(icalcomponent_get_location(event), "Room 2");
    const icaltimetype stamp = icalcomponent_get_dtstamp(event);
    EXPECT_TRUE(icaltime_is_utc(stamp));
    EXPECT_EQ(icaltime_as_timet(stamp), feed.generated_at.time_since_epoch().count());
  }
}

TEST(CalendarFeed, UnicodeAndNewlinesInTheTextSurvive) {
  CalendarFeed feed = AmsterdamFeed();
  feed.name = "Scarwise - Zoë Ødegård-Nguyễn";
  CalendarEvent& event = feed.events[0];
  event.summary = "Microneedling — séance 1 sur 3";
  event.location = "Behandelkamer 2, 1e verdieping";
  event.description =
      "Kom zonder make-up; neem je zonnebrandcrème mee.\nΕλένη: φέρτε την κρέμα σας.\n"
      "Анна: принесите крем.\n術後のケア: 日焼け止めを持ってきてください。\\ back\\slash";
  feed.events[1].description.clear();
  feed.events[1].location.clear();
  Component calendar = Parsed(Written(feed));
  ASSERT_NE(calendar, nullptr);
  icalcomponent* first = EventWithUid(calendar.get(), event.uid);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_summary(first)), event.summary);
  EXPECT_EQ(std::string(icalcomponent_get_location(first)), event.location);
  EXPECT_EQ(std::string(icalcomponent_get_description(first)), event.description);
  icalcomponent* second = EventWithUid(calendar.get(), feed.events[1].uid);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(icalcomponent_get_first_property(second, ICAL_DESCRIPTION_PROPERTY), nullptr) << "empty: left out";
  EXPECT_EQ(icalcomponent_get_first_property(second, ICAL_LOCATION_PROPERTY), nullptr) << "empty: left out";
}

TEST(CalendarFeed, LinesAreCrlfAndFoldedAtSeventyFiveOctets) {
  CalendarFeed feed = AmsterdamFeed();
  feed.events[0].description.clear();
  for (int i = 0; i < 40; ++i) feed.events[0].description += "Zoë Ødegård-Nguyễn, 日焼け止め; ";
  feed.events[0].description += "tot ziens.";  // libical's parser drops trailing blanks
  const std::string text = Written(feed);
  ASSERT_GE(text.size(), 2u);
  EXPECT_EQ(text.substr(text.size() - 2), "\r\n");
  int lines = 0;
  int continuations = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find("\r\n", at);
    ASSERT_NE(end, std::string::npos) << "the text ends with CRLF";
    const std::string line = text.substr(at, end - at);
    SCOPED_TRACE("line " + std::to_string(lines + 1) + ": " + line);
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << "no bare CR or LF";
    EXPECT_LE(line.size(), 75u) << "octets, CRLF not counted";
    ASSERT_FALSE(line.empty());
    if (line[0] == ' ' && line.size() > 1) {
      ++continuations;
      // A fold never splits a UTF-8 character: a continuation never starts mid-character.
      EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80);
    }
    ++lines;
    at = end + 2;
  }
  EXPECT_GT(continuations, 10) << "the long description was folded";
  Component calendar = Parsed(text);
  ASSERT_NE(calendar, nullptr);
  icalcomponent* event = EventWithUid(calendar.get(), feed.events[0].uid);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_description(event)), feed.events[0].description) << "unfolds to the same";
}

TEST(CalendarFeed, AZoneLibicalDoesNotKnowIsInvalidArgumentNamingTheField) {
  for (const char* zone : {"Mars/Olympus", ""}) {
    SCOPED_TRACE(zone);
    CalendarFeed feed = AmsterdamFeed();
    feed.time_zone = zone;
    auto text = WriteCalendarFeed(feed);
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(text.error().field, "time_zone");
  }
}

// "2026-03-24T08:00:00Z"
std::string IsoUtc(sys_seconds at) {
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss<std::chrono::seconds> time(at - day);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out;
}

// A second, independent reader: python's icalendar module (tests/interop/check_ics.py) reads
// each DTSTART/DTEND through the feed's own VTIMEZONE and through the IANA zone of its TZID.
TEST(CalendarFeed, PythonIcalendarReadsTheSameInstantsAcrossDst) {
  const fs::path dir = fs::temp_directory_path() / ("scarwise-ical-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  CalendarFeed feed = AmsterdamFeed();
  feed.events[2].sequence = 5;
  feed.events[2].cancelled = true;
  std::ofstream(dir / "feed.ics", std::ios::binary) << Written(feed);

  std::ofstream expectations(dir / "expectations.json");
  expectations << R"({"time_zone": "Europe/Amsterdam", "events": [)";
  for (size_t i = 0; i < feed.events.size(); ++i) {
    const CalendarEvent& event = feed.events[i];
    expectations << (i == 0 ? "" : ", ") << R"({"uid": ")" << event.uid << R"(", "sequence": )" << event.sequence
                 << R"(, "status": ")" << (event.cancelled ? "CANCELLED" : "CONFIRMED") << R"(", "start_utc": ")"
                 << IsoUtc(event.starts_at) << R"(", "end_utc": ")" << IsoUtc(event.ends_at) << R"("})";
  }
  expectations << "]}\n";
  expectations.close();

  const std::string command = std::string(SCARWISE_ICALENDAR_PYTHON) +
                              " '" SCARWISE_SOURCE_DIR "/tests/interop/check_ics.py' '" + (dir / "feed.ics").string() +
                              "' '" + (dir / "expectations.json").string() + "'";
  const int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << " exited with " << status;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scarwise::interop
