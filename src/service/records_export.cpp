// RecordsService (service/records_service.hpp): the exports of the clinical record. The
// records are read here; interop/fhir maps them (no JSON library in this layer).
#include <cstdio>
#include <set>
#include <utility>

#include "common/civil_time.hpp"
#include "interop/csv/csv.hpp"
#include "interop/json/session_codec.hpp"
#include "service/records_service.hpp"

namespace scarwise::service {

using storage::Id;
using storage::Transaction;
namespace fhir = interop::fhir;
using interop::csv::CsvWriter;

namespace {

std::string Iso(storage::Instant at) {
  return FormatTimestamp(Timestamp{at, std::chrono::minutes(0)});
}

// The names of patients and users a list names, read once each.
class Names {
 public:
  explicit Names(Transaction& tx) : tx_(tx) {}
  Result<std::string> Patient(Id id) {
    if (auto it = patients_.find(id); it != patients_.end()) return it->second;
    SCARWISE_ASSIGN_OR_RETURN(auto p, tx_.Patients().Find(id));
    return patients_.emplace(id, p.details.given_name + " " + p.details.family_name).first->second;
  }
  Result<std::string> User(Id id) {
    if (auto it = users_.find(id); it != users_.end()) return it->second;
    SCARWISE_ASSIGN_OR_RETURN(auto u, tx_.Accounts().FindUser(id));
    return users_.emplace(id, u.name).first->second;
  }

 private:
  Transaction& tx_;
  std::map<Id, std::string> patients_;
  std::map<Id, std::string> users_;
};

}  // namespace

Result<fhir::Course> RecordsService::ReadCourse(Transaction& tx, const storage::PatientRecord& patient,
                                                const std::vector<storage::ResourceRecord>& resources,
                                                std::map<Id, fhir::Person>& people) const {
  fhir::Course course;
  course.patient = {patient.id, patient.details, patient.created_at, patient.updated_at, patient.version};
  std::set<Id> named;
  const auto evaluation = [&](const storage::EvaluationRecord& r) {
    named.insert(r.created_by);
    return fhir::Evaluation{r.id, r.created_by, r.created_at, r.input_json, r.result_json};
  };
  SCARWISE_ASSIGN_OR_RETURN(auto assessments, tx.Evaluations().ListAssessments(patient.id));
  for (const auto& r : assessments) course.assessments.push_back(evaluation(r));
  SCARWISE_ASSIGN_OR_RETURN(auto screenings, tx.Evaluations().ListScreenings(patient.id));
  for (const auto& r : screenings) course.screenings.push_back(evaluation(r));
  SCARWISE_ASSIGN_OR_RETURN(auto plans, tx.Plans().List(patient.id));
  for (const auto& p : plans) {
    named.insert(p.created_by);
    if (p.approved_by) named.insert(*p.approved_by);
    course.plans.push_back({p.id, p.assessment_id, p.screening_id, p.proposal_json, storage::PlanStatusName(p.status),
                            p.protocol_name, p.protocol_version, p.created_by, p.created_at, p.approved_by,
                            p.approved_at});
  }
  storage::AppointmentQuery query;
  query.patient_id = patient.id;
  query.limit = 10000;
  SCARWISE_ASSIGN_OR_RETURN(auto appointments, tx.Scheduling().ListAppointments(query));
  std::set<Id> used_resources;
  for (const auto& a : appointments) {
    const storage::NewAppointment& n = a.appointment;
    named.insert(n.booked_by);
    used_resources.insert({n.practitioner_id, n.room_id, n.device_id});
    course.appointments.push_back({a.id, n.plan_id, n.session_number, n.starts_at, n.ends_at, n.practitioner_id,
                                   n.room_id, n.device_id, a.status, n.booked_by, n.created_at,
                                   n.kind == storage::AppointmentKind::kFollowUp});
  }
  SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(patient.id));
  for (const auto& s : sessions) {
    const storage::NewTreatmentSession& n = s.session;
    named.insert(n.charted_by);
    SCARWISE_ASSIGN_OR_RETURN(auto amendments, tx.SessionDay().ListAmendments(s.id));
    course.sessions.push_back({s.id, n.plan_id, n.session_number, n.appointment_id, n.screening_id, n.charted_by,
                               n.charted_at, n.chart_json, static_cast<int>(amendments.size())});
  }
  SCARWISE_ASSIGN_OR_RETURN(auto check_ins, tx.Recovery().ListCheckIns(patient.id));
  for (const auto& c : check_ins) {
    const storage::NewCheckIn& n = c.check_in;
    named.insert(n.recorded_by);
    course.check_ins.push_back({c.id, n.recorded_by, n.recorded_at, n.day_after_session, n.redness, n.swelling, n.pain,
                                n.warning_signs, n.products_applied, n.sunscreen_used, n.makeup_used});
  }
  for (const auto& r : resources) {
    if (used_resources.count(r.id) == 0) continue;
    course.resources.push_back({r.id, r.resource.kind, r.resource.name, r.resource.user_id});
    if (r.resource.user_id) named.insert(*r.resource.user_id);
  }
  for (Id user_id : named) {
    auto known = people.find(user_id);
    if (known == people.end()) {
      auto user = tx.Accounts().FindUser(user_id);
      if (!user) {
        if (user.error().code != ErrorCode::kNotFound) return Unexpected(user.error());
        continue;  // named by a record, gone since: a display-only reference
      }
      known = people.emplace(user_id, fhir::Person{user->id, user->name, user->role}).first;
    }
    course.people.push_back(known->second);
  }
  return course;
}

Result<std::string> RecordsService::FhirBundle(const Request& request, Id patient_id) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kRecordExport, patient_id));
  const auto read = [&](Transaction& tx) -> Result<fhir::Course> {
    SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
    SCARWISE_ASSIGN_OR_RETURN(auto resources, tx.Scheduling().ListResources());
    std::map<Id, fhir::Person> people;
    return ReadCourse(tx, patient, resources, people);
  };
  SCARWISE_ASSIGN_OR_RETURN(
      auto course, access_.ReadThenAudit<fhir::Course>(request, Action::kRecordExport, "patient", patient_id, read));
  SCARWISE_ASSIGN_OR_RETURN(auto resources, fhir::CourseResources(course, protocol_));
  return fhir::CollectionBundle(resources, Now());
}

Result<int64_t> RecordsService::ExportClinicFhir(const Request& request, const ResourceSink& each,
                                                 const std::function<void(int64_t, int64_t)>& progress) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicExport));
  int64_t done = 0;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
    std::vector<storage::PatientRecord> patients;
    storage::PatientQuery query;
    query.limit = 1000;
    do {
      SCARWISE_ASSIGN_OR_RETURN(auto page, tx->Patients().List(query));
      for (auto& p : page.items) patients.push_back(std::move(p));
      query.after_cursor = page.next_cursor;
    } while (!query.after_cursor.empty());
    SCARWISE_ASSIGN_OR_RETURN(auto resources, tx->Scheduling().ListResources());
    std::map<Id, fhir::Person> people;
    std::set<std::pair<std::string, std::string>> shared;  // written once for the whole clinic
    const auto total = static_cast<int64_t>(patients.size());
    for (const storage::PatientRecord& patient : patients) {
      SCARWISE_ASSIGN_OR_RETURN(auto course, ReadCourse(*tx, patient, resources, people));
      SCARWISE_ASSIGN_OR_RETURN(auto mapped, fhir::CourseResources(course, protocol_, fhir::References::kRelative));
      std::vector<fhir::Resource> fresh;
      fresh.reserve(mapped.size());
      for (fhir::Resource& r : mapped) {
        const bool is_shared =
            r.type == "Practitioner" || r.type == "Location" || r.type == "Device" || r.type == "Questionnaire";
        if (is_shared && !shared.insert({r.type, r.id}).second) continue;
        fresh.push_back(std::move(r));
      }
      SCARWISE_RETURN_IF_ERROR(each(fresh));
      ++done;
      if (progress) progress(done, total);
    }
  }
  const storage::Instant now = Now();
  const auto audit = [&](Transaction& tx) -> Result<bool> {
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kClinicExport, "fhir", std::nullopt));
    return true;
  };
  SCARWISE_RETURN_IF_ERROR(access_.Write<bool>(audit));
  return done;
}

// ---- CSV -----------------------------------------------------------------------------------

Result<std::string> RecordsService::PatientsCsv(const Request& request) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicExport));  // else the console
  const auto read = [&](Transaction& tx) -> Result<std::string> {
    CsvWriter csv({"id", "given_name", "family_name", "birth_date", "sex", "email", "phone", "fitzpatrick",
                   "created_at", "updated_at"});
    storage::PatientQuery query;
    query.limit = 1000;
    do {
      SCARWISE_ASSIGN_OR_RETURN(auto page, tx.Patients().List(query));
      for (const storage::PatientRecord& p : page.items) {
        const domain::PatientDetails& d = p.details;
        csv.Int(p.id).Text(d.given_name).Text(d.family_name).Text(FormatDate(d.birth_date));
        csv.Text(domain::SexName(d.sex)).Text(d.email).Text(d.phone).Int(d.fitzpatrick);
        csv.Text(Iso(p.created_at)).Text(Iso(p.updated_at)).EndRow();
      }
      query.after_cursor = page.next_cursor;
    } while (!query.after_cursor.empty());
    return std::move(csv).Take();
  };
  return access_.ReadThenAudit<std::string>(request, Action::kClinicExport, "patients_csv", std::nullopt, read);
}

Result<std::string> RecordsService::AppointmentsCsv(const Request& request, storage::Instant from,
                                                    storage::Instant to) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicExport));  // else the console
  if (to <= from) return Unexpected(InvalidArgument("to", "must be after from"));
  const auto read = [&](Transaction& tx) -> Result<std::string> {
    CsvWriter csv({"id", "patient_id", "patient", "plan_id", "session_number", "starts_at", "ends_at", "status",
                   "practitioner", "room", "device", "kind"});
    SCARWISE_ASSIGN_OR_RETURN(auto resources, tx.Scheduling().ListResources());
    std::map<Id, std::string> resource_names;
    for (const auto& r : resources) resource_names[r.id] = r.resource.name;
    storage::AppointmentQuery query;
    query.from = from;
    query.to = to;
    query.limit = 10000;
    SCARWISE_ASSIGN_OR_RETURN(auto appointments, tx.Scheduling().ListAppointments(query));
    Names names(tx);
    for (const storage::AppointmentRecord& a : appointments) {
      const storage::NewAppointment& n = a.appointment;
      SCARWISE_ASSIGN_OR_RETURN(auto patient, names.Patient(n.patient_id));
      csv.Int(a.id).Int(n.patient_id).Text(patient).Int(n.plan_id).Int(n.session_number);
      csv.Text(Iso(n.starts_at)).Text(Iso(n.ends_at)).Text(a.status);
      csv.Text(resource_names[n.practitioner_id]).Text(resource_names[n.room_id]).Text(resource_names[n.device_id]);
      csv.Text(std::string(storage::AppointmentKindName(n.kind)));  // session | follow_up
      csv.EndRow();
    }
    return std::move(csv).Take();
  };
  return access_.ReadThenAudit<std::string>(request, Action::kClinicExport, "appointments_csv", std::nullopt, read);
}

Result<std::string> RecordsService::SessionsCsv(const Request& request, storage::Instant from, storage::Instant to) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicExport));  // else the console
  if (to <= from) return Unexpected(InvalidArgument("to", "must be after from"));
  const auto read = [&](Transaction& tx) -> Result<std::string> {
    CsvWriter csv({"id", "patient_id", "patient", "plan_id", "session_number", "started_at", "ended_at", "device",
                   "cartridge_lot", "zones (zone:needle_depth_mm:passes)", "endpoint", "charted_by", "charted_at",
                   "amendments"});
    SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessionsEndedSince(from));
    Names names(tx);
    for (const storage::TreatmentSessionRecord& s : sessions) {
      const storage::NewTreatmentSession& n = s.session;
      if (n.ended_at >= to) continue;
      SCARWISE_ASSIGN_OR_RETURN(auto chart, interop::SessionChartFromDocument(n.chart_json));
      SCARWISE_ASSIGN_OR_RETURN(auto patient, names.Patient(n.patient_id));
      SCARWISE_ASSIGN_OR_RETURN(auto charted_by, names.User(n.charted_by));
      SCARWISE_ASSIGN_OR_RETURN(auto amendments, tx.SessionDay().ListAmendments(s.id));
      std::string zones;
      for (const domain::ChartedZone& z : chart.zones) {
        if (!zones.empty()) zones += "; ";
        char depth[16];
        std::snprintf(depth, sizeof depth, "%g", z.needle_depth_mm);
        zones += std::string(domain::ZoneName(z.zone)) + ":" + depth + ":" + std::to_string(z.passes);
      }
      csv.Int(s.id).Int(n.patient_id).Text(patient).Int(n.plan_id).Int(n.session_number);
      csv.Text(FormatTimestamp(chart.started_at)).Text(FormatTimestamp(chart.ended_at));
      csv.Text(chart.device).Text(chart.cartridge_lot).Text(zones).Text(chart.endpoint);
      csv.Text(charted_by).Text(Iso(n.charted_at)).Int(static_cast<int64_t>(amendments.size())).EndRow();
    }
    return std::move(csv).Take();
  };
  return access_.ReadThenAudit<std::string>(request, Action::kClinicExport, "sessions_csv", std::nullopt, read);
}

Result<std::string> RecordsService::AuditCsv(const Request& request) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kAuditRead));  // else the console
  const auto read = [&](Transaction& tx) -> Result<std::string> {
    CsvWriter csv(
        {"seq", "at", "actor_user_id", "actor_role", "action", "entity", "entity_id", "request_id", "outcome", "hash"});
    storage::AuditQuery query;
    query.limit = 1000;
    for (;;) {
      SCARWISE_ASSIGN_OR_RETURN(auto page, tx.AuditLog().List(query));
      for (const storage::AuditRecord& e : page.items) {
        csv.Int(e.seq).Text(Iso(e.at));
        if (e.actor_user_id) {
          csv.Int(*e.actor_user_id);
        } else {
          csv.Empty();
        }
        csv.Text(e.actor_role).Text(e.action).Text(e.entity);
        if (e.entity_id) {
          csv.Int(*e.entity_id);
        } else {
          csv.Empty();
        }
        csv.Text(e.request_id).Text(e.outcome).Text(e.hash).EndRow();
      }
      if (page.next_after_seq == 0) break;
      query.after_seq = page.next_after_seq;
    }
    return std::move(csv).Take();
  };
  return access_.ReadThenAudit<std::string>(request, Action::kAuditRead, "audit_csv", std::nullopt, read);
}

}  // namespace scarwise::service
