#pragma once

// Clinical safety records (issue 19): the precautions recorded for a plan before it is
// approved and before each session (who recorded what, when); the clinic's catalogue of
// cartridge lots, the lot each session used (a recall finds every patient treated with a
// lot); and the adverse-event register.
// Reached through Transaction::Safety() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

// A precaution recorded for a plan: the code of the screening's precaution rule and what its
// `record` asks for (details, a JSON object), by whom and when. One per (plan, code).
struct NewPrecautionRecord {
  Id plan_id = 0;
  std::string code;
  std::string details_json;
  Id recorded_by = 0;
  Instant recorded_at{};
};

struct PrecautionRecord {
  Id id = 0;
  NewPrecautionRecord record;
};

// A cartridge lot in the clinic's catalogue: device (the cartridge or pen model) and lot
// number, unique together; `expires_on` "YYYY-MM-DD" or "" when not given.
struct NewDeviceLot {
  std::string device;
  std::string lot;
  std::string expires_on;
  Id created_by = 0;
  Instant created_at{};
};

struct DeviceLotRecord {
  Id id = 0;
  NewDeviceLot lot;
};

// A charted session that used a lot (the chart's, or one an amendment corrected it to).
struct SessionLotRecord {
  Id id = 0;  // the session's id (the page cursor)
  Id patient_id = 0;
  Id plan_id = 0;
  int session_number = 0;
  Instant ended_at{};
  int end_offset_minutes = 0;
  std::string device;
  std::string lot;
  std::optional<Id> device_lot_id;  // the catalogue's entry, when the lot was in it
};

// An adverse event in the register. `type` is a code of the protocol's list, `severity`
// mild | moderate | severe, `outcome` ongoing | resolved | resolved_with_sequelae | unknown;
// dates are "YYYY-MM-DD" ("" when not known yet).
struct NewAdverseEvent {
  Id patient_id = 0;
  std::string type;
  std::string severity;
  std::string onset_on;
  std::optional<Id> session_id;
  std::string lot;
  std::optional<Id> alert_id;  // the alert it was raised from
  std::string treatment;
  std::string outcome;
  std::string resolved_on;
  std::string notes;
  Id recorded_by = 0;
  Instant recorded_at{};
};

struct AdverseEventRecord {
  Id id = 0;
  NewAdverseEvent event;
  Instant updated_at{};
  int64_t version = 1;
};

// What a later update may change: the course of the event.
struct AdverseEventUpdate {
  std::string treatment;
  std::string outcome;
  std::string resolved_on;
  std::string notes;
};

class SafetyRepository {
 public:
  virtual ~SafetyRepository() = default;

  // kAlreadyExists (field "code") when the plan's precaution is recorded already (check
  // with FindPrecaution first: the failed insert aborts the transaction); kNotFound when the
  // plan or user does not exist.
  virtual Result<Id> RecordPrecaution(const NewPrecautionRecord& record) = 0;
  // The plan's recorded precautions, oldest first.
  virtual Result<std::vector<PrecautionRecord>> ListPrecautions(Id plan_id) = 0;
  // The precautions recorded for the plans of a page of patients (PatientIds), by plan, oldest first.
  virtual Result<std::vector<PrecautionRecord>> ListPrecautionsOf(const PatientIds& patients) = 0;

  // ---- the cartridge catalogue and recalls ----
  // kAlreadyExists (field "lot") for a device and lot already catalogued.
  virtual Result<Id> CreateDeviceLot(const NewDeviceLot& lot) = 0;
  // Every catalogued lot, in id order.
  virtual Result<std::vector<DeviceLotRecord>> ListDeviceLots() = 0;
  // Records that a session used `device` + `lot` (once per session and lot: a repeat is fine).
  virtual Result<void> LinkSessionLot(Id session_id, const std::string& device, const std::string& lot,
                                      std::optional<Id> device_lot_id) = 0;
  // The sessions that used `lot` (any device), in session id order, `limit` (1-1000) after
  // the session id `after_id`.
  virtual Result<std::vector<SessionLotRecord>> SessionsWithLot(const std::string& lot, int limit, Id after_id) = 0;
  // The lots a session used (the chart's first).
  virtual Result<std::vector<SessionLotRecord>> LotsOfSession(Id session_id) = 0;

  // ---- the adverse-event register ----
  // kNotFound when the patient, session, alert or user does not exist.
  virtual Result<Id> CreateAdverseEvent(const NewAdverseEvent& event) = 0;
  virtual Result<AdverseEventRecord> FindAdverseEvent(Id id) = 0;
  // Newest first: `limit` (1-1000) events with an id below `before_id` (0: from the newest),
  // of one patient or (nullopt) of the whole clinic.
  virtual Result<std::vector<AdverseEventRecord>> ListAdverseEvents(std::optional<Id> patient_id, int limit,
                                                                    Id before_id) = 0;
  // kFailedPrecondition (field "version") when `expected_version` is stale.
  // The adverse events of a page of patients (PatientIds), by patient, oldest first.
  virtual Result<std::vector<AdverseEventRecord>> ListAdverseEventsOf(const PatientIds& patients) = 0;
  virtual Result<AdverseEventRecord> UpdateAdverseEvent(Id id, int64_t expected_version,
                                                        const AdverseEventUpdate& update, Instant at) = 0;
};

}  // namespace scarwise::storage
