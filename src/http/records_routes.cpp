#include "http/records_routes.hpp"

#include <cstdint>

#include "http/answers.hpp"
#include "http/route_support.hpp"
#include "interop/json/consultation_codec.hpp"
#include "interop/json/patient_codec.hpp"
#include "interop/json/plan_codec.hpp"
#include "interop/json/record_documents.hpp"
#include "interop/json/report_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::RecordsService;

// GET /api/v1/patients/{id}/<records>: one of the patient's record lists, encoded item by item.
template <typename T, Result<std::vector<T>> (RecordsService::*list)(const service::Request&, storage::Id),
          json (*encode)(const T&)>
Result<HttpResponse> PatientList(RecordsService& records, const service::Request& who, const HttpRequest&, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<T> items, (records.*list)(who, id));
  return Json(200, ForReader(List(items, encode), who));
}

// ---- patients ----

// POST /api/v1/patients
Result<HttpResponse> CreatePatient(RecordsService& records, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const domain::PatientDetails details, interop::DecodeNewPatient(body, records.Today()));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::PatientRecord patient, records.CreatePatient(who, details, idempotency));
  HttpResponse response = PatientResponse(201, patient);
  response.headers.emplace_back("Location", "/api/v1/patients/" + std::to_string(patient.id));
  return response;
}

// GET /api/v1/patients?q=&limit=&cursor=
Result<HttpResponse> ListPatients(RecordsService& records, const service::Request& who, const HttpRequest& request) {
  storage::PatientQuery query;
  query.text = request.Query("q");
  query.after_cursor = request.Query("cursor");
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<int64_t> limit, QueryNumber(request, "limit", 1, 1000, kLimitReason));
  if (limit) query.limit = static_cast<int>(*limit);
  SCARWISE_ASSIGN_OR_RETURN(const storage::PatientPage page, records.ListPatients(who, query));
  return HttpResponse{200, "application/json", PatientPageJson(page), {}};
}

// GET /api/v1/patients/{id}: read in the group commit's batch, answered from its telling thread.
void ReadPatient(RecordsService& records, const service::Request& who, const HttpRequest&, int64_t id, Reply reply) {
  records.ReadPatient(who, id, ReplyWith<storage::PatientRecord>(std::move(reply), [](const storage::PatientRecord& p) {
                        return PatientResponse(200, p);
                      }));
}

// PATCH /api/v1/patients/{id} (If-Match: the version edited)
Result<HttpResponse> UpdatePatient(RecordsService& records, const service::Request& who, const HttpRequest& request,
                                   int64_t id) {
  const auto version = IfMatchVersion(request);
  if (!version) return Unexpected(InvalidArgument("If-Match", "required: the ETag of the record you edited"));
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  const Date today = records.Today();
  SCARWISE_ASSIGN_OR_RETURN(const storage::PatientRecord patient,
                            records.UpdatePatient(who, id, *version, [&](const domain::PatientDetails& current) {
                              return interop::DecodePatientChanges(body, current, today);
                            }));
  return PatientResponse(200, patient);
}

// ---- assessments and screenings ----

struct AssessmentRequest {
  domain::ScarAssessment assessment;
  std::optional<service::IdempotencyKey> idempotency;
};

Result<AssessmentRequest> DecodeAssessmentRequest(const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(domain::ScarAssessment assessment, interop::DecodeScarAssessment(body, ""));
  SCARWISE_ASSIGN_OR_RETURN(auto idempotency, IdempotencyOf(request, body));
  return AssessmentRequest{std::move(assessment), std::move(idempotency)};
}

// POST /api/v1/patients/{id}/assessments: decoded and scored on the I/O thread, written in
// the group commit's batch, answered from its telling thread.
void RecordAssessment(RecordsService& records, const service::Request& who, const HttpRequest& request, int64_t id,
                      Reply reply) {
  auto decoded = DecodeAssessmentRequest(request);
  if (!decoded) return reply(Unexpected(std::move(decoded).error()));
  records.RecordAssessment(who, id, decoded->assessment, decoded->idempotency,
                           ReplyWith<service::AssessmentOutcome>(std::move(reply), [](const auto& outcome) {
                             return HttpResponse{201, "application/json", NewEvaluationJson(outcome.record), {}};
                           }));
}

// POST /api/v1/assessments/preview: the score of an assessment, recorded nowhere.
Result<HttpResponse> PreviewAssessment(RecordsService& records, const service::Request& who,
                                       const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const domain::ScarAssessment assessment, interop::DecodeScarAssessment(body, ""));
  SCARWISE_ASSIGN_OR_RETURN(const domain::QuantitativeScore score, records.PreviewAssessment(who, assessment));
  return Json(200, {{"result", Document(interop::AssessmentResultDocument(score, assessment.qualitative_grade))}});
}

// POST /api/v1/patients/{id}/screenings
Result<HttpResponse> RecordScreening(RecordsService& records, const service::Request& who, const HttpRequest& request,
                                     int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const domain::MedicalHistory history,
                            interop::DecodeMedicalHistory(body, "", records.protocol().screening.questions));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, body));
  SCARWISE_ASSIGN_OR_RETURN(const service::ScreeningOutcome outcome,
                            records.RecordScreening(who, id, history, idempotency));
  json out = EncodeEvaluation(outcome.record);
  out["scores"] = interop::EncodeReview(outcome.review, records.protocol().id)["scores"];
  return Json(201, out);
}

// ---- plans ----

// POST /api/v1/patients/{id}/plans (no body: the plan is proposed from the latest records)
Result<HttpResponse> ProposePlan(RecordsService& records, const service::Request& who, const HttpRequest& request,
                                 int64_t id) {
  SCARWISE_RETURN_IF_ERROR(NoMembers(request));
  SCARWISE_ASSIGN_OR_RETURN(const auto idempotency, IdempotencyOf(request, json()));
  SCARWISE_ASSIGN_OR_RETURN(const storage::PlanRecord plan, records.ProposePlan(who, id, idempotency));
  return WithEtag(Json(201, EncodePlan(plan, who.actor->role)), plan.version);
}

// GET /api/v1/patients/{id}/plans
Result<HttpResponse> ListPatientPlans(RecordsService& records, const service::Request& who, const HttpRequest&,
                                      int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::PlanRecord> plans, records.ListPlans(who, id));
  return Json(200, EncodePlans(plans, who.actor->role));
}

// GET /api/v1/plans/{id}
Result<HttpResponse> ReadPlan(RecordsService& records, const service::Request& who, const HttpRequest&, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const storage::PlanRecord plan, records.ReadPlan(who, id));
  return WithEtag(Json(200, EncodePlan(plan, who.actor->role)), plan.version);
}

// PATCH /api/v1/plans/{id} (If-Match: the version reviewed)
Result<HttpResponse> AdjustPlan(RecordsService& records, const service::Request& who, const HttpRequest& request,
                                int64_t id) {
  const auto version = IfMatchVersion(request);
  if (!version) return Unexpected(InvalidArgument("If-Match", "required: the ETag of the plan you reviewed"));
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const auto adjustment, interop::DecodePlanAdjustment(body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::PlanRecord plan, records.AdjustPlan(who, id, *version, adjustment));
  return WithEtag(Json(200, EncodePlan(plan, who.actor->role)), plan.version);
}

// GET /api/v1/plans?status=proposed|approved&limit=&cursor=
Result<HttpResponse> ListPlansByStatus(RecordsService& records, const service::Request& who,
                                       const HttpRequest& request) {
  const std::string& status = request.Query("status");
  storage::PlanStatus wanted = storage::PlanStatus::kProposed;
  if (status == "approved") {
    wanted = storage::PlanStatus::kApproved;
  } else if (status != "proposed") {
    return Unexpected(InvalidArgument("status", "must be proposed or approved"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const IdPage page, IdPageOf(request, nullptr, 0, "must be a plan id"));
  const int limit = page.limit.value_or(100);
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::PlanRecord> plans,
                            records.ListPlansByStatus(who, wanted, limit, page.after.value_or(0)));
  json out = EncodePlans(plans, who.actor->role);
  out["next_cursor"] = NextCursor(plans, limit);
  return Json(200, out);
}

// POST /api/v1/plans/{id}/approve (If-Match optional)
Result<HttpResponse> ApprovePlan(RecordsService& records, const service::Request& who, const HttpRequest& request,
                                 int64_t id) {
  SCARWISE_RETURN_IF_ERROR(NoMembers(request));
  std::optional<int64_t> version;
  if (!request.Header("if-match").empty()) {
    version = IfMatchVersion(request);
    if (!version) return Unexpected(InvalidArgument("If-Match", "must be the plan's ETag"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const storage::PlanRecord plan, records.ApprovePlan(who, id, version));
  return WithEtag(Json(200, EncodePlan(plan, who.actor->role)), plan.version);
}

// ---- precautions (issue 19 §2) ----

json EncodePrecautionRecord(const storage::PrecautionRecord& r) {
  return {{"id", r.id},
          {"plan_id", r.record.plan_id},
          {"code", r.record.code},
          {"details", Document(r.record.details_json)},
          {"recorded_by", r.record.recorded_by},
          {"recorded_at", Iso(r.record.recorded_at)}};
}

json EncodePlanPrecaution(const service::PlanPrecaution& p) {
  return {{"code", p.code},
          {"message", p.message},
          {"action", p.action},
          {"record", interop::EncodeRecording(p.record)},
          {"recorded", p.recorded ? EncodePrecautionRecord(*p.recorded) : json(nullptr)}};
}

// POST /api/v1/plans/{id}/precautions {code, details}
Result<HttpResponse> RecordPrecaution(RecordsService& records, const service::Request& who, const HttpRequest& request,
                                      int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_ASSIGN_OR_RETURN(const interop::PrecautionEntry entry, interop::DecodePrecautionEntry(body));
  SCARWISE_ASSIGN_OR_RETURN(const storage::PrecautionRecord recorded,
                            records.RecordPrecaution(who, id, entry.code, entry.details_json));
  return Json(201, EncodePrecautionRecord(recorded));
}

// GET /api/v1/plans/{id}/precautions
Result<HttpResponse> ListPlanPrecautions(RecordsService& records, const service::Request& who, const HttpRequest&,
                                         int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<service::PlanPrecaution> precautions, records.PlanPrecautions(who, id));
  return Json(200, List(precautions, &EncodePlanPrecaution));
}

// ---- audit ----

// GET /api/v1/audit?limit=&cursor= (`after`, answered by `next_after`: the older names of
// the cursor, a sequence number)
Result<HttpResponse> ReadAudit(RecordsService& records, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const IdPage page, IdPageOf(request, "after", 0, "must be a sequence number"));
  storage::AuditQuery query;
  if (page.limit) query.limit = *page.limit;
  if (page.after) query.after_seq = *page.after;
  SCARWISE_ASSIGN_OR_RETURN(const storage::AuditPage audit, records.ReadAudit(who, query));
  json out = List(audit.items, &EncodeAudit);
  const bool more = audit.next_after_seq != 0;
  out["next_cursor"] = more ? json(std::to_string(audit.next_after_seq)) : json(nullptr);
  out["next_after"] = more ? json(audit.next_after_seq) : json(nullptr);
  return Json(200, out);
}

// GET /api/v1/patients/{id}/fhir: the whole course as a FHIR R4 Bundle (docs/fhir.md).
Result<HttpResponse> PatientFhir(RecordsService& records, const service::Request& who, const HttpRequest&, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(std::string bundle, records.FhirBundle(who, id));
  return HttpResponse{
      200,
      "application/fhir+json; charset=utf-8",
      std::move(bundle),
      {{"Content-Disposition", "attachment; filename=\"patient-" + std::to_string(id) + "-fhir.json\""}}};
}

// ---- CSV exports and the patient import ----

HttpResponse Csv(std::string body, const std::string& name) {
  return HttpResponse{200,
                      "text/csv; charset=utf-8; header=present",
                      std::move(body),
                      {{"Content-Disposition", "attachment; filename=\"" + name + "\""}}};
}

// ?from=YYYY-MM-DD&to=YYYY-MM-DD: whole UTC days, `to` included.
Result<std::pair<storage::Instant, storage::Instant>> DayRange(const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const Date from, ParseDate(request.Query("from"), "from"));
  SCARWISE_ASSIGN_OR_RETURN(const Date to, ParseDate(request.Query("to"), "to"));
  if (to < from) return Unexpected(InvalidArgument("to", "must not be before from"));
  return std::pair{storage::Instant(from), storage::Instant(to + std::chrono::days(1))};
}

// GET /api/v1/exports/patients.csv
Result<HttpResponse> PatientsCsv(RecordsService& records, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(std::string csv, records.PatientsCsv(who));
  return Csv(std::move(csv), "patients.csv");
}

// GET /api/v1/exports/appointments.csv?from=&to=
Result<HttpResponse> AppointmentsCsv(RecordsService& records, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const auto range, DayRange(request));
  SCARWISE_ASSIGN_OR_RETURN(std::string csv, records.AppointmentsCsv(who, range.first, range.second));
  return Csv(std::move(csv), "appointments.csv");
}

// GET /api/v1/exports/sessions.csv?from=&to=
Result<HttpResponse> SessionsCsv(RecordsService& records, const service::Request& who, const HttpRequest& request) {
  SCARWISE_ASSIGN_OR_RETURN(const auto range, DayRange(request));
  SCARWISE_ASSIGN_OR_RETURN(std::string csv, records.SessionsCsv(who, range.first, range.second));
  return Csv(std::move(csv), "sessions.csv");
}

// GET /api/v1/exports/audit.csv (admin)
Result<HttpResponse> AuditCsv(RecordsService& records, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(std::string csv, records.AuditCsv(who));
  return Csv(std::move(csv), "audit.csv");
}

// GET /api/v1/exports/adverse-events.csv
Result<HttpResponse> AdverseEventsCsv(RecordsService& records, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(std::string csv, records.AdverseEventsCsv(who));
  return Csv(std::move(csv), "adverse-events.csv");
}

// POST /api/v1/imports/patients?mode=dry_run|all_valid|valid_rows, the CSV file as the body.
Result<HttpResponse> ImportPatients(RecordsService& records, const service::Request& who, const HttpRequest& request) {
  const std::string& mode_name = request.Query("mode");
  RecordsService::ImportMode mode = RecordsService::ImportMode::kDryRun;
  if (mode_name == "all_valid") {
    mode = RecordsService::ImportMode::kAllValid;
  } else if (mode_name == "valid_rows") {
    mode = RecordsService::ImportMode::kValidRows;
  } else if (!mode_name.empty() && mode_name != "dry_run") {
    return Unexpected(InvalidArgument("mode", "must be dry_run, all_valid or valid_rows"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const auto report, records.ImportPatients(who, request.body, mode));
  json problems = json::array();
  for (const auto& p : report.problems) {
    problems.push_back(
        {{"line", p.line}, {"column", p.column.empty() ? json(nullptr) : json(p.column)}, {"message", p.message}});
  }
  json duplicates = json::array();
  for (const auto& d : report.duplicates) duplicates.push_back({{"line", d.line}, {"reason", d.reason}});
  return Json(report.written ? 201 : 200, {{"rows", report.rows},
                                           {"valid", report.valid},
                                           {"problems", problems},
                                           {"duplicates", duplicates},
                                           {"created", report.created.size()},
                                           {"written", report.written}});
}

}  // namespace

void AddRecordsRoutes(Router& router, service::AccountsService& accounts, RecordsService& records) {
  RouteTable routes(router, accounts, records);
  routes.Add("POST", "/api/v1/patients", &CreatePatient);
  routes.Add("GET", "/api/v1/patients", &ListPatients);
  routes.AddLater("GET", "/api/v1/patients/{id}", &ReadPatient);
  routes.Add("PATCH", "/api/v1/patients/{id}", &UpdatePatient);
  routes.Add("GET", "/api/v1/patients/{id}/history",
             &PatientList<storage::HistoryRecord, &RecordsService::PatientHistory, &EncodeHistory>);

  routes.Add("GET", "/api/v1/patients/{id}/fhir", &PatientFhir);

  routes.AddLater("POST", "/api/v1/patients/{id}/assessments", &RecordAssessment);
  routes.Add("POST", "/api/v1/assessments/preview", &PreviewAssessment);
  routes.Add("GET", "/api/v1/patients/{id}/assessments",
             &PatientList<storage::AssessmentRecord, &RecordsService::ListAssessments, &EncodeEvaluation>);
  routes.Add("POST", "/api/v1/patients/{id}/screenings", &RecordScreening);
  routes.Add("GET", "/api/v1/patients/{id}/screenings",
             &PatientList<storage::ScreeningRecord, &RecordsService::ListScreenings, &EncodeEvaluation>);

  routes.Add("POST", "/api/v1/patients/{id}/plans", &ProposePlan);
  routes.Add("GET", "/api/v1/patients/{id}/plans", &ListPatientPlans);
  routes.Add("GET", "/api/v1/plans/{id}", &ReadPlan);
  routes.Add("PATCH", "/api/v1/plans/{id}", &AdjustPlan);
  routes.Add("GET", "/api/v1/plans", &ListPlansByStatus);
  routes.Add("POST", "/api/v1/plans/{id}/approve", &ApprovePlan);
  routes.Add("POST", "/api/v1/plans/{id}/precautions", &RecordPrecaution);
  routes.Add("GET", "/api/v1/plans/{id}/precautions", &ListPlanPrecautions);

  routes.Add("GET", "/api/v1/audit", &ReadAudit);

  routes.Add("GET", "/api/v1/exports/patients.csv", &PatientsCsv);
  routes.Add("GET", "/api/v1/exports/appointments.csv", &AppointmentsCsv);
  routes.Add("GET", "/api/v1/exports/sessions.csv", &SessionsCsv);
  routes.Add("GET", "/api/v1/exports/audit.csv", &AuditCsv);
  routes.Add("GET", "/api/v1/exports/adverse-events.csv", &AdverseEventsCsv);
  routes.Add("POST", "/api/v1/imports/patients", &ImportPatients);
}

}  // namespace scarwise::http
