// RecordsService (service/records_service.hpp): patients, the clinical record, plans and the
// audit log. The accounts service is in clinic_accounts.cpp and clinic_two_factor.cpp.
#include "service/records_service.hpp"

#include <algorithm>

#include "interop/json/record_documents.hpp"
#include "service/credentials.hpp"
#include "storage/snapshots.hpp"

namespace scarwise::service {

using storage::Id;
using storage::Instant;
using storage::Transaction;

RecordsService::RecordsService(RecordAccess& access, const domain::Protocol& protocol, const Clock& clock)
    : store_(access.store()), protocol_(protocol), clock_(clock), access_(access) {}

Result<Id> RecordsService::PlanPatient(Id plan_id) {
  auto tx = store_.Begin(storage::TransactionMode::kReadOnly);
  if (!tx) return Unexpected(std::move(tx).error());
  auto plan = (*tx)->FindPlan(plan_id);
  if (!plan) return Unexpected(std::move(plan).error());
  return plan->patient_id;
}

// ---- patients ---------------------------------------------------------------------------

Result<storage::PatientRecord> RecordsService::CreatePatient(const Request& request,
                                                             const domain::PatientDetails& details,
                                                             const std::optional<IdempotencyKey>& idempotency) {
  if (auto allowed = access_.Permit(request, Action::kPatientCreate); !allowed) return Unexpected(allowed.error());
  const Instant now = Now();
  return access_.Write<storage::PatientRecord>([&](Transaction& tx) -> Result<storage::PatientRecord> {
    auto earlier = EarlierCreation(tx, request.actor->user_id, idempotency);
    if (!earlier) return Unexpected(std::move(earlier).error());
    if (*earlier) return tx.FindPatient(**earlier);
    auto id = tx.CreatePatient({details, now});
    if (!id) return Unexpected(std::move(id).error());
    auto created = tx.FindPatient(*id);
    if (!created) return created;
    auto history = tx.AppendHistory(
        {"patient", *id, created->version, request.actor->user_id, now, storage::PatientSnapshotJson(*created)});
    if (!history) return Unexpected(std::move(history).error());
    if (auto remembered = RememberCreation(tx, request.actor->user_id, idempotency, *id, now); !remembered) {
      return Unexpected(remembered.error());
    }
    if (auto a = Audit(tx, request, now, Action::kPatientCreate, "patient", *id); !a) return Unexpected(a.error());
    return created;
  });
}

Result<storage::PatientPage> RecordsService::ListPatients(const Request& request, const storage::PatientQuery& query) {
  if (auto allowed = access_.Permit(request, Action::kPatientList); !allowed) return Unexpected(allowed.error());
  return access_.ReadThenAudit<storage::PatientPage>(request, Action::kPatientList, "patient", std::nullopt,
                                                     [&](Transaction& tx) -> Result<storage::PatientPage> {
                                                       auto page = tx.ListPatients(query);
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
      [patient_id](Transaction& tx) { return tx.FindPatient(patient_id); }, std::move(then));
}

Result<storage::PatientRecord> RecordsService::UpdatePatient(const Request& request, Id patient_id,
                                                             int64_t expected_version, const PatientChange& change) {
  if (auto allowed = access_.Permit(request, Action::kPatientUpdate, patient_id); !allowed) {
    return Unexpected(allowed.error());
  }
  const Instant now = Now();
  return access_.Write<storage::PatientRecord>([&](Transaction& tx) -> Result<storage::PatientRecord> {
    auto current = tx.FindPatient(patient_id);
    if (!current) return current;
    if (current->version != expected_version) {
      return Unexpected(
          Error{ErrorCode::kFailedPrecondition,
                "the patient was changed by someone else; reload it (version " + std::to_string(current->version) + ")",
                "If-Match"});
    }
    auto details = change(current->details);
    if (!details) return Unexpected(std::move(details).error());
    auto updated = tx.UpdatePatient(patient_id, expected_version, *details, now);
    if (!updated) return updated;
    auto history = tx.AppendHistory(
        {"patient", patient_id, updated->version, request.actor->user_id, now, storage::PatientSnapshotJson(*updated)});
    if (!history) return Unexpected(std::move(history).error());
    if (auto a = Audit(tx, request, now, Action::kPatientUpdate, "patient", patient_id); !a) {
      return Unexpected(a.error());
    }
    return updated;
  });
}

Result<std::vector<storage::HistoryRecord>> RecordsService::PatientHistory(const Request& request, Id patient_id) {
  if (auto allowed = access_.Permit(request, Action::kHistoryRead, patient_id); !allowed)
    return Unexpected(allowed.error());
  return access_.ReadThenAudit<std::vector<storage::HistoryRecord>>(
      request, Action::kHistoryRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::HistoryRecord>> {
        if (auto patient = tx.FindPatient(patient_id); !patient) return Unexpected(std::move(patient).error());
        return tx.ListHistory("patient", patient_id);
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
        auto earlier = EarlierCreation(tx, stored->created_by, idempotency);
        if (!earlier) return Unexpected(std::move(earlier).error());
        if (*earlier) return tx.FindAssessment(**earlier);
        auto patient = tx.FindPatient(stored->patient_id);
        if (!patient) return Unexpected(std::move(patient).error());
        if (date < patient->details.birth_date) {
          return Unexpected(InvalidArgument("date", "is before the patient's birth date"));
        }
        auto id = tx.CreateAssessment(*stored);
        if (!id) return Unexpected(std::move(id).error());
        if (auto remembered = RememberCreation(tx, stored->created_by, idempotency, *id, stored->created_at);
            !remembered) {
          return Unexpected(remembered.error());
        }
        // The record as stored (storage keeps the documents verbatim).
        return storage::AssessmentRecord{*id,
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
  if (auto allowed = access_.Permit(request, Action::kAssessmentCreate); !allowed) return Unexpected(allowed.error());
  return domain::ScoreQuantitative(protocol_.scoring, assessment);
}

Result<domain::ConsultationReview> RecordsService::Review(const storage::PatientRecord& patient,
                                                          domain::MedicalHistory history,
                                                          const storage::AssessmentRecord& assessment) const {
  auto scars = interop::ScarAssessmentFromDocument(assessment.input_json);
  if (!scars) return Unexpected(Error{ErrorCode::kInternal, "stored assessment is unreadable", ""});
  const domain::Consultation consultation{
      {patient.details.birth_date, patient.details.fitzpatrick}, std::move(history), std::move(*scars)};
  return domain::ReviewConsultation(protocol_, consultation);
}

Result<ScreeningOutcome> RecordsService::RecordedScreening(Transaction& tx, Id screening_id) const {
  auto record = tx.FindScreening(screening_id);
  if (!record) return Unexpected(std::move(record).error());
  auto patient = tx.FindPatient(record->patient_id);
  if (!patient) return Unexpected(std::move(patient).error());
  auto history = interop::MedicalHistoryFromDocument(record->input_json, protocol_.screening.questions);
  if (!history) return Unexpected(Error{ErrorCode::kInternal, "stored screening is unreadable", ""});
  auto assessments = tx.ListAssessments(record->patient_id);
  if (!assessments) return Unexpected(std::move(assessments).error());
  const storage::AssessmentRecord* against = nullptr;
  for (const auto& assessment : *assessments) {
    if (assessment.created_at <= record->created_at) against = &assessment;
  }
  if (against == nullptr) return Unexpected(Error{ErrorCode::kInternal, "the screened assessment is missing", ""});
  auto review = Review(*patient, std::move(*history), *against);
  if (!review) return Unexpected(std::move(review).error());
  return ScreeningOutcome{std::move(*record), std::move(*review)};
}

Result<ScreeningOutcome> RecordsService::RecordScreening(const Request& request, Id patient_id,
                                                         const domain::MedicalHistory& history,
                                                         const std::optional<IdempotencyKey>& idempotency) {
  if (auto allowed = access_.Permit(request, Action::kScreeningCreate, patient_id); !allowed) {
    return Unexpected(allowed.error());
  }
  const Instant now = Now();
  return access_.Write<ScreeningOutcome>([&](Transaction& tx) -> Result<ScreeningOutcome> {
    // A retry is audited as the request it is.
    if (auto a = Audit(tx, request, now, Action::kScreeningCreate, "patient", patient_id); !a) {
      return Unexpected(a.error());
    }
    auto earlier = EarlierCreation(tx, request.actor->user_id, idempotency);
    if (!earlier) return Unexpected(std::move(earlier).error());
    if (*earlier) return RecordedScreening(tx, **earlier);
    auto patient = tx.FindPatient(patient_id);
    if (!patient) return Unexpected(std::move(patient).error());
    auto latest = tx.LatestAssessment(patient_id);
    if (!latest) {
      if (latest.error().code != ErrorCode::kNotFound) return Unexpected(std::move(latest).error());
      return Unexpected(Error{ErrorCode::kConflict, "record the scar assessment before the screening", ""});
    }
    auto review = Review(*patient, history, *latest);
    if (!review) return Unexpected(std::move(review).error());
    auto id = tx.CreateScreening({patient_id, request.actor->user_id, now, interop::MedicalHistoryDocument(history),
                                  interop::ScreeningResultDocument(review->screening, protocol_.id)});
    if (!id) return Unexpected(std::move(id).error());
    if (auto remembered = RememberCreation(tx, request.actor->user_id, idempotency, *id, now); !remembered) {
      return Unexpected(remembered.error());
    }
    auto record = tx.FindScreening(*id);
    if (!record) return Unexpected(std::move(record).error());
    return ScreeningOutcome{std::move(*record), std::move(*review)};
  });
}

Result<std::vector<storage::AssessmentRecord>> RecordsService::ListAssessments(const Request& request, Id patient_id) {
  if (auto allowed = access_.Permit(request, Action::kAssessmentRead, patient_id); !allowed) {
    return Unexpected(allowed.error());
  }
  return access_.ReadThenAudit<std::vector<storage::AssessmentRecord>>(
      request, Action::kAssessmentRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::AssessmentRecord>> {
        if (auto patient = tx.FindPatient(patient_id); !patient) return Unexpected(std::move(patient).error());
        auto list = tx.ListAssessments(patient_id);
        if (!list) return list;
        return list;
      });
}

Result<std::vector<storage::ScreeningRecord>> RecordsService::ListScreenings(const Request& request, Id patient_id) {
  if (auto allowed = access_.Permit(request, Action::kScreeningRead, patient_id); !allowed) {
    return Unexpected(allowed.error());
  }
  return access_.ReadThenAudit<std::vector<storage::ScreeningRecord>>(
      request, Action::kScreeningRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::ScreeningRecord>> {
        if (auto patient = tx.FindPatient(patient_id); !patient) return Unexpected(std::move(patient).error());
        auto list = tx.ListScreenings(patient_id);
        if (!list) return list;
        return list;
      });
}

// ---- plans ------------------------------------------------------------------------------

Result<storage::PlanRecord> RecordsService::ProposePlan(const Request& request, Id patient_id,
                                                        const std::optional<IdempotencyKey>& idempotency) {
  if (auto allowed = access_.Permit(request, Action::kPlanPropose, patient_id); !allowed) {
    return Unexpected(allowed.error());
  }
  const Instant now = Now();
  return access_.Write<storage::PlanRecord>([&](Transaction& tx) -> Result<storage::PlanRecord> {
    auto earlier = EarlierCreation(tx, request.actor->user_id, idempotency);
    if (!earlier) return Unexpected(std::move(earlier).error());
    if (*earlier) {
      auto plan = tx.FindPlan(**earlier);
      if (!plan) return plan;
      if (auto a = Audit(tx, request, now, Action::kPlanPropose, "plan", plan->id); !a) return Unexpected(a.error());
      return plan;
    }
    auto patient = tx.FindPatient(patient_id);
    if (!patient) return Unexpected(std::move(patient).error());
    auto assessment_record = tx.LatestAssessment(patient_id);
    auto screening_record = tx.LatestScreening(patient_id);
    if (!assessment_record || !screening_record) {
      return Unexpected(Error{ErrorCode::kConflict, "record an assessment and a screening first", ""});
    }
    auto history = interop::MedicalHistoryFromDocument(screening_record->input_json, protocol_.screening.questions);
    if (!history) return Unexpected(Error{ErrorCode::kInternal, "stored record is unreadable", ""});
    // A screening recorded before the protocol asked a question cannot clear the patient.
    if (const auto unanswered = domain::UnansweredQuestions(protocol_.screening.questions, *history);
        !unanswered.empty()) {
      std::string keys;
      for (const std::string& key : unanswered) keys += (keys.empty() ? "" : ", ") + key;
      return Unexpected(Conflict("the latest screening does not answer the protocol's questions " + keys +
                                 ": screen the patient again"));
    }
    auto review = Review(*patient, std::move(*history), *assessment_record);
    if (!review) return Unexpected(std::move(review).error());
    if (!review->plan) {
      return Unexpected(Error{ErrorCode::kConflict,
                              "the screening decided '" +
                                  std::string(domain::DecisionName(review->screening.decision)) +
                                  "': no plan can be proposed",
                              ""});
    }
    auto id = tx.CreatePlan({patient_id, assessment_record->id, screening_record->id,
                             interop::ReviewDocument(*review, protocol_.id), protocol_.id.name, protocol_.id.version,
                             request.actor->user_id, now});
    if (!id) return Unexpected(std::move(id).error());
    auto plan = tx.FindPlan(*id);
    if (!plan) return plan;
    auto history_entry =
        tx.AppendHistory({"plan", *id, plan->version, request.actor->user_id, now, storage::PlanSnapshotJson(*plan)});
    if (!history_entry) return Unexpected(std::move(history_entry).error());
    if (auto remembered = RememberCreation(tx, request.actor->user_id, idempotency, *id, now); !remembered) {
      return Unexpected(remembered.error());
    }
    if (auto a = Audit(tx, request, now, Action::kPlanPropose, "plan", *id); !a) return Unexpected(a.error());
    return plan;
  });
}

Result<storage::PlanRecord> RecordsService::ReadPlan(const Request& request, Id plan_id) {
  if (!request.actor) return Unexpected(Unauthenticated());
  auto owner = PlanPatient(plan_id);
  if (!owner) return Unexpected(std::move(owner).error());
  if (auto allowed = access_.Permit(request, Action::kPlanRead, *owner); !allowed) return Unexpected(allowed.error());
  return access_.ReadThenAudit<storage::PlanRecord>(request, Action::kPlanRead, "plan", plan_id,
                                                    [&](Transaction& tx) -> Result<storage::PlanRecord> {
                                                      auto plan = tx.FindPlan(plan_id);
                                                      if (!plan) return plan;
                                                      return plan;
                                                    });
}

Result<std::vector<storage::PlanRecord>> RecordsService::ListPlans(const Request& request, Id patient_id) {
  if (auto allowed = access_.Permit(request, Action::kPlanRead, patient_id); !allowed) {
    return Unexpected(allowed.error());
  }
  return access_.ReadThenAudit<std::vector<storage::PlanRecord>>(
      request, Action::kPlanRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<std::vector<storage::PlanRecord>> {
        if (auto patient = tx.FindPatient(patient_id); !patient) return Unexpected(std::move(patient).error());
        auto list = tx.ListPlans(patient_id);
        if (!list) return list;
        return list;
      });
}

Result<storage::PlanRecord> RecordsService::ApprovePlan(const Request& request, Id plan_id,
                                                        std::optional<int64_t> expected_version) {
  if (!request.actor) return Unexpected(Unauthenticated());
  auto owner = PlanPatient(plan_id);
  if (!owner) return Unexpected(std::move(owner).error());
  if (auto allowed = access_.Permit(request, Action::kPlanApprove, *owner); !allowed)
    return Unexpected(allowed.error());
  const Instant now = Now();
  return access_.Write<storage::PlanRecord>([&](Transaction& tx) -> Result<storage::PlanRecord> {
    auto plan = tx.FindPlan(plan_id);
    if (!plan) return plan;
    auto approved = tx.ApprovePlan(plan_id, expected_version.value_or(plan->version), request.actor->user_id, now);
    if (!approved) return approved;
    auto history = tx.AppendHistory(
        {"plan", plan_id, approved->version, request.actor->user_id, now, storage::PlanSnapshotJson(*approved)});
    if (!history) return Unexpected(std::move(history).error());
    if (auto a = Audit(tx, request, now, Action::kPlanApprove, "plan", plan_id); !a) return Unexpected(a.error());
    return approved;
  });
}

Result<storage::PlanRecord> RecordsService::AdjustPlan(const Request& request, Id plan_id, int64_t expected_version,
                                                       const domain::PlanAdjustment& adjustment) {
  if (!request.actor) return Unexpected(Unauthenticated());
  auto owner = PlanPatient(plan_id);
  if (!owner) return Unexpected(std::move(owner).error());
  if (auto allowed = access_.Permit(request, Action::kPlanAdjust, *owner); !allowed) return Unexpected(allowed.error());
  const Instant now = Now();
  return access_.Write<storage::PlanRecord>([&](Transaction& tx) -> Result<storage::PlanRecord> {
    auto plan = tx.FindPlan(plan_id);
    if (!plan) return plan;
    if (plan->version != expected_version) {
      return Unexpected(
          Error{ErrorCode::kFailedPrecondition,
                "the plan was changed by someone else; reload it (version " + std::to_string(plan->version) + ")",
                "If-Match"});
    }
    if (plan->status != storage::PlanStatus::kProposed) {
      return Unexpected(Error{ErrorCode::kConflict, "an approved plan cannot be changed", "status"});
    }
    if (plan->protocol_name != protocol_.id.name || plan->protocol_version != protocol_.id.version) {
      return Unexpected(Error{ErrorCode::kConflict,
                              "the plan was proposed under protocol " + plan->protocol_version +
                                  "; propose a new plan under the current one",
                              ""});
    }
    auto proposal = interop::PlanFromReviewDocument(plan->proposal_json);
    if (!proposal) return Unexpected(Error{ErrorCode::kInternal, "stored plan is unreadable", ""});
    auto adjusted = domain::AdjustPlan(protocol_.planning, std::move(*proposal), adjustment);
    if (!adjusted) return Unexpected(std::move(adjusted).error());
    // A precaution's depth cap (bounds below the protocol's range) stays with the plan.
    const double cap = adjusted->bounds.max_depth_mm > 0 ? adjusted->bounds.max_depth_mm : 1e9;
    adjusted->bounds = {protocol_.planning.min_sessions, protocol_.planning.max_sessions,
                        std::min(protocol_.planning.depth_range.min_mm, cap),
                        std::min(protocol_.planning.depth_range.max_mm, cap)};
    auto document = interop::ReviewDocumentWithPlan(plan->proposal_json, *adjusted);
    if (!document) return Unexpected(Error{ErrorCode::kInternal, "stored plan is unreadable", ""});
    auto revised = tx.ReviseProposal(plan_id, expected_version, *document, now);
    if (!revised) return revised;
    auto history = tx.AppendHistory(
        {"plan", plan_id, revised->version, request.actor->user_id, now, storage::PlanSnapshotJson(*revised)});
    if (!history) return Unexpected(std::move(history).error());
    if (auto a = Audit(tx, request, now, Action::kPlanAdjust, "plan", plan_id); !a) return Unexpected(a.error());
    return revised;
  });
}

Result<std::vector<storage::PlanRecord>> RecordsService::ListPlansByStatus(const Request& request,
                                                                           storage::PlanStatus status, int limit,
                                                                           Id after_id) {
  // Listing across patients is a staff action, like listing the patients themselves.
  if (auto allowed = access_.Permit(request, Action::kPatientList); !allowed) return Unexpected(allowed.error());
  return access_.ReadThenAudit<std::vector<storage::PlanRecord>>(
      request, Action::kPatientList, "plan", std::nullopt,
      [&](Transaction& tx) { return tx.ListPlansByStatus(status, limit, after_id); });
}

// ---- audit ------------------------------------------------------------------------------

Result<storage::AuditPage> RecordsService::ReadAudit(const Request& request, const storage::AuditQuery& query) {
  if (auto allowed = access_.Permit(request, Action::kAuditRead); !allowed) return Unexpected(allowed.error());
  auto tx = store_.Begin(storage::TransactionMode::kReadOnly);
  if (!tx) return Unexpected(std::move(tx).error());
  return (*tx)->ListAudit(query);
}

}  // namespace scarwise::service
