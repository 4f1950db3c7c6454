#pragma once

// The session day and what follows it: charting a treatment session after the pre-session
// screening is re-confirmed, amendments that correct a chart without changing it, and the
// aftercare timeline counted from the real end of the last charted session.

#include <optional>
#include <string>
#include <vector>

#include "common/civil_time.hpp"
#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/product_check.hpp"
#include "domain/protocol.hpp"
#include "domain/session/session_chart.hpp"
#include "service/record_access.hpp"
#include "service/records_service.hpp"

namespace scarwise::service {

struct ChartedSession {
  storage::TreatmentSessionRecord record;
  std::vector<storage::SessionAmendmentRecord> amendments;  // oldest first; the original is never changed
};

// The aftercare of a patient at a moment, from the end of their last charted session.
struct AftercareNow {
  Timestamp session_end;
  Timestamp at;
  std::vector<domain::AftercareStatus> timeline;
};

// Who the patient calls: printed on every handout.
struct ClinicContact {
  std::string name = "Your clinic";
  std::string contact = "Call the number on your appointment letter";
};

// A product to check: an INCI list, for a patient (whose last session decides the day, and
// whose record keeps the check) or for no one; an explicit day wins.
struct ProductQuestion {
  std::string inci;
  std::optional<storage::Id> patient_id;
  std::optional<int> day;
  domain::ProductType type = domain::ProductType::kOther;
};

struct ProductAnswer {
  domain::ProductCheck check;
  int day = 0;
  domain::ProductType type = domain::ProductType::kOther;
  std::optional<storage::Id> id;  // the stored check, for a patient
};

// An adverse event as a clinician records it: every member optional here (a record from an
// alert is prefilled from it); RecordAdverseEvent says which are required.
struct AdverseEventDraft {
  std::optional<std::string> type, severity, onset_on, lot, treatment, outcome, resolved_on, notes;
  std::optional<storage::Id> session_id;
};

// The chart as kept: its glide run through the product checker for the day of the session
// (day 0: the skin is open), flagged "not_sterile" when it did not come sterile and with the
// checker's category for each ingredient not yet fine on day 0 (an irritant).
domain::SessionChart WithGlideChecked(domain::SessionChart chart, const domain::Protocol& protocol);

class SessionDayService {
 public:
  SessionDayService(RecordsService& records, const domain::Protocol& protocol, ClinicContact contact = {})
      : clinic_(records), access_(records.access()), protocol_(protocol), contact_(std::move(contact)) {}

  const domain::Protocol& protocol() const { return protocol_; }

  // Clinician. Re-screens the patient with `history` (the screening is recorded whatever it
  // decides); a `defer` or `not_suitable` blocks the session: kConflict (field "screening")
  // naming the decision and its reasons, nothing charted. Otherwise charts the next session of the
  // patient's approved plan. kConflict when there is no approved plan or every session of it
  // is charted; kInvalidArgument naming the field for a chart outside the protocol.
  // kUnprocessable (field "precautions") naming each precaution of the plan or of this
  // screening not yet recorded (RecordsService::RecordPrecaution).
  // With `appointment_id`, the chart is of that booked appointment (the patient's, for the
  // session about to be charted: kConflict field "appointment" otherwise), which becomes
  // completed in the same transaction. With an idempotency key, a retry gets the session the
  // first request charted (it is neither screened nor charted again).
  Result<ChartedSession> ChartSession(const Request& request, storage::Id patient_id,
                                      const domain::MedicalHistory& history, const domain::SessionChart& chart,
                                      std::optional<storage::Id> appointment_id = std::nullopt,
                                      const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // Clinician: ChartSession for a booked appointment (kNotFound when there is none).
  Result<ChartedSession> ChartAppointment(const Request& request, storage::Id appointment_id,
                                          const domain::MedicalHistory& history, const domain::SessionChart& chart,
                                          const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // Clinician: the quick pre-session check before an appointment: the screening questions
  // again, recorded like any screening; `may_proceed` is false for defer or not_suitable.
  struct PreSessionCheck {
    ScreeningOutcome screening;
    bool may_proceed = false;
  };
  // With an idempotency key, a retry gets the screening the first request recorded.
  Result<PreSessionCheck> CheckBeforeSession(const Request& request, storage::Id appointment_id,
                                             const domain::MedicalHistory& history,
                                             const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // Staff and the patient (own record): charted sessions, oldest first, with amendments.
  Result<std::vector<ChartedSession>> ListSessions(const Request& request, storage::Id patient_id);
  // The settings to start the next chart from: the last chart, or (before the first) the
  // approved plan's depths. kConflict without an approved plan.
  Result<domain::SessionChart> Draft(const Request& request, storage::Id patient_id);
  // Clinician: a correction beside the original chart, with its reason (required). With an
  // idempotency key, a retry gets the amendment the first request made.
  Result<storage::SessionAmendmentRecord> AmendSession(const Request& request, storage::Id session_id,
                                                       const std::string& reason, const std::string& changes_json,
                                                       const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // The patient (own record) or staff: the aftercare timeline at `at` (default now).
  // kConflict when no session is charted yet.
  Result<AftercareNow> Aftercare(const Request& request, storage::Id patient_id, std::optional<Timestamp> at);
  // Whole days since the end of the patient's last charted session at `now` (0 = the first
  // 24 hours), for the product checker; kConflict when none is charted.
  Result<int> DayAfterLastSession(const Request& request, storage::Id patient_id);
  // Anyone signed in; for a patient, the patient (own record) or staff. kConflict when the
  // day must come from a session and none is charted.
  Result<ProductAnswer> CheckProduct(const Request& request, const ProductQuestion& question);
  // The patient (own record) or staff: the patient's product checks, newest first.
  Result<std::vector<storage::ProductCheckRecord>> ProductChecks(const Request& request, storage::Id patient_id);
  // The patient (own record) or staff: the printable aftercare handout of a charted session
  // (`session_number`; absent: the last), as PDF bytes. kNotFound for a session not charted;
  // kConflict when none is.
  Result<std::string> HandoutPdf(const Request& request, storage::Id patient_id, std::optional<int> session_number);

  // ---- clinical safety (issue 19 §3, §4): cartridge catalogue, recalls, adverse events ----
  // Admin: adds a lot to the clinic's cartridge catalogue (kAlreadyExists, field "lot", when
  // the device's lot is in it). Once the catalogue holds a lot, a chart's device + lot must
  // be one of it. Audited.
  Result<storage::DeviceLotRecord> AddDeviceLot(const Request& request, const std::string& device,
                                                const std::string& lot, const std::string& expires_on);
  // Admin and clinicians: the catalogue, in id order.
  Result<std::vector<storage::DeviceLotRecord>> DeviceLots(const Request& request);
  // Admin and clinicians: a recall: every charted session that used `lot` (its chart's or an
  // amendment's), with its patient, in session order; a page of `limit` after session `after`.
  Result<std::vector<storage::SessionLotRecord>> SessionsWithLot(const Request& request, const std::string& lot,
                                                                 int limit, storage::Id after);
  // Clinician: records an adverse event of the patient. Required: type (one of the protocol's
  // adverse_events types), severity (mild | moderate | severe), onset_on; outcome defaults to
  // ongoing; resolved_on is required for a resolved outcome and not before the onset; a session
  // must be the patient's (its lot is taken when none is given). kInvalidArgument naming the
  // field. Audited.
  Result<storage::AdverseEventRecord> RecordAdverseEvent(const Request& request, storage::Id patient_id,
                                                         const AdverseEventDraft& draft);
  // Clinician: the same in one step from an alert, prefilled from it: its patient, the type the
  // protocol gives its code, the day it was raised as the onset, its session (else the patient's
  // last session before it) and that session's lot. What `draft` gives wins.
  Result<storage::AdverseEventRecord> RecordAdverseEventFromAlert(const Request& request, storage::Id alert_id,
                                                                  const AdverseEventDraft& draft);
  // Admin and clinicians: the register, newest first, of one patient or the whole clinic; a page
  // of `limit` before event id `before` (0: from the newest).
  Result<std::vector<storage::AdverseEventRecord>> ListAdverseEvents(const Request& request,
                                                                     std::optional<storage::Id> patient_id, int limit,
                                                                     storage::Id before);
  // Clinician: the course of an event (treatment, outcome, resolved_on, notes; absent ones
  // stay). kFailedPrecondition (field If-Match) when `expected_version` is stale.
  Result<storage::AdverseEventRecord> UpdateAdverseEvent(const Request& request, storage::Id event_id,
                                                         int64_t expected_version, const AdverseEventDraft& change);

 private:
  // The patient of an appointment (kNotFound when there is no such appointment).
  Result<storage::Id> AppointmentPatient(storage::Id appointment_id);
  // The end of the patient's last charted session (an audited read); kConflict when none.
  Result<Timestamp> LastSessionEnd(const Request& request, storage::Id patient_id);

  RecordsService& clinic_;  // re-screens through the records service
  RecordAccess& access_;
  const domain::Protocol& protocol_;
  ClinicContact contact_;
};

}  // namespace scarwise::service
