#pragma once

// Recovery: check-ins, the alerts they raise, and product checks.
// Reached through Transaction::Recovery() (storage/store.hpp), whose rules on errors and
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

class RecoveryRepository {
 public:
  virtual ~RecoveryRepository() = default;

  // kNotFound when the patient or the recording user does not exist.
  virtual Result<Id> CreateCheckIn(const NewCheckIn& check_in) = 0;
  // A patient's check-ins, oldest first.
  virtual Result<std::vector<CheckInRecord>> ListCheckIns(Id patient_id) = 0;
  // The check-ins of a page of patients (PatientIds), by patient, oldest first.
  virtual Result<std::vector<CheckInRecord>> ListCheckInsOf(const PatientIds& patients) = 0;
  // A new open alert; kNotFound when the patient or check-in does not exist;
  // kInvalidArgument for an unknown urgency; kAlreadyExists (field "missed_day") when that
  // missed check-in day of that session is already alerted.
  virtual Result<Id> CreateAlert(const NewAlert& alert) = 0;
  virtual Result<AlertRecord> FindAlert(Id id) = 0;
  virtual Result<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query) = 0;
  // Appends a later check-in showing the same sign to an unresolved alert (repeats + 1);
  // kConflict (field "status") when the alert is resolved.
  virtual Result<AlertRecord> RepeatAlert(Id id, Id check_in_id, Instant at) = 0;
  // Records who acknowledged an open alert; kConflict (field "status") unless it is open.
  virtual Result<AlertRecord> AcknowledgeAlert(Id id, const AlertStep& step) = 0;
  // Records who resolved an open or acknowledged alert; kConflict when already resolved.
  virtual Result<AlertRecord> ResolveAlert(Id id, const AlertStep& step) = 0;
  // kNotFound when the patient or user does not exist.
  virtual Result<Id> CreateProductCheck(const NewProductCheck& check) = 0;
  // A patient's product checks, newest first, at most `limit` (1-1000).
  virtual Result<std::vector<ProductCheckRecord>> ListProductChecks(Id patient_id, int limit) = 0;
};

}  // namespace scarwise::storage
