#include "interop/ical/calendar_feed.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <memory>

namespace scarwise::interop {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

struct ZoneFree {
  void operator()(icaltimezone* zone) const { icaltimezone_free(zone, 1); }
};
using Zone = std::unique_ptr<icaltimezone, ZoneFree>;

icaltimetype UtcTime(std::chrono::sys_seconds at) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(at.time_since_epoch().count()), 0,
                                       icaltimezone_get_utc_timezone());
}

// libical's built-in VTIMEZONE of the IANA zone `name`, or null when libical does not know
// it. libical's own UTC ("UTC", "GMT") has no VTIMEZONE; tzdata's "Etc/UTC" does.
icalcomponent* BuiltinVtimezone(const std::string& name) {
  icaltimezone* zone = icaltimezone_get_builtin_timezone(name.c_str());
  if (zone == nullptr) return nullptr;
  icalcomponent* vtimezone = icaltimezone_get_component(zone);
  if (vtimezone != nullptr) return vtimezone;
  zone = icaltimezone_get_builtin_timezone(("Etc/" + name).c_str());
  return zone == nullptr ? nullptr : icaltimezone_get_component(zone);
}

// The feed's own copy of the zone: its TZID exactly the IANA name (libical's built-in one is
// "/freeassociation.sourceforge.net/<name>", and its prefix cannot be set to nothing), its
// history truncated to what follows `from` (a UTC time). Null when libical does not know it.
Zone FeedZone(const std::string& name, icaltimetype from) {
  icalcomponent* builtin = BuiltinVtimezone(name);
  if (builtin == nullptr) return nullptr;
  Component vtimezone(icalcomponent_new_clone(builtin));
  icalproperty* tzid = icalcomponent_get_first_property(vtimezone.get(), ICAL_TZID_PROPERTY);
  if (tzid == nullptr) {
    icalcomponent_add_property(vtimezone.get(), icalproperty_new_tzid(name.c_str()));
  } else {
    icalproperty_set_tzid(tzid, name.c_str());
  }
  icaltimezone_truncate_vtimezone(vtimezone.get(), from, icaltime_null_time(), 0);
  Zone zone(icaltimezone_new());
  if (zone == nullptr || icaltimezone_set_component(zone.get(), vtimezone.get()) == 0) return nullptr;
  vtimezone.release();  // now the zone's
  return zone;
}

// DTSTART or DTEND: the instant's wall-clock time in `zone`, with TZID=<its name>.
icalproperty* LocalTime(icalproperty* (*make)(icaltimetype), std::chrono::sys_seconds at, icaltimezone* zone) {
  icalproperty* property = make(icaltime_convert_to_zone(UtcTime(at), zone));
  icalproperty_add_parameter(property, icalparameter_new_tzid(icaltimezone_get_tzid(zone)));
  return property;
}

icalcomponent* Vevent(const CalendarEvent& event, icaltimezone* zone, icaltimetype stamp) {
  icalcomponent* vevent = icalcomponent_new_vevent();
  icalcomponent_add_property(vevent, icalproperty_new_uid(event.uid.c_str()));
  icalcomponent_add_property(vevent, icalproperty_new_sequence(event.sequence));
  icalcomponent_add_property(vevent, icalproperty_new_dtstamp(stamp));
  icalcomponent_add_property(vevent, LocalTime(icalproperty_new_dtstart, event.starts_at, zone));
  icalcomponent_add_property(vevent, LocalTime(icalproperty_new_dtend, event.ends_at, zone));
  icalcomponent_add_property(vevent, icalproperty_new_summary(event.summary.c_str()));
  if (!event.location.empty()) icalcomponent_add_property(vevent, icalproperty_new_location(event.location.c_str()));
  if (!event.description.empty()) {
    icalcomponent_add_property(vevent, icalproperty_new_description(event.description.c_str()));
  }
  icalcomponent_add_property(vevent,
                             icalproperty_new_status(event.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  return vevent;
}

}  // namespace

Result<std::string> WriteCalendarFeed(const CalendarFeed& feed) {
  // The zone's rules from the earliest time the feed shows on; the future stays complete.
  std::chrono::sys_seconds from = feed.generated_at;
  for (const CalendarEvent& event : feed.events) from = std::min({from, event.starts_at, event.ends_at});
  Zone zone = FeedZone(feed.time_zone, UtcTime(from));
  if (zone == nullptr) {
    return Unexpected(InvalidArgument("time_zone", "is not a time zone this server knows: \"" + feed.time_zone + "\""));
  }

  Component calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//Scarwise//Scarwise//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalproperty* name = icalproperty_new_x(feed.name.c_str());
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(calendar.get(), name);
  // The calendar's clock, named once for apps that show it (each event carries its TZID).
  icalproperty* clock = icalproperty_new_x(feed.time_zone.c_str());
  icalproperty_set_x_name(clock, "X-WR-TIMEZONE");
  icalcomponent_add_property(calendar.get(), clock);
  icalcomponent_add_component(calendar.get(), icalcomponent_new_clone(icaltimezone_get_component(zone.get())));
  const icaltimetype stamp = UtcTime(feed.generated_at);
  for (const CalendarEvent& event : feed.events) {
    icalcomponent_add_component(calendar.get(), Vevent(event, zone.get(), stamp));
  }

  char* text = icalcomponent_as_ical_string_r(calendar.get());
  if (text == nullptr) return Unexpected(Internal("the calendar feed could not be written"));
  std::string out(text);
  std::free(text);
  return out;
}

}  // namespace scarwise::interop
