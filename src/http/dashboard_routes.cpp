#include "http/dashboard_routes.hpp"

#include "common/civil_time.hpp"
#include "http/answers.hpp"
#include "http/route_support.hpp"
#include "interop/json/scheduling_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::RecordsService;
using service::SchedulingService;

// GET /api/v1/dashboard?day=&limit=&cursor=: the clinician's start page in one answer.
Result<HttpResponse> Dashboard(SchedulingService& scheduling, RecordsService& records, Date today,
                               const service::Request& who, const HttpRequest& request) {
  service::DashboardQuery query{today, 500, request.Query("cursor")};
  if (!request.Query("day").empty()) {
    SCARWISE_ASSIGN_OR_RETURN(query.day, ParseDate(request.Query("day"), "day"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<int64_t> limit,
                            QueryNumber(request, "limit", 1, 1000, "must be a whole number from 1 to 1000"));
  if (limit) query.limit = static_cast<int>(*limit);
  SCARWISE_ASSIGN_OR_RETURN(const service::DashboardSummary summary, scheduling.Dashboard(who, query));
  json sessions = json::array();
  for (const service::DashboardSession& s : summary.sessions) {
    json one = EncodeScheduledSession(s.session);
    one["patient_name"] = s.patient_name;
    one["practitioner_name"] = s.practitioner_name;
    sessions.push_back(std::move(one));
  }
  json patients = json::array();
  for (const service::DashboardPatient& p : summary.patients) {
    json next = nullptr;
    if (p.next_session) {
      next = {{"appointment_id", p.next_session->appointment_id.value_or(0)},
              {"session_number", p.next_session->session_number},
              {"starts_at", FormatTimestamp(p.next_session->starts_at)},
              {"kind", NameOf(p.next_session->kind)}};
    }
    patients.push_back({{"id", p.patient.id},
                        {"given_name", p.patient.details.given_name},
                        {"family_name", p.patient.details.family_name},
                        {"plan_id", p.plan_id ? json(*p.plan_id) : json(nullptr)},
                        {"plan_status", p.plan_status.empty() ? json(nullptr) : json(p.plan_status)},
                        {"series_booked", p.series_booked},
                        {"next_session", next},
                        {"open_alerts", p.open_alerts}});
  }
  json alerts = nullptr;
  if (summary.open_alerts) alerts = *summary.open_alerts;
  // The courses behind are clinical, like the alerts: for the roles that may list progress,
  // on the first page only (they do not page with the patients).
  json behind = nullptr;
  if (who.actor && service::Authorize(*who.actor, service::Action::kProgressList) && query.after_cursor.empty()) {
    SCARWISE_ASSIGN_OR_RETURN(const std::vector<service::CourseProgressView> courses, records.BehindCourses(who));
    behind = json::array();
    for (const service::CourseProgressView& view : courses) {
      behind.push_back(EncodeCourse(view, records.protocol().planning.outcome, false));
    }
  }
  return Json(200, {{"day", FormatDate(summary.day)},
                    {"sessions", sessions},
                    {"patients", patients},
                    {"open_alerts", alerts},
                    {"behind", behind},
                    {"next_cursor", summary.next_cursor.empty() ? json(nullptr) : json(summary.next_cursor)}});
}

}  // namespace

void AddDashboardRoutes(Router& router, service::AccountsService& accounts, SchedulingService& scheduling,
                        RecordsService& records) {
  // The day defaults to today, by the accounts service's clock.
  router.Add("GET", "/api/v1/dashboard",
             Authed(accounts, [&scheduling, &records, &accounts](const service::Request& who,
                                                                 const HttpRequest& request, const PathParams&) {
               return Dashboard(scheduling, records, accounts.Today(), who, request);
             }));
}

}  // namespace scarwise::http
