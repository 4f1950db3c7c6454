// RecordsService (service/records_service.hpp): progress and outcome (issue 21): the
// re-assessments of a course and where it stands against the outcome model's prediction.
#include <algorithm>

#include "domain/recovery/recovery.hpp"
#include "interop/json/progress_codec.hpp"
#include "interop/json/record_documents.hpp"
#include "service/records_service.hpp"
#include "service/scheduling_service.hpp"

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

// Aftercare adherence during the course of `plan`: the patient's check-ins since the plan was
// approved (each judged by the protocol's aftercare rules), the plan's charted sessions (kept)
// and its no-shows (skipped).
Result<domain::AdherenceCounts> CourseAdherence(Transaction& tx, const domain::Protocol& protocol,
                                                const storage::PlanRecord& plan, int fitzpatrick) {
  domain::AdherenceCounts counts;
  SCARWISE_ASSIGN_OR_RETURN(auto check_ins, tx.Recovery().ListCheckIns(plan.patient_id));
  for (const storage::CheckInRecord& record : check_ins) {
    const storage::NewCheckIn& c = record.check_in;
    if (!plan.approved_at || c.recorded_at < *plan.approved_at) continue;  // before this course
    const domain::CheckIn check_in{c.day_after_session, c.redness,        c.swelling,   c.pain, {},
                                   c.products_applied,  c.sunscreen_used, c.makeup_used};
    ++counts.check_ins;
    if (domain::FollowedAftercare(protocol.recovery, protocol.aftercare, protocol.ingredients, check_in, fitzpatrick)) {
      ++counts.check_ins_followed;
    }
  }
  SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(plan.patient_id));
  for (const storage::TreatmentSessionRecord& s : sessions) {
    if (s.session.plan_id == plan.id) ++counts.sessions_kept;
  }
  storage::AppointmentQuery query;
  query.plan_id = plan.id;
  query.limit = 10000;
  SCARWISE_ASSIGN_OR_RETURN(auto appointments, tx.Scheduling().ListAppointments(query));
  for (const storage::AppointmentRecord& a : appointments) {
    if (a.status == domain::AppointmentStatus::kNoShow && a.appointment.kind == storage::AppointmentKind::kSession)
      ++counts.sessions_skipped;
  }
  return counts;
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
  domain::PredictionInputs inputs = domain::PredictionInputsFrom(facts, proposal->interval.target);
  SCARWISE_ASSIGN_OR_RETURN(view.adherence,
                            CourseAdherence(tx, protocol_, plan, static_cast<int>(patient.details.fitzpatrick)));
  inputs.adherence = domain::AdherenceShare(view.adherence);

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

// The adverse events of the register (issue 19, migration 016) recorded during the course of
// `plan_id`: those of the patient's sessions under the plan, and those with an onset on or
// after the day the plan was approved (an event may be recorded without its session). Oldest
// onset first; the label is the protocol's for the event's type.
Result<std::vector<CourseAdverseEvent>> RecordsService::CourseAdverseEvents(Transaction& tx, Id patient_id,
                                                                            Id plan_id) const {
  SCARWISE_ASSIGN_OR_RETURN(auto plan, tx.Plans().Find(plan_id));
  SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(patient_id));
  std::vector<Id> plan_sessions;
  for (const storage::TreatmentSessionRecord& s : sessions) {
    if (s.session.plan_id == plan_id) plan_sessions.push_back(s.id);
  }
  std::optional<Date> approved;
  if (plan.approved_at) {
    SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZoneIfSetUp(tx));
    approved = zone ? zone->ToLocal(*plan.approved_at).day : std::chrono::floor<std::chrono::days>(*plan.approved_at);
  }
  std::vector<CourseAdverseEvent> out;
  constexpr int kPage = 1000;
  for (Id before = 0;;) {
    SCARWISE_ASSIGN_OR_RETURN(auto page, tx.Safety().ListAdverseEvents(patient_id, kPage, before));
    for (const storage::AdverseEventRecord& r : page) {
      const storage::NewAdverseEvent& e = r.event;
      auto onset = ParseDate(e.onset_on, "onset_on");
      const bool of_plan_session =
          e.session_id && std::find(plan_sessions.begin(), plan_sessions.end(), *e.session_id) != plan_sessions.end();
      const bool during = onset && approved && *onset >= *approved && !e.session_id;
      if (!of_plan_session && !during) continue;
      const domain::AdverseEventType* type = protocol_.recovery.FindAdverseEventType(e.type);
      CourseAdverseEvent event{onset ? *onset : Date{}, type ? type->label : e.type, e.severity, e.outcome};
      out.push_back(std::move(event));
    }
    if (page.size() < static_cast<size_t>(kPage)) break;
    before = page.back().id;
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return out;
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
