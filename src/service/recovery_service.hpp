#pragma once

// Recovery between sessions: the patient's daily check-ins, the alerts they raise under the
// protocol's recovery rules, and the clinic's triage of those alerts. A check-in and its
// alerts are stored in one transaction with their audit entry: an acknowledged check-in
// never loses its alerts.

#include <string>
#include <vector>

#include "domain/protocol.hpp"
#include "domain/recovery/recovery.hpp"
#include "service/record_access.hpp"

namespace scarwise::service {

struct CheckInOutcome {
  storage::CheckInRecord check_in;
  std::vector<storage::AlertRecord> alerts;  // the alerts this check-in raised, most urgent first
  // What the patient is told at once (the protocol's advice for the most urgent alert, e.g.
  // to call emergency services); none when the check-in raised no alert.
  std::optional<domain::PatientAdvice> advice;
};

// An alert with what triage needs beside it: whose it is, how to reach them, the session it
// follows and the names of who acknowledged or resolved it.
struct AlertView {
  storage::AlertRecord alert;
  std::string patient_name;
  std::string patient_phone;  // empty: none recorded
  // The charted session the alert follows (a missed check-in's own; for a check-in, the
  // patient's latest session that ended before the alert); absent before the first session.
  std::optional<storage::TreatmentSessionRecord> session;
  std::string acknowledged_by_name;
  std::string resolved_by_name;
};

class RecoveryService {
 public:
  RecoveryService(RecordAccess& access, const domain::Protocol& protocol) : access_(access), protocol_(protocol) {}

  const domain::Protocol& protocol() const { return protocol_; }

  // The patient (own record) or staff on their behalf. kNotFound for an unknown patient.
  // The check-in is judged with the previous one since the latest session (rising
  // symptoms) and the patient's skin type (sunscreen). An `emergency` alert is stored as
  // `emergency`, its own tier above `urgent`.
  // With an idempotency key, a retry gets the check-in and alerts the first request recorded.
  Result<CheckInOutcome> RecordCheckIn(const Request& request, storage::Id patient_id, const domain::CheckIn& check_in,
                                       const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  Result<std::vector<storage::CheckInRecord>> ListCheckIns(const Request& request, storage::Id patient_id);

  // Staff: alerts newest first, filtered by status, urgency and patient. Days that ended
  // without an expected check-in are raised as alerts first (once each).
  Result<std::vector<storage::AlertRecord>> ListAlerts(const Request& request, const storage::AlertQuery& query);
  // The same with each alert's patient, session and the names of who triaged it.
  Result<std::vector<AlertView>> ListAlertViews(const Request& request, const storage::AlertQuery& query);
  // Clinician: records who acknowledged or resolved the alert, when, and their note.
  // kConflict (field "status") when the alert has moved past that step already.
  Result<storage::AlertRecord> AcknowledgeAlert(const Request& request, storage::Id alert_id, const std::string& note);
  Result<storage::AlertRecord> ResolveAlert(const Request& request, storage::Id alert_id, const std::string& note);

 private:
  // One alert per (session, day) that ended without its expected check-in.
  Result<void> RaiseMissedCheckIns(const Request& request);
  using Step = Result<storage::AlertRecord> (storage::RecoveryRepository::*)(storage::Id, const storage::AlertStep&);
  Result<storage::AlertRecord> Triage(const Request& request, storage::Id alert_id, const std::string& note, Step step);

  RecordAccess& access_;
  const domain::Protocol& protocol_;
};

}  // namespace scarwise::service
