#include "storage/snapshots.hpp"

#include <cstdio>

namespace scarwise::storage {
namespace {

class JsonObject {
 public:
  JsonObject& Text(std::string_view key, std::string_view value) { return Raw(key, JsonQuote(value)); }
  JsonObject& Number(std::string_view key, int64_t value) { return Raw(key, std::to_string(value)); }
  JsonObject& OptionalNumber(std::string_view key, const std::optional<int64_t>& value) {
    return Raw(key, value ? std::to_string(*value) : "null");
  }
  JsonObject& Raw(std::string_view key, std::string_view json) {
    out_ += out_.size() == 1 ? "" : ",";
    out_ += JsonQuote(key);
    out_ += ':';
    out_ += json;
    return *this;
  }
  std::string Close() { return out_ + "}"; }

 private:
  std::string out_ = "{";
};

int64_t Seconds(Instant at) {
  return at.time_since_epoch().count();
}

}  // namespace

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string PatientSnapshotJson(const PatientRecord& patient) {
  const domain::PatientDetails& d = patient.details;
  return JsonObject()
      .Number("id", patient.id)
      .Text("given_name", d.given_name)
      .Text("family_name", d.family_name)
      .Text("birth_date", FormatDate(d.birth_date))
      .Text("sex", domain::SexName(d.sex))
      .Text("email", d.email)
      .Text("phone", d.phone)
      .Number("fitzpatrick", d.fitzpatrick)
      .Number("created_at", Seconds(patient.created_at))
      .Number("updated_at", Seconds(patient.updated_at))
      .Number("version", patient.version)
      .Close();
}

std::string PlanSnapshotJson(const PlanRecord& plan) {
  std::optional<int64_t> approved_at;
  if (plan.approved_at) approved_at = Seconds(*plan.approved_at);
  return JsonObject()
      .Number("id", plan.id)
      .Number("patient_id", plan.patient_id)
      .Number("assessment_id", plan.assessment_id)
      .Number("screening_id", plan.screening_id)
      .Text("status", PlanStatusName(plan.status))
      .Text("protocol_name", plan.protocol_name)
      .Text("protocol_version", plan.protocol_version)
      .Number("created_by", plan.created_by)
      .Number("created_at", Seconds(plan.created_at))
      .OptionalNumber("approved_by", plan.approved_by)
      .OptionalNumber("approved_at", approved_at)
      .Number("updated_at", Seconds(plan.updated_at))
      .Number("version", plan.version)
      .Text("proposal_json", plan.proposal_json)
      .Close();
}

const char* PlanStatusName(PlanStatus status) {
  return status == PlanStatus::kApproved ? "approved" : "proposed";
}

}  // namespace scarwise::storage
