// RecordsService (service/records_service.hpp): progress and outcome (issue 21): the
// re-assessments of a course and where it stands against the outcome model's prediction.
#include <algorithm>

#include "interop/json/progress_codec.hpp"
#include "interop/json/record_documents.hpp"
#include "service/records_service.hpp"

namespace scarwise::service {

using storage::Id;
using storage::Instant;
using storage::Transaction;

namespace {

// The patient's latest approved plan; kNotFound when there is none.
Result<storage::PlanRecord> ApprovedPlan(Transaction& tx, Id patient_id) {
  SCARWISE_ASSIGN_OR_RETURN(auto plans, tx.Plans().List(patient_id));
  const storage::PlanRecord* latest = nullptr;
  for (const storage::PlanRecord& plan : plans) {
    if (plan.status == storage::PlanStatus::kApproved && (!latest || plan.id > latest->id)) latest = &plan;
  }
  if (!latest) return Unexpected(NotFound("plan", "the patient has no approved plan"));
  return *latest;
}

}  // namespace

Result<CourseProgressView> RecordsService::Course(Transaction& tx, Id patient_id) const {
  SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
  SCARWISE_ASSIGN_OR_RETURN(auto plan, ApprovedPlan(tx, patient_id));
  auto proposal = interop::PlanFromReviewDocument(plan.proposal_json);
  if (!proposal) return Unexpected(Internal("stored plan is unreadable"));
  SCARWISE_ASSIGN_OR_RETURN(auto baseline_record, tx.Evaluations().FindAssessment(plan.assessment_id));
  auto baseline = interop::ScarAssessmentFromDocument(baseline_record.input_json);
  if (!baseline) return Unexpected(Internal("stored assessment is unreadable"));

  CourseProgressView view;
  view.patient_id = patient_id;
  view.patient_name = patient.details.given_name + " " + patient.details.family_name;
  view.interval_days = proposal->interval.target;
  view.plan_id = plan.id;
  view.sessions = proposal->sessions;
  view.baseline_grade = baseline->qualitative_grade;
  view.baseline_date = baseline->date;
  const domain::Consultation consultation{
      {patient.details.birth_date, patient.details.fitzpatrick}, {}, std::move(*baseline)};
  view.baseline_quantitative = domain::ScoreQuantitative(protocol_.scoring, consultation.assessment).total;
  const domain::FactSet facts = domain::ComputeFacts(consultation, protocol_.scoring, view.baseline_quantitative);
  const domain::PredictionInputs inputs = domain::PredictionInputsFrom(facts, proposal->interval.target);

  SCARWISE_ASSIGN_OR_RETURN(auto records, tx.Progress().ListReassessments(patient_id));
  std::vector<domain::ProgressObservation> observations;
  for (const storage::ReassessmentRecord& record : records) {
    if (record.reassessment.plan_id != plan.id) continue;  // an earlier course
    auto input = interop::ReassessmentFromDocument(record.reassessment.input_json, protocol_.planning.outcome.ecca);
    auto scores = interop::ReassessmentScoresFromDocument(record.reassessment.result_json);
    if (!input || !scores) return Unexpected(Internal("stored re-assessment is unreadable"));
    view.points.push_back({record.id, std::move(*input), record.reassessment.recorded_at, scores->quantitative,
                           scores->qualitative_grade, scores->ecca_total, scores->improvement_pct});
    if (scores->improvement_pct) {
      observations.push_back({record.reassessment.after_session, *scores->improvement_pct});
    }
  }
  view.progress = domain::AssessProgress(protocol_.planning.outcome, inputs, view.sessions, observations);
  SCARWISE_ASSIGN_OR_RETURN(view.adverse_events, CourseAdverseEvents(tx, patient_id, plan.id));
  return view;
}

// HOOK (issue 19): the adverse events recorded during the course of `plan_id`. The adverse-event
// records are built on another branch; the lead wires them here (read them through `tx`, keep
// those of this patient between the plan's approval and now). Until then: none.
Result<std::vector<CourseAdverseEvent>> RecordsService::CourseAdverseEvents(Transaction&, Id, Id) {
  return std::vector<CourseAdverseEvent>{};
}

Result<CourseProgressView> RecordsService::RecordReassessment(const Request& request, Id patient_id,
                                                              const domain::Reassessment& reassessment) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kReassessmentCreate, patient_id));
  const Instant now = Now();
  const domain::QuantitativeScore score = domain::ScoreQuantitative(protocol_.scoring, reassessment.assessment);
  return access_.Write<CourseProgressView>([&](Transaction& tx) -> Result<CourseProgressView> {
    SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
    auto plan = ApprovedPlan(tx, patient_id);
    if (!plan) {
      if (plan.error().code != ErrorCode::kNotFound) return Unexpected(std::move(plan).error());
      return Unexpected(Conflict("approve a plan before re-assessing its course"));
    }
    auto proposal = interop::PlanFromReviewDocument(plan->proposal_json);
    if (!proposal) return Unexpected(Internal("stored plan is unreadable"));
    if (reassessment.after_session > proposal->sessions) {
      return Unexpected(
          InvalidArgument("after_session", "the plan has " + std::to_string(proposal->sessions) + " sessions"));
    }
    if (reassessment.visit == domain::ReassessmentVisit::kFollowUp && reassessment.after_session < 1) {
      return Unexpected(InvalidArgument("after_session", "a follow-up comes after at least one session"));
    }
    SCARWISE_ASSIGN_OR_RETURN(auto baseline_record, tx.Evaluations().FindAssessment(plan->assessment_id));
    auto baseline = interop::ScarAssessmentFromDocument(baseline_record.input_json);
    if (!baseline) return Unexpected(Internal("stored assessment is unreadable"));
    const int baseline_score = domain::ScoreQuantitative(protocol_.scoring, *baseline).total;
    interop::ReassessmentScores scores{score.total, reassessment.assessment.qualitative_grade, std::nullopt,
                                       domain::ImprovementPct(baseline_score, score.total)};
    if (reassessment.ecca) scores.ecca_total = domain::EccaTotal(protocol_.planning.outcome.ecca, *reassessment.ecca);
    SCARWISE_ASSIGN_OR_RETURN(
        auto id, tx.Progress().CreateReassessment(
                     {patient_id, plan->id, request.actor->user_id, now,
                      std::string(domain::ReassessmentVisitName(reassessment.visit)), reassessment.after_session,
                      interop::ReassessmentInputDocument(reassessment, protocol_.planning.outcome.ecca),
                      interop::ReassessmentScoresDocument(scores)}));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kReassessmentCreate, "reassessment", id));
    return Course(tx, patient_id);
  });
}

Result<CourseProgressView> RecordsService::Progress(const Request& request, Id patient_id) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kProgressRead, patient_id));
  return access_.ReadThenAudit<CourseProgressView>(
      request, Action::kProgressRead, "patient", patient_id,
      [&](Transaction& tx) -> Result<CourseProgressView> { return Course(tx, patient_id); });
}

Result<std::vector<CourseProgressView>> RecordsService::BehindCourses(const Request& request) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kProgressList));
  return access_.ReadThenAudit<std::vector<CourseProgressView>>(
      request, Action::kProgressList, "progress", std::nullopt,
      [&](Transaction& tx) -> Result<std::vector<CourseProgressView>> {
        SCARWISE_ASSIGN_OR_RETURN(auto patients, tx.Progress().PatientsWithReassessments());
        std::vector<CourseProgressView> behind;
        for (const Id patient : patients) {
          auto course = Course(tx, patient);
          if (!course) {
            if (course.error().code == ErrorCode::kNotFound) continue;  // no approved plan any more
            return Unexpected(std::move(course).error());
          }
          if (course->progress.status == domain::CourseStatus::kBehind) behind.push_back(std::move(*course));
        }
        return behind;
      });
}

}  // namespace scarwise::service
