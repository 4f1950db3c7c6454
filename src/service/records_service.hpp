#pragma once

// The records service: patients, the clinical record (assessments, screenings), treatment
// plans and the audit log. Each use case authorises the actor, runs in one storage
// transaction, appends its audit entry in that same transaction, and commits: a use case
// that fails leaves nothing behind. Inputs are already-decoded domain values (the HTTP and
// CLI layers decode); errors are values with transport-free codes. Bodies: records_service.cpp.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/protocol.hpp"
#include "domain/review.hpp"
#include "service/access_policy.hpp"
#include "service/record_access.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

struct AssessmentOutcome {
  storage::AssessmentRecord record;
  domain::QuantitativeScore score;
  int qualitative_grade = 0;
};

struct ScreeningOutcome {
  storage::ScreeningRecord record;
  domain::ConsultationReview review;  // scores, decision, and the plan it would allow
};

class RecordsService {
 public:
  // `access`: the store's shared RecordAccess (AccountsService::access()).
  RecordsService(RecordAccess& access, const domain::Protocol& protocol, const Clock& clock);
  // Approving a plan needs the patient's current treatment consent (issue 22), unless the
  // operator turned the check off (`scarwise serve --consent-before-approval off`, for a
  // client that predates consent): kUnprocessable (field "consent") naming it.
  void RequireTreatmentConsent(bool required) { require_treatment_consent_ = required; }

  // ---- patients ----
  Result<storage::PatientRecord> CreatePatient(const Request& request, const domain::PatientDetails& details,
                                               const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  Result<storage::PatientPage> ListPatients(const Request& request, const storage::PatientQuery& query);
  Result<storage::PatientRecord> ReadPatient(const Request& request, storage::Id patient_id);
  // The same without waiting (for the HTTP API): `then` is told on the group commit's
  // telling thread once the read's audit entry is durable.
  void ReadPatient(const Request& request, storage::Id patient_id, Then<storage::PatientRecord> then);
  // `change` turns the current details into the new ones (it may fail with a field error).
  // kFailedPrecondition when `expected_version` is stale.
  using PatientChange = std::function<Result<domain::PatientDetails>(const domain::PatientDetails&)>;
  Result<storage::PatientRecord> UpdatePatient(const Request& request, storage::Id patient_id, int64_t expected_version,
                                               const PatientChange& change);
  // Every recorded version of a patient record: who changed it, when, and the record after
  // the change (staff only).
  Result<std::vector<storage::HistoryRecord>> PatientHistory(const Request& request, storage::Id patient_id);

  // ---- the clinical record ----
  // The assessment is stored (in the API's JSON shape) beside the engine's result.
  // With an idempotency key, a retry gets the record the first request created.
  Result<AssessmentOutcome> RecordAssessment(const Request& request, storage::Id patient_id,
                                             const domain::ScarAssessment& assessment,
                                             const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  // The same without waiting: scored and encoded on the calling thread, stored in the group
  // commit's next batch, `then` told on its telling thread once durable.
  void RecordAssessment(const Request& request, storage::Id patient_id, const domain::ScarAssessment& assessment,
                        const std::optional<IdempotencyKey>& idempotency, Then<AssessmentOutcome> then);
  // The engine's score of a scar assessment, nothing stored (the consultation form's live
  // score). Same permission as recording one.
  Result<domain::QuantitativeScore> PreviewAssessment(const Request& request, const domain::ScarAssessment& assessment);
  // Screens the answers against the patient's latest assessment (kConflict when there is
  // none yet: record the scar assessment first). With an idempotency key, a retry gets the
  // screening the first request recorded, reviewed against the same assessment.
  Result<ScreeningOutcome> RecordScreening(const Request& request, storage::Id patient_id,
                                           const domain::MedicalHistory& history,
                                           const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  Result<std::vector<storage::AssessmentRecord>> ListAssessments(const Request& request, storage::Id patient_id);
  Result<std::vector<storage::ScreeningRecord>> ListScreenings(const Request& request, storage::Id patient_id);

  // ---- plans ----
  // Proposes a plan from the latest assessment and screening. kConflict when either is
  // missing or the screening does not allow treatment (defer, not suitable). With an
  // idempotency key, a retry gets the plan the first request proposed, as it is now.
  Result<storage::PlanRecord> ProposePlan(const Request& request, storage::Id patient_id,
                                          const std::optional<IdempotencyKey>& idempotency = std::nullopt);
  Result<storage::PlanRecord> ReadPlan(const Request& request, storage::Id plan_id);
  Result<std::vector<storage::PlanRecord>> ListPlans(const Request& request, storage::Id patient_id);
  // A clinician's change to a proposed plan, within the protocol's bounds (clinician only).
  // kFailedPrecondition (field If-Match) when `expected_version` is stale; kConflict when
  // the plan is approved or was proposed under another protocol version; kInvalidArgument
  // naming the field when a value is out of bounds.
  Result<storage::PlanRecord> AdjustPlan(const Request& request, storage::Id plan_id, int64_t expected_version,
                                         const domain::PlanAdjustment& adjustment);
  // Plans in one status across all patients, in id order (staff only): the dashboard's
  // plans waiting for approval or booking.
  Result<std::vector<storage::PlanRecord>> ListPlansByStatus(const Request& request, storage::PlanStatus status,
                                                             int limit, storage::Id after_id);
  // Clinician only. `expected_version` absent: the current one.
  Result<storage::PlanRecord> ApprovePlan(const Request& request, storage::Id plan_id,
                                          std::optional<int64_t> expected_version);

  // ---- audit ----
  Result<storage::AuditPage> ReadAudit(const Request& request, const storage::AuditQuery& query);

  const domain::Protocol& protocol() const { return protocol_; }
  // The shared use-case machinery of the store this service writes to.
  RecordAccess& access() { return access_; }
  // Today's date (UTC), from the service's clock: the limit for birth dates.
  Date Today() const { return std::chrono::floor<std::chrono::days>(clock_.Now()); }

 private:
  storage::Instant Now() const { return clock_.Now(); }
  // The engine's review of a consultation: the patient, their answers and an assessment as
  // stored.
  Result<domain::ConsultationReview> Review(const storage::PatientRecord& patient, domain::MedicalHistory history,
                                            const storage::AssessmentRecord& assessment) const;
  // A screening as recorded, with the review of the assessment it was made against: the
  // patient's latest assessment recorded before it.
  Result<ScreeningOutcome> RecordedScreening(storage::Transaction& tx, storage::Id screening_id) const;
  // The patient a plan belongs to (kNotFound when there is no such plan).
  Result<storage::Id> PlanPatient(storage::Id plan_id);

  storage::Store& store_;
  const domain::Protocol& protocol_;
  const Clock& clock_;
  RecordAccess& access_;
  bool require_treatment_consent_ = true;
};

}  // namespace scarwise::service
