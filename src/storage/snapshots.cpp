#include "storage/snapshots.hpp"

#include "common/json_text.hpp"

namespace scarwise::storage {
namespace {

int64_t Seconds(Instant at) {
  return at.time_since_epoch().count();
}

}  // namespace

std::string PatientSnapshotJson(const PatientRecord& patient) {
  const domain::PatientDetails& d = patient.details;
  JsonText out;
  out.BeginObject().Key("id").Int(patient.id).Key("given_name").String(d.given_name);
  out.Key("family_name").String(d.family_name).Key("birth_date").String(FormatDate(d.birth_date));
  out.Key("sex").String(domain::SexName(d.sex)).Key("email").String(d.email).Key("phone").String(d.phone);
  out.Key("fitzpatrick").Int(d.fitzpatrick).Key("created_at").Int(Seconds(patient.created_at));
  out.Key("updated_at").Int(Seconds(patient.updated_at)).Key("version").Int(patient.version);
  return std::move(out.EndObject()).Take();
}

std::string PlanSnapshotJson(const PlanRecord& plan) {
  JsonText out;
  out.BeginObject().Key("id").Int(plan.id).Key("patient_id").Int(plan.patient_id);
  out.Key("assessment_id").Int(plan.assessment_id).Key("screening_id").Int(plan.screening_id);
  out.Key("status").String(NameOf(plan.status)).Key("protocol_name").String(plan.protocol_name);
  out.Key("protocol_version").String(plan.protocol_version).Key("created_by").Int(plan.created_by);
  out.Key("created_at").Int(Seconds(plan.created_at)).Key("approved_by");
  plan.approved_by ? out.Int(*plan.approved_by) : out.Null();
  out.Key("approved_at");
  plan.approved_at ? out.Int(Seconds(*plan.approved_at)) : out.Null();
  out.Key("updated_at").Int(Seconds(plan.updated_at)).Key("version").Int(plan.version);
  out.Key("proposal_json").String(plan.proposal_json);
  return std::move(out.EndObject()).Take();
}

}  // namespace scarwise::storage
