#pragma once

// The states of a booked session and the kinds of things the scheduler books, with the names
// they have in the database, the API and iCalendar.

#include <array>

#include "common/enum_names.hpp"

namespace scarwise::domain {

// A booked session moves booked -> cancelled | no_show | completed and never back.
enum class AppointmentStatus { kBooked, kCancelled, kNoShow, kCompleted };

constexpr std::array<Named<AppointmentStatus>, 4> NamesOf(AppointmentStatus) {
  return {{{AppointmentStatus::kBooked, "booked"},
           {AppointmentStatus::kCancelled, "cancelled"},
           {AppointmentStatus::kNoShow, "no_show"},
           {AppointmentStatus::kCompleted, "completed"}}};
}

// Cancelled or missed: the slot was given up and the session did not happen.
constexpr bool Closed(AppointmentStatus status) {
  return status == AppointmentStatus::kCancelled || status == AppointmentStatus::kNoShow;
}

// What a session needs one of each: a practitioner, a room and a device.
enum class ResourceKind { kPractitioner, kRoom, kDevice };

constexpr std::array<Named<ResourceKind>, 3> NamesOf(ResourceKind) {
  return {{{ResourceKind::kPractitioner, "practitioner"},
           {ResourceKind::kRoom, "room"},
           {ResourceKind::kDevice, "device"}}};
}

}  // namespace scarwise::domain
