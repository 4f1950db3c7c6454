#include "http/progress_routes.hpp"

#include "common/civil_time.hpp"
#include "http/answers.hpp"
#include "http/route_support.hpp"
#include "interop/json/progress_codec.hpp"
#include "interop/pdf/course_summary.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::RecordsService;

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string WholePercent(double pct) {
  return std::to_string(static_cast<int>(pct < 0 ? pct - 0.5 : pct + 0.5)) + " %";
}

// The latest point that has the patient's rating `field` (improvement or satisfaction).
template <typename Field>
std::optional<int> LatestRating(const service::CourseProgressView& view, Field field) {
  for (auto it = view.points.rbegin(); it != view.points.rend(); ++it) {
    if (it->reassessment.*field) return it->reassessment.*field;
  }
  return std::nullopt;
}

// The outcome record at the course's end: scores at baseline, after each session and at the
// follow-up, adverse events of the register, the patient-rated result.
json EncodeOutcome(const service::CourseProgressView& view, const domain::OutcomeModel& model, bool for_patient) {
  json course = EncodeCourse(view, model, for_patient);
  json sessions = json::array();
  json follow_up = nullptr;
  for (const json& point : course["points"]) {
    if (point["visit"] == "follow_up") {
      follow_up = point;  // the latest follow-up
    } else {
      sessions.push_back(point);
    }
  }
  json events = json::array();
  for (const service::CourseAdverseEvent& e : view.adverse_events) {
    events.push_back({{"date", FormatDate(e.date)},
                      {"description", e.description},
                      {"severity", e.severity},
                      {"outcome", e.outcome}});
  }
  const json last = view.points.empty() ? json(nullptr) : course["points"].back();
  return {{"patient_id", view.patient_id},
          {"plan_id", view.plan_id},
          {"sessions", view.sessions},
          {"baseline", course["baseline"]},
          {"after_sessions", sessions},
          {"follow_up", follow_up},
          {"final_improvement_pct", last.is_null() ? json(nullptr) : last["improvement_pct"]},
          {"status", course["status"]},
          {"patient_rated",
           {{"improvement", OrNull(LatestRating(view, &domain::Reassessment::patient_improvement))},
            {"satisfaction", OrNull(LatestRating(view, &domain::Reassessment::patient_satisfaction))}}},
          {"adverse_events", events},
          {"adherence", course["adherence"]},
          {"expected", course["expected"]}};
}

// The one-page summary's text, from the same record.
interop::CourseSummary Summary(const service::CourseProgressView& view) {
  interop::CourseSummary s;
  s.title = "Course summary";
  s.patient_name = view.patient_name;
  s.plan = std::to_string(view.sessions) + " sessions, " + std::to_string(view.interval_days) + " days apart";
  s.baseline = "Baseline " + FormatDate(view.baseline_date) + ": Goodman & Baron quantitative " +
               std::to_string(view.baseline_quantitative) + ", grade " + std::to_string(view.baseline_grade);
  for (const service::ProgressPoint& p : view.points) {
    const domain::Reassessment& r = p.reassessment;
    interop::CourseSummaryRow row;
    row.when = (r.visit == domain::ReassessmentVisit::kFollowUp ? "Follow-up"
                                                                : "After session " + std::to_string(r.after_session)) +
               " (" + FormatDate(r.assessment.date) + ")";
    row.measured =
        "Goodman & Baron " + std::to_string(p.quantitative) + ", grade " + std::to_string(p.qualitative_grade);
    if (p.improvement_pct) row.measured += ", " + WholePercent(*p.improvement_pct) + " reduction";
    if (p.ecca_total) row.measured += ", ECCA " + std::to_string(*p.ecca_total);
    for (const domain::ImprovementBand& band : view.progress.planned) {
      if (band.after_session != r.after_session) continue;
      row.expected = "expected " + WholePercent(band.low_pct) + " to " + WholePercent(band.high_pct) + " (typically " +
                     WholePercent(band.mid_pct) + ")";
    }
    if (r.patient_improvement || r.patient_satisfaction) {
      row.patient = "Patient's rating:";
      if (r.patient_improvement) row.patient += " improvement " + std::to_string(*r.patient_improvement) + "/10";
      if (r.patient_satisfaction) row.patient += " satisfaction " + std::to_string(*r.patient_satisfaction) + "/10";
    }
    s.rows.push_back(std::move(row));
  }
  s.result = view.progress.patient_message;
  s.adverse_events_title = "Adverse events";
  for (const service::CourseAdverseEvent& e : view.adverse_events) {
    s.adverse_events.push_back(FormatDate(e.date) + ": " + e.description + " (" + e.severity + ", " + e.outcome + ")");
  }
  s.no_adverse_events = "None recorded.";
  s.explanation = view.progress.explanation;
  return s;
}

bool ForPatient(const service::Request& who) {
  return who.actor && who.actor->role == service::Role::kPatient;
}

// POST /api/v1/patients/{id}/reassessments
Result<HttpResponse> RecordReassessment(RecordsService& records, const service::Request& who,
                                        const HttpRequest& request, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const domain::Reassessment reassessment,
                            interop::DecodeReassessment(body, records.protocol().planning.outcome.ecca));
  SCARWISE_ASSIGN_OR_RETURN(const service::CourseProgressView view, records.RecordReassessment(who, id, reassessment));
  return Json(201, EncodeCourse(view, records.protocol().planning.outcome, ForPatient(who)));
}

// GET /api/v1/patients/{id}/progress
Result<HttpResponse> ReadProgress(RecordsService& records, const service::Request& who, const HttpRequest&,
                                  int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const service::CourseProgressView view, records.Progress(who, id));
  return Json(200, EncodeCourse(view, records.protocol().planning.outcome, ForPatient(who)));
}

// GET /api/v1/patients/{id}/outcome
Result<HttpResponse> ReadOutcome(RecordsService& records, const service::Request& who, const HttpRequest&, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const service::CourseProgressView view, records.Progress(who, id));
  return Json(200, EncodeOutcome(view, records.protocol().planning.outcome, ForPatient(who)));
}

// GET /api/v1/patients/{id}/course-summary.pdf
Result<HttpResponse> CourseSummaryPdf(RecordsService& records, const service::Request& who, const HttpRequest&,
                                      int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const service::CourseProgressView view, records.Progress(who, id));
  SCARWISE_ASSIGN_OR_RETURN(std::string pdf, interop::RenderCourseSummaryPdf(Summary(view)));
  return HttpResponse{
      200,
      "application/pdf",
      std::move(pdf),
      {{"Content-Disposition", "inline; filename=\"course-summary.pdf\""}, {"Cache-Control", "no-store"}}};
}

// GET /api/v1/progress/behind
Result<HttpResponse> ListBehind(RecordsService& records, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<service::CourseProgressView> courses, records.BehindCourses(who));
  json items = json::array();
  for (const service::CourseProgressView& view : courses) {
    items.push_back(EncodeCourse(view, records.protocol().planning.outcome, false));
  }
  return Json(200, {{"items", items}});
}

}  // namespace

void AddProgressRoutes(Router& router, service::AccountsService& accounts, RecordsService& records) {
  RouteTable routes(router, accounts, records);
  routes.Add("POST", "/api/v1/patients/{id}/reassessments", &RecordReassessment);
  routes.Add("GET", "/api/v1/patients/{id}/progress", &ReadProgress);
  routes.Add("GET", "/api/v1/patients/{id}/outcome", &ReadOutcome);
  routes.Add("GET", "/api/v1/patients/{id}/course-summary.pdf", &CourseSummaryPdf);
  routes.Add("GET", "/api/v1/progress/behind", &ListBehind);
}

}  // namespace scarwise::http
