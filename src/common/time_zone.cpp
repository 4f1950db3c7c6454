#include "common/time_zone.hpp"

#include <date/tz.h>

namespace scarwise {
namespace {

const date::time_zone* Zone(const void* zone) {
  return static_cast<const date::time_zone*>(zone);
}

}  // namespace

Result<TimeZone> TimeZone::Named(std::string_view name, std::string_view field) {
  try {
    const date::time_zone* zone = date::locate_zone(name);
    return TimeZone(std::string(name), zone);
  } catch (const std::exception&) {
    return Unexpected(
        InvalidArgument(std::string(field), "is not a time zone of the IANA database (e.g. Europe/Amsterdam)"));
  }
}

LocalTime TimeZone::ToLocal(std::chrono::sys_seconds instant) const {
  const auto local = Zone(zone_)->to_local(instant);
  const auto day = std::chrono::floor<date::days>(local);
  return LocalTime{Date(day.time_since_epoch()), std::chrono::duration_cast<std::chrono::minutes>(local - day)};
}

std::chrono::sys_seconds TimeZone::ToUtc(const LocalTime& local) const {
  const date::local_seconds wall{
      std::chrono::duration_cast<std::chrono::seconds>(local.day.time_since_epoch() + local.time)};
  // The offset before any change at that wall time: for a repeated time the first one, for
  // a skipped time the same distance past the change.
  const date::local_info info = Zone(zone_)->get_info(wall);
  return std::chrono::sys_seconds{wall.time_since_epoch() - info.first.offset};
}

std::chrono::minutes TimeZone::OffsetAt(std::chrono::sys_seconds instant) const {
  return std::chrono::duration_cast<std::chrono::minutes>(Zone(zone_)->get_info(instant).offset);
}

}  // namespace scarwise
