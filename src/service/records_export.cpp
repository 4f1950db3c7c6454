// RecordsService (service/records_service.hpp): the exports of the clinical record. The
// records are read here; interop/fhir maps them (no JSON library in this layer).
#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "common/civil_time.hpp"
#include "domain/outcome/outcome_model.hpp"
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

namespace {

// The rows of `rows` (ordered by patient) that belong to `patient`, from `at` on: the
// patients of a page are taken in ascending id order, so one cursor per table walks it once.
template <typename Row, typename PatientOf>
std::vector<const Row*> TakeRows(const std::vector<Row>& rows, size_t& at, Id patient, PatientOf patient_of) {
  std::vector<const Row*> out;
  while (at < rows.size() && patient_of(rows[at]) < patient) ++at;
  while (at < rows.size() && patient_of(rows[at]) == patient) out.push_back(&rows[at++]);
  return out;
}

}  // namespace

Result<std::vector<fhir::Course>> RecordsService::ReadCourses(Transaction& tx,
                                                              const std::vector<storage::PatientRecord>& patients,
                                                              const std::vector<storage::ResourceRecord>& resources,
                                                              std::map<Id, fhir::Person>& people) const {
  std::vector<fhir::Course> courses;
  if (patients.empty()) return courses;
  const storage::PatientIds page{patients.front().id, patients.back().id};
  SCARWISE_ASSIGN_OR_RETURN(auto assessments, tx.Evaluations().ListAssessmentsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto screenings, tx.Evaluations().ListScreeningsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto plans, tx.Plans().ListOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto appointments, tx.Scheduling().ListAppointmentsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessionsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto amendments, tx.SessionDay().CountAmendmentsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto check_ins, tx.Recovery().ListCheckInsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto precautions, tx.Safety().ListPrecautionsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto adverse_events, tx.Safety().ListAdverseEventsOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto consents, tx.Consents().ListOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto photos, tx.Photos().ListOf(page));
  SCARWISE_ASSIGN_OR_RETURN(auto reassessments, tx.Progress().ListReassessmentsOf(page));
  std::map<Id, std::vector<const storage::PrecautionRecord*>> precautions_of_plan;
  for (const auto& r : precautions) precautions_of_plan[r.record.plan_id].push_back(&r);
  std::map<Id, const storage::ResourceRecord*> resource_of;
  for (const auto& r : resources) resource_of[r.id] = &r;

  size_t at_assessment = 0, at_screening = 0, at_plan = 0, at_appointment = 0, at_session = 0, at_check_in = 0,
         at_event = 0, at_consent = 0, at_photo = 0, at_reassessment = 0;
  courses.reserve(patients.size());
  for (const storage::PatientRecord& patient : patients) {
    const Id pid = patient.id;
    fhir::Course course;
    course.patient = {patient.id, patient.details, patient.created_at, patient.updated_at, patient.version};
    std::set<Id> named;
    const auto evaluation = [&](const storage::EvaluationRecord& r) {
      named.insert(r.created_by);
      return fhir::Evaluation{r.id, r.created_by, r.created_at, r.input_json, r.result_json};
    };
    const auto of_patient = [](const auto& r) { return r.patient_id; };
    for (const auto* r : TakeRows(assessments, at_assessment, pid, of_patient)) {
      course.assessments.push_back(evaluation(*r));
    }
    for (const auto* r : TakeRows(screenings, at_screening, pid, of_patient)) {
      course.screenings.push_back(evaluation(*r));
    }
    for (const auto* p : TakeRows(plans, at_plan, pid, of_patient)) {
      named.insert(p->created_by);
      if (p->approved_by) named.insert(*p->approved_by);
      course.plans.push_back({p->id, p->assessment_id, p->screening_id, p->proposal_json,
                              std::string(NameOf(p->status)), p->protocol_name, p->protocol_version, p->created_by,
                              p->created_at, p->approved_by, p->approved_at});
      if (const auto recorded = precautions_of_plan.find(p->id); recorded != precautions_of_plan.end()) {
        for (const storage::PrecautionRecord* r : recorded->second) {
          const storage::NewPrecautionRecord& n = r->record;
          named.insert(n.recorded_by);
          course.precautions.push_back({r->id, n.plan_id, n.code, n.details_json, n.recorded_by, n.recorded_at});
        }
      }
    }
    std::set<Id> used_resources;
    for (const auto* a :
         TakeRows(appointments, at_appointment, pid, [](const auto& r) { return r.appointment.patient_id; })) {
      const storage::NewAppointment& n = a->appointment;
      named.insert(n.booked_by);
      used_resources.insert({n.practitioner_id, n.room_id, n.device_id});
      course.appointments.push_back({a->id, n.plan_id, n.session_number, n.starts_at, n.ends_at, n.practitioner_id,
                                     n.room_id, n.device_id, a->status, n.booked_by, n.created_at,
                                     n.kind == storage::AppointmentKind::kFollowUp});
    }
    for (const auto* s : TakeRows(sessions, at_session, pid, [](const auto& r) { return r.session.patient_id; })) {
      const storage::NewTreatmentSession& n = s->session;
      named.insert(n.charted_by);
      const auto amended = amendments.find(s->id);
      course.sessions.push_back({s->id, n.plan_id, n.session_number, n.appointment_id, n.screening_id, n.charted_by,
                                 n.charted_at, n.chart_json,
                                 amended == amendments.end() ? 0 : static_cast<int>(amended->second)});
    }
    for (const auto* c : TakeRows(check_ins, at_check_in, pid, [](const auto& r) { return r.check_in.patient_id; })) {
      const storage::NewCheckIn& n = c->check_in;
      named.insert(n.recorded_by);
      course.check_ins.push_back({c->id, n.recorded_by, n.recorded_at, n.day_after_session, n.redness, n.swelling,
                                  n.pain, n.warning_signs, n.products_applied, n.sunscreen_used, n.makeup_used});
    }
    for (const auto* r :
         TakeRows(reassessments, at_reassessment, pid, [](const auto& x) { return x.reassessment.patient_id; })) {
      const storage::NewReassessment& n = r->reassessment;
      named.insert(n.recorded_by);
      course.reassessments.push_back({r->id, n.plan_id, n.recorded_by, n.recorded_at, n.input_json, n.result_json});
    }
    for (const auto* e : TakeRows(adverse_events, at_event, pid, [](const auto& r) { return r.event.patient_id; })) {
      const storage::NewAdverseEvent& n = e->event;
      named.insert(n.recorded_by);
      course.adverse_events.push_back({e->id, n.type, n.severity, n.onset_on, n.session_id, n.lot, n.treatment,
                                       n.outcome, n.resolved_on, n.notes, n.recorded_by, n.recorded_at, e->updated_at,
                                       e->version});
    }
    for (const auto* c : TakeRows(consents, at_consent, pid, [](const auto& r) { return r.consent.patient_id; })) {
      const storage::NewConsent& n = c->consent;
      named.insert(n.recorded_by);
      if (c->withdrawn_by) named.insert(*c->withdrawn_by);
      course.consents.push_back({c->id, n.purpose, n.text_version, n.shown_text, n.text_sha256, n.signer, n.signer_name,
                                 n.guardian_relationship, n.signature_method, n.signed_at, n.recorded_by,
                                 c->withdrawn_at, c->withdrawn_by});
    }
    for (const auto* ph : TakeRows(photos, at_photo, pid, [](const auto& r) { return r.photo.patient_id; })) {
      const storage::NewPhoto& n = ph->photo;
      named.insert(n.uploaded_by);
      course.photos.push_back({ph->id, n.view, n.visit, n.purposes, n.content_type, n.sha256, n.width, n.height,
                               n.uploaded_by, n.uploaded_at});
    }
    for (Id id : used_resources) {
      const auto r = resource_of.find(id);
      if (r == resource_of.end()) continue;
      const storage::ResourceRecord& resource = *r->second;
      course.resources.push_back(
          {resource.id, resource.resource.kind, resource.resource.name, resource.resource.user_id});
      if (resource.resource.user_id) named.insert(*resource.resource.user_id);
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
    courses.push_back(std::move(course));
  }
  return courses;
}

Result<std::string> RecordsService::FhirBundle(const Request& request, Id patient_id) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kRecordExport, patient_id));
  const auto read = [&](Transaction& tx) -> Result<fhir::Course> {
    SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
    SCARWISE_ASSIGN_OR_RETURN(auto resources, tx.Scheduling().ListResources());
    std::map<Id, fhir::Person> people;
    SCARWISE_ASSIGN_OR_RETURN(auto courses, ReadCourses(tx, {std::move(patient)}, resources, people));
    return std::move(courses.front());
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
    // Every user once (staff and portal accounts): the records name them by id.
    std::map<Id, fhir::Person> people;
    for (Id after = 0;;) {
      SCARWISE_ASSIGN_OR_RETURN(auto users, tx->Accounts().ListUsers(1000, after));
      for (const storage::UserRecord& u : users) people.emplace(u.id, fhir::Person{u.id, u.name, u.role});
      if (users.size() < 1000) break;
      after = users.back().id;
    }
    // A page of patients by id at a time: each table read once per page, not per patient.
    std::sort(patients.begin(), patients.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    constexpr size_t kPage = 500;
    std::set<std::pair<std::string, std::string>> shared;  // written once for the whole clinic
    const auto total = static_cast<int64_t>(patients.size());
    for (size_t first = 0; first < patients.size(); first += kPage) {
      const std::vector<storage::PatientRecord> page(
          patients.begin() + static_cast<std::ptrdiff_t>(first),
          patients.begin() + static_cast<std::ptrdiff_t>(std::min(patients.size(), first + kPage)));
      SCARWISE_ASSIGN_OR_RETURN(auto courses, ReadCourses(*tx, page, resources, people));
      for (const fhir::Course& course : courses) {
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
      csv.Text(Iso(n.starts_at)).Text(Iso(n.ends_at)).Text(NameOf(a.status));
      csv.Text(resource_names[n.practitioner_id]).Text(resource_names[n.room_id]).Text(resource_names[n.device_id]);
      csv.Text(NameOf(n.kind));  // session | follow_up
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

Result<std::string> RecordsService::AdverseEventsCsv(const Request& request) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicExport));  // else the console
  const auto read = [&](Transaction& tx) -> Result<std::string> {
    CsvWriter csv({"id", "patient_id", "patient", "type", "type_label", "severity", "onset_on", "session_id", "lot",
                   "treatment", "outcome", "resolved_on", "notes", "recorded_by", "recorded_at", "updated_at"});
    std::vector<storage::AdverseEventRecord> events;  // the register pages newest first
    for (Id before = 0;;) {
      SCARWISE_ASSIGN_OR_RETURN(auto page, tx.Safety().ListAdverseEvents(std::nullopt, 1000, before));
      events.insert(events.end(), page.begin(), page.end());
      if (page.size() < 1000) break;
      before = page.back().id;
    }
    Names names(tx);
    for (auto e = events.rbegin(); e != events.rend(); ++e) {
      const storage::NewAdverseEvent& n = e->event;
      SCARWISE_ASSIGN_OR_RETURN(auto patient, names.Patient(n.patient_id));
      SCARWISE_ASSIGN_OR_RETURN(auto recorded_by, names.User(n.recorded_by));
      const domain::AdverseEventType* type = protocol_.recovery.FindAdverseEventType(n.type);
      csv.Int(e->id).Int(n.patient_id).Text(patient).Text(n.type).Text(type ? type->label : "");
      csv.Text(n.severity).Text(n.onset_on);
      if (n.session_id) {
        csv.Int(*n.session_id);
      } else {
        csv.Empty();
      }
      csv.Text(n.lot).Text(n.treatment).Text(n.outcome).Text(n.resolved_on).Text(n.notes);
      csv.Text(recorded_by).Text(Iso(n.recorded_at)).Text(Iso(e->updated_at)).EndRow();
    }
    return std::move(csv).Take();
  };
  return access_.ReadThenAudit<std::string>(request, Action::kClinicExport, "adverse_events_csv", std::nullopt, read);
}

Result<std::string> RecordsService::OutcomesCsv(const Request& request) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kClinicExport));  // else the console
  const auto read = [&](Transaction& tx) -> Result<std::string> {
    CsvWriter csv({"patient_id", "patient", "plan_id", "sessions_planned", "sessions_charted", "baseline_date",
                   "baseline_quantitative", "baseline_grade", "reassessments", "latest_reassessed_at",
                   "latest_quantitative", "latest_grade", "latest_ecca", "latest_improvement_pct", "status",
                   "adverse_events"});
    storage::PatientQuery query;
    query.limit = 1000;
    do {
      SCARWISE_ASSIGN_OR_RETURN(auto page, tx.Patients().List(query));
      for (const storage::PatientRecord& p : page.items) {
        auto course = Course(tx, p.id);
        if (!course) {
          if (course.error().code == ErrorCode::kNotFound) continue;  // no approved plan: no course
          return Unexpected(course.error());
        }
        SCARWISE_ASSIGN_OR_RETURN(auto sessions, tx.SessionDay().ListSessions(p.id));
        const auto charted = std::count_if(sessions.begin(), sessions.end(),
                                           [&](const auto& s) { return s.session.plan_id == course->plan_id; });
        SCARWISE_ASSIGN_OR_RETURN(auto events, tx.Safety().ListAdverseEvents(p.id, 1000, 0));
        csv.Int(p.id).Text(course->patient_name).Int(course->plan_id).Int(course->sessions).Int(charted);
        csv.Text(FormatDate(course->baseline_date)).Int(course->baseline_quantitative).Int(course->baseline_grade);
        csv.Int(static_cast<int64_t>(course->points.size()));
        if (course->points.empty()) {
          csv.Empty().Empty().Empty().Empty().Empty();
        } else {
          const ProgressPoint& latest = course->points.back();
          csv.Text(Iso(latest.recorded_at)).Int(latest.quantitative).Int(latest.qualitative_grade);
          if (latest.ecca_total) {
            csv.Int(*latest.ecca_total);
          } else {
            csv.Empty();
          }
          if (latest.improvement_pct) {
            char pct[32];
            std::snprintf(pct, sizeof pct, "%.1f", *latest.improvement_pct);
            csv.Text(pct);
          } else {
            csv.Empty();
          }
        }
        csv.Text(domain::CourseStatusName(course->progress.status)).Int(static_cast<int64_t>(events.size())).EndRow();
      }
      query.after_cursor = page.next_cursor;
    } while (!query.after_cursor.empty());
    return std::move(csv).Take();
  };
  return access_.ReadThenAudit<std::string>(request, Action::kClinicExport, "outcomes_csv", std::nullopt, read);
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
