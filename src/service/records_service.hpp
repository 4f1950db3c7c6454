#pragma once

// The records service: patients, the clinical record (assessments, screenings), treatment
// plans and the audit log. Each use case authorises the actor, runs in one storage
// transaction, appends its audit entry in that same transaction, and commits: a use case
// that fails leaves nothing behind. Inputs are already-decoded domain values (the HTTP and
// CLI layers decode); errors are values with transport-free codes. Bodies: records_service.cpp.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/outcome/reassessment.hpp"
#include "domain/protocol.hpp"
#include "domain/review.hpp"
#include "interop/csv/patient_rows.hpp"
#include "interop/fhir/fhir_export.hpp"
#include "service/access_policy.hpp"
#include "service/precautions.hpp"
#include "service/record_access.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

struct AssessmentOutcome {
  storage::AssessmentRecord record;
  domain::QuantitativeScore score;
  int qualitative_grade = 0;
};

// One re-assessment of a course, as the progress views show it.
struct ProgressPoint {
  storage::Id id = 0;
  domain::Reassessment reassessment;
  storage::Instant recorded_at{};
  int quantitative = 0;
  int qualitative_grade = 0;
  std::optional<int> ecca_total;
  std::optional<double> improvement_pct;
};

// One adverse event of the register (issue 19) recorded during a course, as the outcome record
// and the course summary show it (RecordsService::CourseAdverseEvents).
struct CourseAdverseEvent {
  Date date{};              // its onset
  std::string description;  // the protocol's label for its type
  std::string severity;     // mild | moderate | severe
  std::string outcome;      // ongoing | resolved | resolved_with_sequelae | unknown
};

// A patient's course under their latest approved plan: the baseline, every re-assessment,
// and where the course stands against the outcome model's prediction.
struct CourseProgressView {
  storage::Id patient_id = 0;
  std::string patient_name;  // given and family name
  int interval_days = 0;
  storage::Id plan_id = 0;
  int sessions = 0;
  int baseline_quantitative = 0;
  int baseline_grade = 0;
  Date baseline_date{};
  std::vector<ProgressPoint> points;  // oldest first
  domain::AdherenceCounts adherence;  // aftercare during the course (from check-ins and no-shows)
  domain::CourseProgress progress;
  std::vector<CourseAdverseEvent> adverse_events;  // recorded during the course, oldest first
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
  // Clinician only. `expected_version` absent: the current one. kUnprocessable (field
  // "precautions") naming each of the plan's precautions not yet recorded.
  Result<storage::PlanRecord> ApprovePlan(const Request& request, storage::Id plan_id,
                                          std::optional<int64_t> expected_version);

  // ---- progress and outcome (records_progress.cpp) ----
  // Clinician: a re-assessment of the patient's course under their latest approved plan
  // (kConflict when there is none), scored as at the consultation (and ECCA when given);
  // kInvalidArgument (field "after_session") beyond the plan's sessions, or 0 at a follow-up.
  Result<CourseProgressView> RecordReassessment(const Request& request, storage::Id patient_id,
                                                const domain::Reassessment& reassessment);
  // Staff (not the front desk) and the patient: the course against the prediction, the
  // behind check computed here on the server. kNotFound when the patient has no approved plan.
  Result<CourseProgressView> Progress(const Request& request, storage::Id patient_id);
  // Clinician and admin: every course that is behind, for the dashboard.
  Result<std::vector<CourseProgressView>> BehindCourses(const Request& request);
  // The outcome record's adverse events of a course: the register's events of the plan's
  // sessions, or with an onset from the day the plan was approved.
  Result<std::vector<CourseAdverseEvent>> CourseAdverseEvents(storage::Transaction& tx, storage::Id patient_id,
                                                              storage::Id plan_id) const;
  // ---- precautions (issue 19 §2) ----
  // Clinician: records precaution `code` for the plan, with what the precaution asks for
  // (`details_json`, an object: interop::CheckPrecautionDetails names a wrong field
  // "details.KEY"). The code is one of the plan's precautions or any precaution of the
  // protocol (a pre-session screening may raise a new one). kAlreadyExists (field "code")
  // when it is recorded already. Audited; kept with who and when.
  Result<storage::PrecautionRecord> RecordPrecaution(const Request& request, storage::Id plan_id,
                                                     const std::string& code, const std::string& details_json);
  // Admin, clinician and the patient (own plan; as for screenings): the plan's precautions
  // with their records.
  Result<std::vector<PlanPrecaution>> PlanPrecautions(const Request& request, storage::Id plan_id);
  // ---- exports (records_export.cpp) ----
  // The patient's whole course as a FHIR R4 Bundle of type collection (JSON text; docs/fhir.md).
  // Staff, or the patient their own; audited as record.export. Without an actor: the console.
  Result<std::string> FhirBundle(const Request& request, storage::Id patient_id);
  // Every patient's course as FHIR resources with relative references (FHIR Bulk Data), one
  // patient after another in one read-only snapshot: `each` is given each patient's
  // resources (the shared Practitioner, Location, Device and Questionnaire resources only the
  // first time), `progress` how many patients are done of how many. Returns the number of
  // patients. Without an actor: the console (the command line, which holds the database).
  using ResourceSink = std::function<Result<void>(const std::vector<interop::fhir::Resource>&)>;
  Result<int64_t> ExportClinicFhir(const Request& request, const ResourceSink& each,
                                   const std::function<void(int64_t done, int64_t total)>& progress = {});

  // CSV exports (RFC 4180, UTF-8, a header row, formula injection neutralised:
  // interop/csv/csv.hpp), each one small function; admin and clinician (the audit log: admin).
  // Adverse events and outcomes per course are one function each here when those records exist.
  Result<std::string> PatientsCsv(const Request& request);
  // Appointments starting in [from, to), booked or not.
  Result<std::string> AppointmentsCsv(const Request& request, storage::Instant from, storage::Instant to);
  // Sessions that ended in [from, to).
  Result<std::string> SessionsCsv(const Request& request, storage::Instant from, storage::Instant to);
  Result<std::string> AuditCsv(const Request& request);
  // The adverse-event register, oldest first (admin and clinician; the console).
  Result<std::string> AdverseEventsCsv(const Request& request);
  // One row per course (each patient's latest approved plan): the baseline, the latest
  // re-assessment and improvement, the course's status against the outcome model, its
  // sessions charted and adverse events (admin and clinician; the console).
  Result<std::string> OutcomesCsv(const Request& request);

  // ---- import (records_import.cpp) ----
  // How an import writes: not at all (the dry run), only when every row is valid, or the
  // valid rows (the invalid ones are reported and left out).
  enum class ImportMode { kDryRun, kAllValid, kValidRows };
  struct ImportDuplicate {
    int64_t line = 0;
    std::string reason;  // "same name and birth date as patient 12", "same e-mail as line 4"
  };
  struct PatientImport {
    int64_t rows = 0;
    int64_t valid = 0;  // rows without a problem that are no duplicate
    std::vector<interop::csv::RowProblem> problems;
    std::vector<ImportDuplicate> duplicates;  // reported, never created
    std::vector<storage::Id> created;         // empty unless written
    bool written = false;
  };
  // Patients from a CSV file (interop/csv/patient_rows.hpp), admin only; a duplicate (same
  // name and birth date, or same e-mail, as a patient on record or an earlier row) is
  // reported and not created. Every patient created is audited (patient.import) with its
  // history, all in one transaction. kInvalidArgument for a file that is not a patient list.
  Result<PatientImport> ImportPatients(const Request& request, std::string_view csv_text, ImportMode mode);

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
  // The course of a patient under their latest approved plan, from the stored records.
  Result<CourseProgressView> Course(storage::Transaction& tx, storage::Id patient_id) const;
  // What the FHIR export of `patients` (ascending ids, and every patient of the store
  // between the first and the last) is made of, read in `tx` with one statement per table
  // (storage's *Of(PatientIds) lists); `people` caches the users named.
  Result<std::vector<interop::fhir::Course>> ReadCourses(storage::Transaction& tx,
                                                         const std::vector<storage::PatientRecord>& patients,
                                                         const std::vector<storage::ResourceRecord>& resources,
                                                         std::map<storage::Id, interop::fhir::Person>& people) const;
  // The patient a plan belongs to (kNotFound when there is no such plan).
  Result<storage::Id> PlanPatient(storage::Id plan_id);

  storage::Store& store_;
  const domain::Protocol& protocol_;
  const Clock& clock_;
  RecordAccess& access_;
  bool require_treatment_consent_ = true;
};

}  // namespace scarwise::service
