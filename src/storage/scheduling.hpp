#pragma once

// Scheduling: the clinic's calendar settings, resources and appointments.
// Reached through Transaction::Scheduling() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

// The Error::cause of a kAlreadyExists from CreateAppointment or MoveAppointment when a
// quarter hour of one of its resources is taken: another booking won a race; try again.
inline constexpr std::string_view kSlotTaken = "slot_taken";

class SchedulingRepository {
 public:
  virtual ~SchedulingRepository() = default;

  // kNotFound when the settings were never saved.
  virtual Result<ClinicSettingsRecord> FindClinicSettings() = 0;
  // The clinic's identity; kNotFound when it was never saved.
  virtual Result<ClinicIdentityRecord> FindClinicIdentity() = 0;
  // Saves it when it is at `expected_version` (0: never saved) and returns it at its new
  // version; kFailedPrecondition (field "version") when it is not.
  virtual Result<ClinicIdentityRecord> SaveClinicIdentity(const ClinicIdentityRecord& identity,
                                                          int64_t expected_version) = 0;
  // Saves the settings when they are at `expected_version` (0: never saved) and returns them
  // at the next version; kFailedPrecondition (field "version") when stale.
  virtual Result<ClinicSettingsRecord> SaveClinicSettings(const ClinicSettingsRecord& settings,
                                                          int64_t expected_version) = 0;
  // kInvalidArgument (field "kind") for an unknown kind; kNotFound for an unknown user.
  virtual Result<Id> CreateResource(const NewResource& resource) = 0;
  virtual Result<ResourceRecord> FindResource(Id id) = 0;
  // Every resource, in id order.
  virtual Result<std::vector<ResourceRecord>> ListResources() = 0;
  // Replaces name and schedule at `expected_version`; errors as for UpdatePatient.
  virtual Result<ResourceRecord> UpdateResource(Id id, int64_t expected_version, std::string_view name,
                                                std::string_view schedule_json, Instant updated_at) = 0;
  // Books an appointment (status booked, sequence 0) and claims every quarter hour of its
  // practitioner, room and device in the database, so that two bookings racing for one
  // resource cannot both commit: kAlreadyExists (field "slot") when one is already taken,
  // (field "session_number") when the plan's session already has a booked appointment.
  // kNotFound when the plan, patient, a resource or the user does not exist.
  virtual Result<Id> CreateAppointment(const NewAppointment& appointment) = 0;
  virtual Result<AppointmentRecord> FindAppointment(Id id) = 0;
  virtual Result<std::vector<AppointmentRecord>> ListAppointments(const AppointmentQuery& query) = 0;
  // Every booked appointment starting in [from, to), as the scheduler needs it (read in
  // bulk: the booking path reads months of a busy clinic on every call).
  virtual Result<std::vector<BookedSlot>> ListBookedSlots(Instant from, Instant to) = 0;
  // Moves a booked appointment (its quarter hours follow it) and bumps its sequence.
  // kConflict (field "status") unless booked; kAlreadyExists (field "slot") as for booking.
  virtual Result<AppointmentRecord> MoveAppointment(Id id, const AppointmentMove& move, Instant updated_at) = 0;
  // Closes a booked appointment as cancelled, no_show (both free its quarter hours) or
  // completed, and bumps its sequence. kConflict (field "status") unless booked;
  // kInvalidArgument (field "status") for another status.
  virtual Result<AppointmentRecord> CloseAppointment(Id id, domain::AppointmentStatus status, Instant updated_at) = 0;
};

}  // namespace scarwise::storage
