#pragma once

// How urgent an alert for the clinic is, and where the alert stands: the names they have in
// the protocol, the database and the API.

#include <array>

#include "common/enum_names.hpp"

namespace scarwise::domain {

// How soon the clinic should act: at once (and the patient calls emergency services), today,
// within days, at the next contact. Ordered most urgent first.
enum class Urgency { kEmergency, kUrgent, kSoon, kRoutine };

constexpr std::array<Named<Urgency>, 4> NamesOf(Urgency) {
  return {{{Urgency::kEmergency, "emergency"},
           {Urgency::kUrgent, "urgent"},
           {Urgency::kSoon, "soon"},
           {Urgency::kRoutine, "routine"}}};
}

// An alert for the clinic moves open -> acknowledged -> resolved (or open -> resolved).
enum class AlertStatus { kOpen, kAcknowledged, kResolved };

constexpr std::array<Named<AlertStatus>, 3> NamesOf(AlertStatus) {
  return {{{AlertStatus::kOpen, "open"},
           {AlertStatus::kAcknowledged, "acknowledged"},
           {AlertStatus::kResolved, "resolved"}}};
}

}  // namespace scarwise::domain
