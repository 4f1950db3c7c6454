// The FHIR export's mapper, shared by the files that write its resources (one file per
// record group: fhir_clinical_record.cpp, fhir_session_day.cpp, fhir_safety.cpp) and
// fhir_export.cpp, which runs it. Internal to src/interop/fhir: include it nowhere else.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/civil_time.hpp"
#include "interop/fhir/fhir_export.hpp"

namespace scarwise::interop::fhir::detail {

using Json = nlohmann::ordered_json;

// HL7's own terminology (terminology.hl7.org) and UCUM: standard systems, standard codes.
inline constexpr const char* kObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
inline constexpr const char* kUcum = "http://unitsofmeasure.org";

inline std::string Base(std::string_view path) {
  return std::string(kBaseUrl) + std::string(path);
}
inline std::string Extension(std::string_view name) {
  return Base("StructureDefinition/") + std::string(name);
}
inline std::string CodeSystem(std::string_view name) {
  return Base("CodeSystem/") + std::string(name);
}
inline std::string InstantText(Instant at) {
  return FormatTimestamp(Timestamp{at, std::chrono::minutes(0)});
}
// "cheek_left" -> "cheek left": a code's words.
inline std::string Words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}
inline Json Coding(const std::string& system, std::string_view code, std::string_view display) {
  return Json{{"system", system}, {"code", code}, {"display", display}};
}
inline Json Concept(const std::string& system, std::string_view code, std::string_view display) {
  return Json{{"coding", Json::array({Coding(system, code, display)})}, {"text", display}};
}
inline Json TextOnly(std::string_view text) {
  return Json{{"text", text}};
}
// The protocol's words (planning.yaml record_words) with `placeholder` said as `value`; ""
// when the protocol has no words for it (the element is left out then: FHIR has no empty
// strings).
inline std::string Say(std::string_view words, std::string_view placeholder, int value) {
  std::string out(words);
  if (const size_t at = out.find(placeholder); at != std::string::npos) {
    out.replace(at, placeholder.size(), std::to_string(value));
  }
  return out;
}
inline Json Category(const char* system, std::string_view code, std::string_view display) {
  return Json::array({Json{{"coding", Json::array({Coding(system, code, display)})}}});
}
inline Json ZoneConcept(domain::FacialZone zone) {
  return Concept(CodeSystem("facial-zone"), domain::ZoneName(zone), Words(domain::ZoneName(zone)));
}
inline Json ObservationCode(std::string_view code, std::string_view display) {
  return Concept(CodeSystem("observation"), code, display);
}
inline Json Millimetres(double value) {
  return Json{{"value", value}, {"unit", "mm"}, {"system", kUcum}, {"code", "mm"}};
}
inline Json Ext(std::string_view name, const char* type, Json value) {
  return Json{{"url", Extension(name)}, {type, std::move(value)}};
}
// A sub-extension of a complex extension: its url is the bare name.
inline Json Part(std::string_view name, const char* type, Json value) {
  return Json{{"url", name}, {type, std::move(value)}};
}

// What a mapping step needs: the course, the protocol, how references are written, and the
// resources written so far.
class Mapper {
 public:
  Mapper(const Course& course, const domain::Protocol& protocol, References references);

  Result<std::vector<Resource>> Run();

 private:
  // References and the written resources (fhir_export.cpp).
  Json Ref(std::string_view type, std::string_view id) const;
  const domain::RecordWords& words() const { return protocol_.planning.record_words; }
  std::string PatientId() const { return std::to_string(course_.patient.id); }
  Json PatientRef() const { return Ref("Patient", PatientId()); }
  // A user: the patient (their portal account), a staff Practitioner, or a display-only
  // reference for an account the course does not name.
  Json PersonRef(int64_t user_id) const;
  Json ResourceRef(int64_t id) const;
  static Json Start(std::string_view type, std::string id) {
    return Json{{"resourceType", type}, {"id", std::move(id)}};
  }
  void Add(Json resource);
  // Who recorded `targets`, when (Provenance, written after every other resource).
  void Provenance(std::string id, Json targets, Instant at, int64_t user_id, const char* activity, const char* role);

  // The clinical record (fhir_clinical_record.cpp): the patient, the people and the clinic's
  // resources, the screening questionnaire, assessments, the condition, screenings, care plans
  // and re-assessments.
  void AddPatient();
  void AddPeople();
  void AddClinicResources();
  // The protocol's screening questions as a Questionnaire (referenced by canonical URL).
  std::string QuestionnaireUrl() const { return Base("Questionnaire/screening"); }
  void AddScreeningQuestionnaire();
  Result<void> AddAssessment(const Evaluation& evaluation);
  void AddCondition();
  Result<void> AddScreening(const Evaluation& evaluation);
  Result<void> AddCarePlan(const PlanEntry& entry);
  Result<Json> RecordedPrecaution(const PrecautionEntry& entry) const;
  Result<void> AddReassessment(const ReassessmentEntry& entry);

  // The session day (fhir_session_day.cpp): appointments, sessions charted, check-ins.
  void AddAppointment(const AppointmentEntry& entry);
  Result<void> AddProcedure(const SessionEntry& entry);
  void AddCheckIn(const CheckInEntry& entry);

  // Safety (fhir_safety.cpp): adverse events, consents, photographs.
  void AddAdverseEvent(const AdverseEventEntry& entry);
  void AddConsent(const ConsentEntry& entry);
  void AddMedia(const PhotoEntry& entry);

  const Course& course_;
  const domain::Protocol& protocol_;
  References references_;
  std::map<int64_t, const Person*> people_;
  std::map<int64_t, const ClinicResource*> resources_;
  std::optional<domain::ScarAssessment> latest_assessment_;
  int64_t latest_assessment_id_ = 0;
  const Evaluation* first_assessment_ = nullptr;
  std::vector<Json> provenance_;
  std::vector<Resource> out_;
};

}  // namespace scarwise::interop::fhir::detail
