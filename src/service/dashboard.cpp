// SchedulingService::Dashboard: the clinician's start page in one audited read - a page of
// patients with the plan in force, whether its series is booked and the next session, the
// day's sessions with their patients' and practitioners' names, and the open alerts by
// urgency. A fixed number of queries per page (plus one per patient whose approved plan is
// checked for a booked series), never one request per patient from the browser.
#include <algorithm>
#include <map>
#include <set>

#include "service/scheduling_service.hpp"

namespace scarwise::service {

using storage::Id;
using storage::Transaction;

namespace {

// Every plan in one status (pages of 1,000 in id order).
Result<std::vector<storage::PlanRecord>> AllPlans(Transaction& tx, storage::PlanStatus status) {
  std::vector<storage::PlanRecord> out;
  for (Id after = 0;;) {
    SCARWISE_ASSIGN_OR_RETURN(auto page, tx.Plans().ListByStatus(status, 1000, after));
    if (page.empty()) break;
    after = page.back().id;
    const bool last = page.size() < 1000;
    std::move(page.begin(), page.end(), std::back_inserter(out));
    if (last) break;
  }
  return out;
}

// Every open alert (pages of 1,000, newest first).
Result<std::vector<storage::AlertRecord>> OpenAlerts(Transaction& tx) {
  std::vector<storage::AlertRecord> out;
  for (Id before = 0;;) {
    SCARWISE_ASSIGN_OR_RETURN(
        auto page, tx.Recovery().ListAlerts({domain::AlertStatus::kOpen, std::nullopt, std::nullopt, 1000, before}));
    if (page.empty()) break;
    before = page.back().id;
    const bool last = page.size() < 1000;
    std::move(page.begin(), page.end(), std::back_inserter(out));
    if (last) break;
  }
  return out;
}

std::string FullName(const domain::PatientDetails& d) {
  return d.given_name + " " + d.family_name;
}

}  // namespace

Result<DashboardSummary> SchedulingService::Dashboard(const Request& request, const DashboardQuery& query) {
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPatientList));
  if (query.limit < 1 || query.limit > 1000) return Unexpected(InvalidArgument("limit", "must be 1-1000"));
  // Alerts are clinical: counted only for the roles that may read them.
  const bool reads_alerts = Authorize(*request.actor, Action::kAlertRead).has_value();
  const storage::Instant now = access_.Now();
  return access_.ReadThenAudit<DashboardSummary>(
      request, Action::kPatientList, "dashboard", std::nullopt, [&](Transaction& tx) -> Result<DashboardSummary> {
        // Before the clinic's calendar is first saved nothing can be booked: no sessions to list.
        SCARWISE_ASSIGN_OR_RETURN(const std::optional<TimeZone> zone, ClinicTimeZoneIfSetUp(tx));
        DashboardSummary out;
        out.day = query.day;
        SCARWISE_ASSIGN_OR_RETURN(auto page, tx.Patients().List({"", query.limit, query.after_cursor}));
        out.next_cursor = page.next_cursor;

        // The plan in force per patient: the newest approved one, else the newest proposal.
        std::map<Id, const storage::PlanRecord*> current;
        SCARWISE_ASSIGN_OR_RETURN(const auto approved, AllPlans(tx, storage::PlanStatus::kApproved));
        SCARWISE_ASSIGN_OR_RETURN(const auto proposed, AllPlans(tx, storage::PlanStatus::kProposed));
        for (const auto* plans : {&approved, &proposed}) {
          for (const storage::PlanRecord& plan : *plans) {
            auto [it, added] = current.emplace(plan.patient_id, &plan);
            if (!added && it->second->status == plan.status && plan.id > it->second->id) it->second = &plan;
          }
        }

        // The next booked session of each patient from now.
        storage::AppointmentQuery upcoming;
        upcoming.from = now;
        upcoming.booked_only = true;
        upcoming.limit = 10000;
        std::vector<storage::AppointmentRecord> booked;
        if (zone) {
          SCARWISE_ASSIGN_OR_RETURN(booked, tx.Scheduling().ListAppointments(upcoming));
        }
        std::map<Id, const storage::AppointmentRecord*> next;
        for (const storage::AppointmentRecord& a : booked) {
          if (a.appointment.starts_at < now) continue;
          auto [it, added] = next.emplace(a.appointment.patient_id, &a);
          if (!added && a.appointment.starts_at < it->second->appointment.starts_at) it->second = &a;
        }

        std::map<Id, int> alerts_of;
        if (reads_alerts) {
          SCARWISE_ASSIGN_OR_RETURN(const auto open, OpenAlerts(tx));
          std::map<std::string, int> counts;  // every urgency, none open included
          for (const Named<domain::Urgency>& u : NamesOf(domain::Urgency{})) counts[std::string(u.name)] = 0;
          for (const storage::AlertRecord& a : open) {
            ++counts[std::string(NameOf(a.alert.urgency))];
            ++alerts_of[a.alert.patient_id];
          }
          out.open_alerts = std::move(counts);
        }

        for (storage::PatientRecord& patient : page.items) {
          DashboardPatient row;
          if (auto plan = current.find(patient.id); plan != current.end()) {
            row.plan_id = plan->second->id;
            row.plan_status = NameOf(plan->second->status);
            if (plan->second->status == storage::PlanStatus::kApproved) {
              storage::AppointmentQuery of_plan;
              of_plan.plan_id = plan->second->id;
              of_plan.limit = 100;
              SCARWISE_ASSIGN_OR_RETURN(const auto sessions, tx.Scheduling().ListAppointments(of_plan));
              row.series_booked = std::any_of(sessions.begin(), sessions.end(), [](const auto& a) {
                return a.status == domain::AppointmentStatus::kBooked ||
                       a.status == domain::AppointmentStatus::kCompleted;
              });
            }
          }
          if (auto found = next.find(patient.id); found != next.end())
            row.next_session = Scheduled(*zone, *found->second);
          if (auto n = alerts_of.find(patient.id); n != alerts_of.end()) row.open_alerts = n->second;
          row.patient = std::move(patient);
          out.patients.push_back(std::move(row));
        }

        // The day's sessions, with names.
        if (!zone) return out;
        storage::AppointmentQuery day;
        day.from = Midnight(*zone, query.day);
        day.to = Midnight(*zone, query.day + std::chrono::days(1));
        day.limit = 10000;
        SCARWISE_ASSIGN_OR_RETURN(auto todays, tx.Scheduling().ListAppointments(day));
        std::sort(todays.begin(), todays.end(), [](const auto& a, const auto& b) {
          return std::tie(a.appointment.starts_at, a.appointment.session_number) <
                 std::tie(b.appointment.starts_at, b.appointment.session_number);
        });
        SCARWISE_ASSIGN_OR_RETURN(const auto resources, tx.Scheduling().ListResources());
        std::map<Id, std::string> resource_names;
        for (const auto& r : resources) resource_names[r.id] = r.resource.name;
        std::map<Id, std::string> patient_names;
        for (const DashboardPatient& row : out.patients) patient_names[row.patient.id] = FullName(row.patient.details);
        for (const storage::AppointmentRecord& a : todays) {
          const Id patient_id = a.appointment.patient_id;
          if (!patient_names.contains(patient_id)) {
            SCARWISE_ASSIGN_OR_RETURN(const auto patient, tx.Patients().Find(patient_id));
            patient_names[patient_id] = FullName(patient.details);
          }
          out.sessions.push_back(
              {Scheduled(*zone, a), patient_names[patient_id], resource_names[a.appointment.practitioner_id]});
        }
        return out;
      });
}

}  // namespace scarwise::service
