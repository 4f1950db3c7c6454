// RecordsService (service/records_service.hpp): patients, the clinical record, plans and the
// audit log. The accounts service is in accounts_service.cpp and accounts_two_factor.cpp.
#include "service/records_service.hpp"

#include <algorithm>

#include "interop/json/plan_codec.hpp"
#include "interop/json/record_documents.hpp"
#include "service/consent_service.hpp"
#include "service/credentials.hpp"
#include "storage/snapshots.hpp"

namespace scarwise::service {

using storage::Id;
using storage::Instant;
using storage::Transaction;

namespace {

// What the outcome model's prediction depends on for a plan: the grade, score and scar mix of
// the assessment it was proposed from, the patient's skin type, the plan's interval.
Result<domain::PredictionInputs> PredictionInputsOf(Transaction& tx, const domain::Protocol& protocol,
                                                    const storage::PlanRecord& plan, int interval_days) {
  SCARWISE_ASSIGN_OR_RETURN(auto assessment, tx.Evaluations().FindAssessment(plan.assessment_id));
  SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(plan.patient_id));
  auto scars = interop::ScarAssessmentFromDocument(assessment.input_json);
  if (!scars) return Unexpected(Internal("stored assessment is unreadable"));
  const domain::Consultation consultation{
      {patient.details.birth_date, patient.details.fitzpatrick}, {}, std::move(*scars)};
  const int score = domain::ScoreQuantitative(protocol.scoring, consultation.assessment).total;
  return domain::PredictionInputsFrom(domain::ComputeFacts(consultation, protocol.scoring, score), interval_days);
}

}  // namespace

RecordsService::RecordsService(RecordAccess& access, const domain::Protocol& protocol, const Clock& clock)
    : store_(access.store()), protocol_(protocol), clock_(clock), access_(access) {}

Result<Id> RecordsService::PlanPatient(Id plan_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
  SCARWISE_ASSIGN_OR_RETURN(auto plan, tx->Plans().Find(plan_id));
  return plan.patient_id;
}

// ---- patients ---------------------------------------------------------------------------

Result<storage::PatientRecord> RecordsService::CreatePatient(const Request& request,
                                                             const domain::PatientDetails& details,
                                                             const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPatientCreate));
  const Instant now = Now();
  return access_.Write<storage::PatientRecord>([&](Transaction& tx) -> Result<storage::PatientRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
    if (earlier) return tx.Patients().Find(*earlier);
    SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Patients().Create({details, now}));
    auto created = tx.Patients().Find(id);
    if (!created) return created;
    SCARWISE_RETURN_IF_ERROR(tx.History().Append(
        {"patient", id, created->version, request.actor->user_id, now, storage::PatientSnapshotJson(*created)}));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, id, now));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPatientCreate, "patient", id));
    return created;
  });
}

Result<storage::PatientPage> RecordsService::ListPatients(const Request& request, const storage::PatientQuery& query) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPatientList));
  return access_.ReadThenAudit<storage::PatientPage>(request, Action::kPatientList, "patient", std::nullopt,
                                                     [&](Transaction& tx) -> Result<storage::PatientPage> {
                                                       auto page = tx.Patients().List(query);
                                                       if (!page) return page;
                                                       return page;
                                                     });
}

Result<storage::PatientRecord> RecordsService::ReadPatient(const Request& request, Id patient_id) {
  return Await<storage::PatientRecord>(
      [&](Then<storage::PatientRecord> then) { ReadPatient(request, patient_id, std::move(then)); });
}

void RecordsService::ReadPatient(const Request& request, Id patient_id, Then<storage::PatientRecord> then) {
  if (!access_.Permitted(request, Action::kPatientRead, patient_id, then)) return;
  access_.ReadThen<storage::PatientRecord>(
      request, Action::kPatientRead, "patient", patient_id,
      [patient_id](Transaction& tx) { return tx.Patients().Find(patient_id); }, std::move(then));
}

Result<storage::PatientRecord> RecordsService::UpdatePatient(const Request& request, Id patient_id,
                                                             int64_t expected_version, const PatientChange& change) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPatientUpdate, patient_id));
  const Instant now = Now();
  return access_.Write<storage::PatientRecord>([&](Transaction& tx) -> Result<storage::PatientRecord> {
    auto current = tx.Patients().Find(patient_id);
    if (!current) return current;
    if (current->version != expected_version) {
      return Unexpected(FailedPrecondition("If-Match", "the patient was changed by someone else; reload it (version " +
                                                           std::to_string(current->version) + ")"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto details, change(current->details));
    auto updated = tx.Patients().Update(patient_id, expected_version, details, now);
    if (!updated) return updated;
    SCARWISE_RETURN_IF_ERROR(tx.History().Append({"patient", patient_id, updated->version, request.actor->user_id, now,
                                                  storage::PatientSnapshotJson(*updated)}));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPatientUpdate, "patient", patient_id));
    return updated;
  });
}

Result<std::vector<storage::HistoryRecord>> RecordsService::PatientHistory(const Request& request, Id patient_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kHistoryRead, patient_id));
  return access_.ReadThenAudit<std::vector<storage::HistoryRecord>>(
      request, Action::kHistoryRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::HistoryRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        return tx.History().List("patient", patient_id);
      });
}

// ---- the clinical record ------------------------------------------------------------------

Result<AssessmentOutcome> RecordsService::RecordAssessment(const Request& request, Id patient_id,
                                                           const domain::ScarAssessment& assessment,
                                                           const std::optional<IdempotencyKey>& idempotency) {
  return Await<AssessmentOutcome>([&](Then<AssessmentOutcome> then) {
    RecordAssessment(request, patient_id, assessment, idempotency, std::move(then));
  });
}

void RecordsService::RecordAssessment(const Request& request, Id patient_id, const domain::ScarAssessment& assessment,
                                      const std::optional<IdempotencyKey>& idempotency, Then<AssessmentOutcome> then) {
  if (!access_.Permitted(request, Action::kAssessmentCreate, patient_id, then)) return;
  const domain::QuantitativeScore score = domain::ScoreQuantitative(protocol_.scoring, assessment);
  // The documents are built here, not in the unit of work: units run one at a time.
  auto stored = std::make_shared<storage::NewAssessment>(
      storage::NewAssessment{patient_id, request.actor->user_id, Now(), interop::ScarAssessmentDocument(assessment),
                             interop::AssessmentResultDocument(score, assessment.qualitative_grade)});
  // A retry with the same key is answered with the first request's record (and audited as
  // the request it is).
  access_.WriteThen<storage::AssessmentRecord>(
      [stored, date = assessment.date, idempotency](Transaction& tx) -> Result<storage::AssessmentRecord> {
        SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, stored->created_by, idempotency));
        if (earlier) return tx.Evaluations().FindAssessment(*earlier);
        SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(stored->patient_id));
        if (date < patient.details.birth_date) {
          return Unexpected(InvalidArgument("date", "is before the patient's birth date"));
        }
        SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Evaluations().CreateAssessment(*stored));
        SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, stored->created_by, idempotency, id, stored->created_at));
        // The record as stored (storage keeps the documents verbatim).
        return storage::AssessmentRecord{id,
                                         stored->patient_id,
                                         stored->created_by,
                                         stored->created_at,
                                         std::move(stored->input_json),
                                         std::move(stored->result_json)};
      },
      AuditEntry(request, stored->created_at, ActionName(Action::kAssessmentCreate), "patient", patient_id),
      Then<storage::AssessmentRecord>([score, grade = assessment.qualitative_grade,
                                       then = std::move(then)](Result<storage::AssessmentRecord> record) {
        if (!record) return then(Unexpected(std::move(record).error()));
        then(AssessmentOutcome{std::move(*record), score, grade});
      }));
}

Result<domain::QuantitativeScore> RecordsService::PreviewAssessment(const Request& request,
                                                                    const domain::ScarAssessment& assessment) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAssessmentCreate));
  return domain::ScoreQuantitative(protocol_.scoring, assessment);
}

Result<domain::ConsultationReview> RecordsService::Review(const storage::PatientRecord& patient,
                                                          domain::MedicalHistory history,
                                                          const storage::AssessmentRecord& assessment) const {
  auto scars = interop::ScarAssessmentFromDocument(assessment.input_json);
  if (!scars) return Unexpected(Internal("stored assessment is unreadable"));
  const domain::Consultation consultation{
      {patient.details.birth_date, patient.details.fitzpatrick}, std::move(history), std::move(*scars)};
  return domain::ReviewConsultation(protocol_, consultation);
}

Result<ScreeningOutcome> RecordsService::RecordedScreening(Transaction& tx, Id screening_id) const {
  SCARWISE_ASSIGN_OR_RETURN(auto record, tx.Evaluations().FindScreening(screening_id));
  SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(record.patient_id));
  auto history = interop::MedicalHistoryFromDocument(record.input_json, protocol_.screening.questions);
  if (!history) return Unexpected(Internal("stored screening is unreadable"));
  SCARWISE_ASSIGN_OR_RETURN(auto assessments, tx.Evaluations().ListAssessments(record.patient_id));
  const storage::AssessmentRecord* against = nullptr;
  for (const auto& assessment : assessments) {
    if (assessment.created_at <= record.created_at) against = &assessment;
  }
  if (against == nullptr) return Unexpected(Internal("the screened assessment is missing"));
  SCARWISE_ASSIGN_OR_RETURN(auto review, Review(patient, std::move(*history), *against));
  return ScreeningOutcome{std::move(record), std::move(review)};
}

Result<ScreeningOutcome> RecordsService::RecordScreening(const Request& request, Id patient_id,
                                                         const domain::MedicalHistory& history,
                                                         const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kScreeningCreate, patient_id));
  const Instant now = Now();
  return access_.Write<ScreeningOutcome>([&](Transaction& tx) -> Result<ScreeningOutcome> {
    // A retry is audited as the request it is.
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kScreeningCreate, "patient", patient_id));
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
    if (earlier) return RecordedScreening(tx, *earlier);
    SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
    auto latest = tx.Evaluations().LatestAssessment(patient_id);
    if (!latest) {
      if (latest.error().code != ErrorCode::kNotFound) return Unexpected(std::move(latest).error());
      return Unexpected(Conflict("record the scar assessment before the screening"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto review, Review(patient, history, *latest));
    SCARWISE_ASSIGN_OR_RETURN(
        auto id, tx.Evaluations().CreateScreening({patient_id, request.actor->user_id, now,
                                                   interop::MedicalHistoryDocument(history),
                                                   interop::ScreeningResultDocument(review.screening, protocol_.id)}));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, id, now));
    SCARWISE_ASSIGN_OR_RETURN(auto record, tx.Evaluations().FindScreening(id));
    return ScreeningOutcome{std::move(record), std::move(review)};
  });
}

Result<std::vector<storage::AssessmentRecord>> RecordsService::ListAssessments(const Request& request, Id patient_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAssessmentRead, patient_id));
  return access_.ReadThenAudit<std::vector<storage::AssessmentRecord>>(
      request, Action::kAssessmentRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::AssessmentRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        auto list = tx.Evaluations().ListAssessments(patient_id);
        if (!list) return list;
        return list;
      });
}

Result<std::vector<storage::ScreeningRecord>> RecordsService::ListScreenings(const Request& request, Id patient_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kScreeningRead, patient_id));
  return access_.ReadThenAudit<std::vector<storage::ScreeningRecord>>(
      request, Action::kScreeningRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::ScreeningRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        auto list = tx.Evaluations().ListScreenings(patient_id);
        if (!list) return list;
        return list;
      });
}

// ---- plans ------------------------------------------------------------------------------

Result<storage::PlanRecord> RecordsService::ProposePlan(const Request& request, Id patient_id,
                                                        const std::optional<IdempotencyKey>& idempotency) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPlanPropose, patient_id));
  const Instant now = Now();
  return access_.Write<storage::PlanRecord>([&](Transaction& tx) -> Result<storage::PlanRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto earlier, EarlierCreation(tx, request.actor->user_id, idempotency));
    if (earlier) {
      auto plan = tx.Plans().Find(*earlier);
      if (!plan) return plan;
      SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPlanPropose, "plan", plan->id));
      return plan;
    }
    SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
    auto assessment_record = tx.Evaluations().LatestAssessment(patient_id);
    auto screening_record = tx.Evaluations().LatestScreening(patient_id);
    if (!assessment_record || !screening_record) {
      return Unexpected(Conflict("record an assessment and a screening first"));
    }
    auto history = interop::MedicalHistoryFromDocument(screening_record->input_json, protocol_.screening.questions);
    if (!history) return Unexpected(Internal("stored record is unreadable"));
    // A screening recorded before the protocol asked a question cannot clear the patient.
    if (const auto unanswered = domain::UnansweredQuestions(protocol_.screening.questions, *history);
        !unanswered.empty()) {
      std::string keys;
      for (const std::string& key : unanswered) keys += (keys.empty() ? "" : ", ") + key;
      return Unexpected(Conflict("the latest screening does not answer the protocol's questions " + keys +
                                 ": screen the patient again"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto review, Review(patient, std::move(*history), *assessment_record));
    if (!review.plan) {
      return Unexpected(Conflict("the screening decided '" +
                                 std::string(domain::DecisionName(review.screening.decision)) +
                                 "': no plan can be proposed"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto id,
                              tx.Plans().Create({patient_id, assessment_record->id, screening_record->id,
                                                 interop::ReviewDocument(review, protocol_.id), protocol_.id.name,
                                                 protocol_.id.version, request.actor->user_id, now}));
    auto plan = tx.Plans().Find(id);
    if (!plan) return plan;
    SCARWISE_RETURN_IF_ERROR(tx.History().Append(
        {"plan", id, plan->version, request.actor->user_id, now, storage::PlanSnapshotJson(*plan)}));
    SCARWISE_RETURN_IF_ERROR(RememberCreation(tx, request.actor->user_id, idempotency, id, now));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPlanPropose, "plan", id));
    return plan;
  });
}

Result<storage::PlanRecord> RecordsService::ReadPlan(const Request& request, Id plan_id) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_ASSIGN_OR_RETURN(auto owner, PlanPatient(plan_id));
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPlanRead, owner));
  return access_.ReadThenAudit<storage::PlanRecord>(request, Action::kPlanRead, "plan", plan_id,
                                                    [&](Transaction& tx) -> Result<storage::PlanRecord> {
                                                      auto plan = tx.Plans().Find(plan_id);
                                                      if (!plan) return plan;
                                                      return plan;
                                                    });
}

Result<std::vector<storage::PlanRecord>> RecordsService::ListPlans(const Request& request, Id patient_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPlanRead, patient_id));
  return access_.ReadThenAudit<std::vector<storage::PlanRecord>>(
      request, Action::kPlanRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::PlanRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        auto list = tx.Plans().List(patient_id);
        if (!list) return list;
        return list;
      });
}

Result<storage::PlanRecord> RecordsService::ApprovePlan(const Request& request, Id plan_id,
                                                        std::optional<int64_t> expected_version) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_ASSIGN_OR_RETURN(auto owner, PlanPatient(plan_id));
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPlanApprove, owner));
  const Instant now = Now();
  return access_.Write<storage::PlanRecord>([&](Transaction& tx) -> Result<storage::PlanRecord> {
    auto plan = tx.Plans().Find(plan_id);
    if (!plan) return plan;
    // The treatment consent first (issue 22), then the precautions (issue 19 §2).
    if (require_treatment_consent_) {
      SCARWISE_RETURN_IF_ERROR(RequireConsent(tx, plan->patient_id, domain::ConsentPurpose::kTreatment));
    }
    // A stale version or an approved plan is refused by Approve below; otherwise every
    // precaution must be recorded first.
    if (plan->status == storage::PlanStatus::kProposed && expected_version.value_or(plan->version) == plan->version) {
      SCARWISE_ASSIGN_OR_RETURN(auto precautions, PrecautionsOf(tx, protocol_, *plan));
      SCARWISE_RETURN_IF_ERROR(RequireRecorded(precautions, "approving the plan"));
    }
    auto approved = tx.Plans().Approve(plan_id, expected_version.value_or(plan->version), request.actor->user_id, now);
    if (!approved) return approved;
    SCARWISE_RETURN_IF_ERROR(tx.History().Append(
        {"plan", plan_id, approved->version, request.actor->user_id, now, storage::PlanSnapshotJson(*approved)}));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPlanApprove, "plan", plan_id));
    return approved;
  });
}

Result<storage::PlanRecord> RecordsService::AdjustPlan(const Request& request, Id plan_id, int64_t expected_version,
                                                       const domain::PlanAdjustment& adjustment) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_ASSIGN_OR_RETURN(auto owner, PlanPatient(plan_id));
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPlanAdjust, owner));
  const Instant now = Now();
  return access_.Write<storage::PlanRecord>([&](Transaction& tx) -> Result<storage::PlanRecord> {
    auto plan = tx.Plans().Find(plan_id);
    if (!plan) return plan;
    if (plan->version != expected_version) {
      return Unexpected(FailedPrecondition("If-Match", "the plan was changed by someone else; reload it (version " +
                                                           std::to_string(plan->version) + ")"));
    }
    if (plan->status != storage::PlanStatus::kProposed) {
      return Unexpected(Conflict("status", "an approved plan cannot be changed"));
    }
    if (plan->protocol_name != protocol_.id.name || plan->protocol_version != protocol_.id.version) {
      return Unexpected(Conflict("the plan was proposed under protocol " + plan->protocol_version +
                                 "; propose a new plan under the current one"));
    }
    auto proposal = interop::PlanFromReviewDocument(plan->proposal_json);
    if (!proposal) return Unexpected(Internal("stored plan is unreadable"));
    SCARWISE_ASSIGN_OR_RETURN(auto inputs, PredictionInputsOf(tx, protocol_, *plan, proposal->interval.target));
    SCARWISE_ASSIGN_OR_RETURN(auto adjusted,
                              domain::AdjustPlan(protocol_.planning, std::move(*proposal), adjustment, inputs));
    // A precaution's depth cap (bounds below the protocol's range) stays with the plan.
    const double cap = adjusted.bounds.max_depth_mm > 0 ? adjusted.bounds.max_depth_mm : 1e9;
    adjusted.bounds = {protocol_.planning.min_sessions, protocol_.planning.max_sessions,
                       std::min(protocol_.planning.depth_range.min_mm, cap),
                       std::min(protocol_.planning.depth_range.max_mm, cap)};
    auto document = interop::ReviewDocumentWithPlan(plan->proposal_json, adjusted);
    if (!document) return Unexpected(Internal("stored plan is unreadable"));
    auto revised = tx.Plans().ReviseProposal(plan_id, expected_version, *document, now);
    if (!revised) return revised;
    SCARWISE_RETURN_IF_ERROR(tx.History().Append(
        {"plan", plan_id, revised->version, request.actor->user_id, now, storage::PlanSnapshotJson(*revised)}));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPlanAdjust, "plan", plan_id));
    return revised;
  });
}

Result<std::vector<storage::PlanRecord>> RecordsService::ListPlansByStatus(const Request& request,
                                                                           storage::PlanStatus status, int limit,
                                                                           Id after_id) {
  // Listing across patients is a staff action, like listing the patients themselves.
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPatientList));
  return access_.ReadThenAudit<std::vector<storage::PlanRecord>>(
      request, Action::kPatientList, "plan", std::nullopt,
      [&](Transaction& tx) { return tx.Plans().ListByStatus(status, limit, after_id); });
}

// ---- precautions -------------------------------------------------------------------------

Result<storage::PrecautionRecord> RecordsService::RecordPrecaution(const Request& request, Id plan_id,
                                                                   const std::string& code,
                                                                   const std::string& details_json) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_ASSIGN_OR_RETURN(auto owner, PlanPatient(plan_id));
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPrecautionRecord, owner));
  const Instant now = Now();
  return access_.Write<storage::PrecautionRecord>([&](Transaction& tx) -> Result<storage::PrecautionRecord> {
    SCARWISE_ASSIGN_OR_RETURN(auto plan, tx.Plans().Find(plan_id));
    SCARWISE_ASSIGN_OR_RETURN(auto recording, RecordingFor(protocol_, plan, code));
    SCARWISE_ASSIGN_OR_RETURN(auto details, interop::CheckPrecautionDetails(details_json, recording));
    SCARWISE_ASSIGN_OR_RETURN(auto recorded, tx.Safety().ListPrecautions(plan_id));
    for (const auto& r : recorded) {
      if (r.record.code == code) return Unexpected(AlreadyExists("code", "this precaution is recorded already"));
    }
    const storage::NewPrecautionRecord record{plan_id, code, details, request.actor->user_id, now};
    SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Safety().RecordPrecaution(record));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPrecautionRecord, "plan", plan_id));
    return storage::PrecautionRecord{id, record};
  });
}

Result<std::vector<PlanPrecaution>> RecordsService::PlanPrecautions(const Request& request, Id plan_id) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_ASSIGN_OR_RETURN(auto owner, PlanPatient(plan_id));
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kScreeningRead, owner));
  return access_.ReadThenAudit<std::vector<PlanPrecaution>>(
      request, Action::kScreeningRead, "plan", plan_id, [&](Transaction& tx) -> Result<std::vector<PlanPrecaution>> {
        SCARWISE_ASSIGN_OR_RETURN(auto plan, tx.Plans().Find(plan_id));
        return PrecautionsOf(tx, protocol_, plan);
      });
}

// ---- audit ------------------------------------------------------------------------------

Result<storage::AuditPage> RecordsService::ReadAudit(const Request& request, const storage::AuditQuery& query) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAuditRead));
  SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
  return tx->AuditLog().List(query);
}

}  // namespace scarwise::service
