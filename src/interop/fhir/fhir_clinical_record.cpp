// The clinical record as FHIR: Patient, Practitioner, Location and Device, the screening
// Questionnaire and its QuestionnaireResponses, the assessments' Observations, the Condition,
// the CarePlans and the re-assessments' Observations.
#include "interop/fhir/fhir_mapper.hpp"

#include <set>

#include "interop/json/json_parse.hpp"
#include "interop/json/progress_codec.hpp"
#include "interop/json/record_documents.hpp"

namespace scarwise::interop::fhir::detail {
namespace {

constexpr const char* kConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
constexpr const char* kConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
constexpr const char* kConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";

// "cheek_left" -> "cheek-left" (a FHIR id has no underscore).
std::string Dashed(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

Json ScarTypeConcept(domain::ScarType type) {
  return Concept(CodeSystem("scar-type"), domain::ScarTypeName(type), Words(domain::ScarTypeName(type)));
}

}  // namespace

void Mapper::AddPatient() {
  const PatientEntry& entry = course_.patient;
  const domain::PatientDetails& d = entry.details;
  Json p = Start("Patient", PatientId());
  p["meta"] = Json{{"versionId", std::to_string(entry.version)}, {"lastUpdated", InstantText(entry.updated_at)}};
  p["extension"] = Json::array({Ext("fitzpatrick-skin-type", "valueInteger", d.fitzpatrick)});
  p["identifier"] = Json::array({Json{{"system", Base("patient-id")}, {"value", PatientId()}}});
  p["name"] = Json::array({Json{{"text", d.given_name + " " + d.family_name},
                                {"family", d.family_name},
                                {"given", Json::array({d.given_name})}}});
  Json telecom = Json::array();
  if (!d.email.empty()) telecom.push_back(Json{{"system", "email"}, {"value", d.email}});
  if (!d.phone.empty()) telecom.push_back(Json{{"system", "phone"}, {"value", d.phone}});
  if (!telecom.empty()) p["telecom"] = std::move(telecom);
  p["gender"] = domain::SexName(d.sex);
  p["birthDate"] = FormatDate(d.birth_date);
  Add(std::move(p));
}

void Mapper::AddPeople() {
  for (const Person& person : course_.people) {
    if (person.role == domain::Role::kPatient) continue;
    const std::string id = "user-" + std::to_string(person.user_id);
    Json p = Start("Practitioner", id);
    p["extension"] = Json::array({Ext("staff-role", "valueCode", std::string(NameOf(person.role)))});
    p["identifier"] = Json::array({Json{{"system", Base("user-id")}, {"value", std::to_string(person.user_id)}}});
    p["name"] = Json::array({Json{{"text", person.name}}});
    Add(std::move(p));
  }
}

void Mapper::AddClinicResources() {
  for (const ClinicResource& resource : course_.resources) {
    const std::string id = std::to_string(resource.id);
    if (resource.kind == domain::ResourceKind::kPractitioner) {
      if (resource.user_id && people_.count(*resource.user_id) != 0) continue;  // their Practitioner
      Json p = Start("Practitioner", "resource-" + id);
      p["name"] = Json::array({Json{{"text", resource.name}}});
      Add(std::move(p));
    } else if (resource.kind == domain::ResourceKind::kRoom) {
      Json l = Start("Location", id);
      l["status"] = "active";
      l["name"] = resource.name;
      l["mode"] = "instance";
      Add(std::move(l));
    } else {
      Json d = Start("Device", id);
      d["status"] = "active";
      d["deviceName"] = Json::array({Json{{"name", resource.name}, {"type", "user-friendly-name"}}});
      Add(std::move(d));
    }
  }
}

void Mapper::AddScreeningQuestionnaire() {
  if (course_.screenings.empty()) return;
  Json q = Start("Questionnaire", "screening");
  q["url"] = QuestionnaireUrl();
  q["version"] = protocol_.id.name + " " + protocol_.id.version;
  q["name"] = "Screening";
  q["title"] = "Screening questions (" + protocol_.id.name + " " + protocol_.id.version + ")";
  q["status"] = "active";
  Json items = Json::array();
  for (const domain::ScreeningQuestion& question : protocol_.screening.questions) {
    Json item{{"linkId", question.key}, {"text", question.clinician_wording}};
    switch (question.type) {
      case domain::QuestionType::kYesNo:
        item["type"] = "boolean";
        break;
      case domain::QuestionType::kChoice: {
        item["type"] = "choice";
        Json options = Json::array();
        for (const std::string& option : question.options) options.push_back(Json{{"valueString", option}});
        item["answerOption"] = std::move(options);
        break;
      }
      case domain::QuestionType::kMonthsAgo:
      case domain::QuestionType::kWeeksAgo:
        item["type"] = "decimal";
        item["extension"] =
            Json::array({Ext("answer-unit", "valueCode",
                             question.type == domain::QuestionType::kMonthsAgo ? "months_ago" : "weeks_ago")});
        break;
      case domain::QuestionType::kCourse:
        item["type"] = "choice";
        item["answerOption"] = Json::array(
            {Json{{"valueString", "never"}}, Json{{"valueString", "current"}}, Json{{"valueString", "stopped"}}});
        item["item"] = Json::array({Json{
            {"linkId", question.key + ".stopped_months_ago"}, {"text", "stopped months ago"}, {"type", "decimal"}}});
        break;
    }
    items.push_back(std::move(item));
  }
  q["item"] = std::move(items);
  Add(std::move(q));
}

Result<void> Mapper::AddAssessment(const Evaluation& evaluation) {
  const std::string record = "assessment " + std::to_string(evaluation.id);
  auto assessment = ScarAssessmentFromDocument(evaluation.input_json);
  if (!assessment) return Unexpected(Internal("the stored " + record + " is unreadable"));
  auto result = ParseJson(evaluation.result_json, "result");
  if (!result) return Unexpected(Internal("the stored " + record + "'s result is unreadable"));
  const std::string prefix = "assessment-" + std::to_string(evaluation.id);
  const std::string effective = FormatDate(assessment->date);
  const auto observation = [&](std::string id, Json code) {
    Json o = Start("Observation", std::move(id));
    o["status"] = "final";
    o["category"] = Category(kObservationCategory, "exam", "Exam");
    o["code"] = std::move(code);
    o["subject"] = PatientRef();
    o["effectiveDateTime"] = effective;
    o["issued"] = InstantText(evaluation.recorded_at);
    o["performer"] = Json::array({PersonRef(evaluation.recorded_by)});
    return o;
  };
  Json targets = Json::array();
  Json zone_refs = Json::array();
  // The per-zone inventory: one Observation per zone, a component per scar type.
  for (const domain::ZoneInventory& zone : assessment->zones) {
    const std::string id = prefix + "-" + Dashed(domain::ZoneName(zone.zone));
    Json o = observation(id, ObservationCode("scar-inventory-zone", "Scar inventory of one zone"));
    o["bodySite"] = ZoneConcept(zone.zone);
    Json components = Json::array();
    for (domain::ScarType type : domain::kAllScarTypes) {
      components.push_back(Json{{"code", ScarTypeConcept(type)}, {"valueInteger", zone.Count(type)}});
    }
    components.push_back(Json{
        {"code", ObservationCode("raised-scar-area", "Raised scar area")},
        {"valueQuantity", Json{{"value", zone.keloid_area_cm2}, {"unit", "cm2"}, {"system", kUcum}, {"code", "cm2"}}}});
    o["component"] = std::move(components);
    zone_refs.push_back(Ref("Observation", id));
    targets.push_back(Ref("Observation", id));
    Add(std::move(o));
  }
  try {
    Json q = observation(prefix + "-quantitative",
                         ObservationCode("goodman-baron-quantitative", "Goodman and Baron quantitative score"));
    q["valueInteger"] = result->at("goodman_baron_quantitative").get<int>();
    Json components = Json::array();
    const auto& breakdown = result->at("quantitative_breakdown");
    for (const auto& category : breakdown.at("categories")) {
      const std::string code = category.at("category").get<std::string>();
      std::string display = "category " + code;
      for (const domain::ScoringCategory& c : protocol_.scoring.categories) {
        if (c.code == code && !c.description.empty()) display = c.description;
      }
      components.push_back(Json{{"code", Concept(CodeSystem("goodman-baron-category"), code, display)},
                                {"valueInteger", category.at("points").get<int>()}});
    }
    components.push_back(Json{{"code", ObservationCode("raised-scar-area-points", "Raised scar area points")},
                              {"valueInteger", breakdown.at("keloid_points").get<int>()}});
    q["component"] = std::move(components);
    if (!zone_refs.empty()) q["derivedFrom"] = zone_refs;
    targets.push_back(Ref("Observation", prefix + "-quantitative"));
    Add(std::move(q));
    Json g = observation(prefix + "-qualitative",
                         ObservationCode("goodman-baron-qualitative", "Goodman and Baron qualitative grade"));
    g["valueInteger"] = result->at("goodman_baron_qualitative").get<int>();
    targets.push_back(Ref("Observation", prefix + "-qualitative"));
    Add(std::move(g));
  } catch (const nlohmann::json::exception&) {
    return Unexpected(Internal("the stored " + record + "'s result is unreadable"));
  }
  Provenance("provenance-" + prefix, std::move(targets), evaluation.recorded_at, evaluation.recorded_by, "CREATE",
             "author");
  latest_assessment_ = std::move(*assessment);
  latest_assessment_id_ = evaluation.id;
  if (!first_assessment_) first_assessment_ = &evaluation;
  return {};
}

// Acne scarring, with the scar types and zones of the latest assessment.
void Mapper::AddCondition() {
  if (!latest_assessment_) return;
  const std::string prefix = "assessment-" + std::to_string(latest_assessment_id_);
  Json c = Start("Condition", "acne-scarring-" + PatientId());
  c["clinicalStatus"] = Json{{"coding", Json::array({Coding(kConditionClinical, "active", "Active")})}};
  c["verificationStatus"] = Json{{"coding", Json::array({Coding(kConditionVerification, "confirmed", "Confirmed")})}};
  c["category"] = Category(kConditionCategory, "problem-list-item", "Problem List Item");
  if (!words().condition.empty()) c["code"] = TextOnly(words().condition);
  Json sites = Json::array();
  std::set<domain::ScarType> types;
  for (const domain::ZoneInventory& zone : latest_assessment_->zones) {
    bool any = zone.keloid_area_cm2 > 0;
    for (domain::ScarType type : domain::kAllScarTypes) {
      if (zone.Count(type) > 0) {
        types.insert(type);
        any = true;
      }
    }
    if (any) sites.push_back(ZoneConcept(zone.zone));
  }
  if (!sites.empty()) c["bodySite"] = std::move(sites);
  c["subject"] = PatientRef();
  c["recordedDate"] = InstantText(first_assessment_->recorded_at);
  c["recorder"] = PersonRef(first_assessment_->recorded_by);
  Json codes = Json::array();
  for (domain::ScarType type : types) codes.push_back(ScarTypeConcept(type));
  Json evidence{{"detail", Json::array({Ref("Observation", prefix + "-quantitative"),
                                        Ref("Observation", prefix + "-qualitative")})}};
  if (!codes.empty()) evidence["code"] = std::move(codes);
  c["evidence"] = Json::array({std::move(evidence)});
  Add(std::move(c));
}

Result<void> Mapper::AddScreening(const Evaluation& evaluation) {
  const std::string record = "screening " + std::to_string(evaluation.id);
  auto history = MedicalHistoryFromDocument(evaluation.input_json, protocol_.screening.questions);
  if (!history) return Unexpected(Internal("the stored " + record + " is unreadable"));
  auto result = ParseJson(evaluation.result_json, "result");
  if (!result) return Unexpected(Internal("the stored " + record + "'s result is unreadable"));
  const std::string id = "screening-" + std::to_string(evaluation.id);
  Json r = Start("QuestionnaireResponse", id);
  Json extensions = Json::array();
  try {
    extensions.push_back(Ext("screening-decision", "valueCode", result->at("decision").get<std::string>()));
    for (const char* list : {"reasons", "precautions"}) {
      for (const auto& finding : result->value(list, nlohmann::json::array())) {
        extensions.push_back(Json{{"url", Extension("screening-finding")},
                                  {"extension", Json::array({Part("code", "valueCode", finding.at("code")),
                                                             Part("decision", "valueCode", finding.at("decision")),
                                                             Part("message", "valueString", finding.at("message"))})}});
      }
    }
  } catch (const nlohmann::json::exception&) {
    return Unexpected(Internal("the stored " + record + "'s result is unreadable"));
  }
  r["extension"] = std::move(extensions);
  r["questionnaire"] = QuestionnaireUrl();
  r["status"] = "completed";
  r["subject"] = PatientRef();
  r["authored"] = InstantText(evaluation.recorded_at);
  r["author"] = PersonRef(evaluation.recorded_by);
  Json items = Json::array();
  for (const auto& [key, answer] : history->answers) {
    Json item{{"linkId", key}};
    if (const domain::ScreeningQuestion* q = domain::FindQuestion(protocol_.screening.questions, key)) {
      item["text"] = q->clinician_wording;
    }
    if (const bool* yes = std::get_if<bool>(&answer)) {
      item["answer"] = Json::array({Json{{"valueBoolean", *yes}}});
    } else if (const std::string* choice = std::get_if<std::string>(&answer)) {
      item["answer"] = Json::array({Json{{"valueString", *choice}}});
    } else if (const auto* ago = std::get_if<std::optional<double>>(&answer)) {
      if (*ago) {
        item["answer"] = Json::array({Json{{"valueDecimal", **ago}}});
      } else {
        item["extension"] = Json::array({Ext("answered-never", "valueBoolean", true)});
      }
    } else if (const auto* course = std::get_if<domain::CourseAnswer>(&answer)) {
      using Status = domain::CourseAnswer::Status;
      Json a{{"valueString", course->status == Status::kNever     ? "never"
                             : course->status == Status::kCurrent ? "current"
                                                                  : "stopped"}};
      if (course->status == Status::kStopped) {
        a["item"] = Json::array({Json{{"linkId", key + ".stopped_months_ago"},
                                      {"answer", Json::array({Json{{"valueDecimal", course->stopped_months_ago}}})}}});
      }
      item["answer"] = Json::array({std::move(a)});
    }
    items.push_back(std::move(item));
  }
  r["item"] = std::move(items);
  Add(std::move(r));
  Provenance("provenance-" + id, Json::array({Ref("QuestionnaireResponse", id)}), evaluation.recorded_at,
             evaluation.recorded_by, "CREATE", "author");
  return {};
}

Result<void> Mapper::AddCarePlan(const PlanEntry& entry) {
  auto plan = PlanFromReviewDocument(entry.proposal_json);
  if (!plan) return Unexpected(Internal("the stored plan " + std::to_string(entry.id) + " is unreadable"));
  const std::string id = "plan-" + std::to_string(entry.id);
  const bool approved = entry.status == "approved";
  std::map<int, const SessionEntry*> charted;
  for (const SessionEntry& s : course_.sessions) {
    if (s.plan_id == entry.id) charted[s.session_number] = &s;
  }
  std::map<int, const AppointmentEntry*> booked;  // the latest appointment of each session
  for (const AppointmentEntry& a : course_.appointments) {
    if (a.plan_id == entry.id && !a.follow_up) booked[a.session_number] = &a;
  }
  Json c = Start("CarePlan", id);
  Json extensions = Json::array();
  extensions.push_back(Json{{"url", Extension("protocol")},
                            {"extension", Json::array({Part("name", "valueString", entry.protocol_name),
                                                       Part("version", "valueString", entry.protocol_version)})}});
  extensions.push_back(Json{{"url", Extension("interval-days")},
                            {"extension", Json::array({Part("min", "valueInteger", plan->interval.min),
                                                       Part("target", "valueInteger", plan->interval.target),
                                                       Part("max", "valueInteger", plan->interval.max)})}});
  extensions.push_back(Ext("planned-sessions", "valueInteger", plan->sessions));
  extensions.push_back(Ext("session-minutes", "valueInteger", plan->session_minutes));
  extensions.push_back(Ext("numbing-minutes", "valueInteger", plan->numbing_minutes));
  for (const domain::ZoneSetting& zone : plan->zones) {
    extensions.push_back(
        Json{{"url", Extension("planned-zone")},
             {"extension", Json::array({Part("zone", "valueCodeableConcept", ZoneConcept(zone.zone)),
                                        Part("needle-depth", "valueQuantity", Millimetres(zone.needle_depth_mm)),
                                        Part("deep-scars", "valueInteger", zone.deep_scars)})}});
  }
  if (approved && entry.approved_by && entry.approved_at) {
    extensions.push_back(
        Json{{"url", Extension("approval")},
             {"extension", Json::array({Part("by", "valueReference", PersonRef(*entry.approved_by)),
                                        Part("at", "valueDateTime", InstantText(*entry.approved_at))})}});
  }
  for (const PrecautionEntry& precaution : course_.precautions) {
    if (precaution.plan_id != entry.id) continue;
    SCARWISE_ASSIGN_OR_RETURN(auto recorded, RecordedPrecaution(precaution));
    extensions.push_back(std::move(recorded));
  }
  c["extension"] = std::move(extensions);
  c["status"] = !approved ? "draft" : static_cast<int>(charted.size()) >= plan->sessions ? "completed" : "active";
  c["intent"] = approved ? "plan" : "proposal";
  if (const std::string title = Say(words().course, "{sessions}", plan->sessions); !title.empty()) {
    c["title"] = title;
  }
  c["subject"] = PatientRef();
  c["created"] = InstantText(entry.created_at);
  c["author"] = PersonRef(entry.created_by);
  if (latest_assessment_) c["addresses"] = Json::array({Ref("Condition", "acne-scarring-" + PatientId())});
  Json supporting = Json::array();
  for (const Evaluation& a : course_.assessments) {
    if (a.id == entry.assessment_id) {
      supporting.push_back(Ref("Observation", "assessment-" + std::to_string(a.id) + "-quantitative"));
    }
  }
  Json notes = Json::array();
  for (const Evaluation& s : course_.screenings) {
    if (s.id != entry.screening_id) continue;
    supporting.push_back(Ref("QuestionnaireResponse", "screening-" + std::to_string(s.id)));
    if (auto result = ParseJson(s.result_json, "result")) {
      for (const auto& precaution : result->value("precautions", nlohmann::json::array())) {
        if (precaution.contains("message") && precaution["message"].is_string()) {
          notes.push_back(Json{{"text", "Precaution: " + precaution["message"].get<std::string>()}});
        }
      }
    }
  }
  if (!supporting.empty()) c["supportingInfo"] = std::move(supporting);
  Json activities = Json::array();
  for (int n = 1; n <= std::max(plan->sessions, charted.empty() ? 0 : charted.rbegin()->first); ++n) {
    Json detail = Json::object();
    if (const std::string title = Say(words().session, "{number}", n); !title.empty()) {
      detail["code"] = TextOnly(title);
    }
    const auto done = charted.find(n);
    const auto appointment = booked.find(n);
    if (done != charted.end()) {
      detail["status"] = "completed";
    } else if (appointment != booked.end() && appointment->second->status == domain::AppointmentStatus::kBooked) {
      detail["status"] = "scheduled";
    } else {
      detail["status"] = approved ? "not-started" : "not-started";
    }
    if (appointment != booked.end()) {
      detail["scheduledPeriod"] = Json{{"start", InstantText(appointment->second->starts_at)},
                                       {"end", InstantText(appointment->second->ends_at)}};
    }
    Json activity{{"detail", std::move(detail)}};
    if (done != charted.end()) {
      activity["outcomeReference"] = Json::array({Ref("Procedure", "session-" + std::to_string(done->second->id))});
    }
    activities.push_back(std::move(activity));
  }
  if (!activities.empty()) c["activity"] = std::move(activities);
  for (const domain::Recommendation& r : plan->recommendations) notes.push_back(Json{{"text", r.message}});
  if (!notes.empty()) c["note"] = std::move(notes);
  Add(std::move(c));
  Provenance("provenance-" + id, Json::array({Ref("CarePlan", id)}), entry.created_at, entry.created_by, "CREATE",
             "author");
  for (const PrecautionEntry& precaution : course_.precautions) {
    if (precaution.plan_id != entry.id) continue;
    Provenance("provenance-precaution-" + std::to_string(precaution.id), Json::array({Ref("CarePlan", id)}),
               precaution.recorded_at, precaution.recorded_by, "UPDATE", "author");
  }
  if (approved && entry.approved_by && entry.approved_at) {
    Provenance("provenance-" + id + "-approval", Json::array({Ref("CarePlan", id)}), *entry.approved_at,
               *entry.approved_by, "UPDATE", "verifier");
  }
  return {};
}

// A precaution recorded for the plan (extension `recorded-precaution`): the rule's code
// and message, each field the protocol asks for (key, label, value), by whom and when.
Result<Json> Mapper::RecordedPrecaution(const PrecautionEntry& entry) const {
  auto details = ParseJson(entry.details_json, "details");
  if (!details || !details->is_object()) {
    return Unexpected(Internal("the stored precaution record " + std::to_string(entry.id) + " is unreadable"));
  }
  Json parts = Json::array({Part("code", "valueCode", entry.code)});
  const domain::ScreeningRule* rule = domain::FindPrecaution(protocol_.screening, entry.code);
  if (rule && !rule->message.empty()) parts.push_back(Part("message", "valueString", rule->message));
  for (const auto& [key, value] : details->items()) {
    Json field = Json::array({Part("key", "valueCode", key)});
    if (rule && rule->record) {
      for (const domain::RecordField& f : rule->record->fields) {
        if (f.key == key && !f.label.empty()) field.push_back(Part("label", "valueString", f.label));
      }
    }
    if (value.is_boolean()) {
      field.push_back(Part("value", "valueBoolean", value.get<bool>()));
    } else if (value.is_string() && !value.get<std::string>().empty()) {
      field.push_back(Part("value", "valueString", value.get<std::string>()));
    } else if (!value.is_string()) {
      field.push_back(Part("value", "valueString", value.dump()));
    }
    parts.push_back(Json{{"url", "field"}, {"extension", std::move(field)}});
  }
  parts.push_back(Part("by", "valueReference", PersonRef(entry.recorded_by)));
  parts.push_back(Part("at", "valueDateTime", InstantText(entry.recorded_at)));
  return Json{{"url", Extension("recorded-precaution")}, {"extension", std::move(parts)}};
}

// A re-assessment (issue 21): its Goodman & Baron scores, the ECCA score where recorded,
// and the patient's own ratings, each an Observation based on the plan whose course it measures.
Result<void> Mapper::AddReassessment(const ReassessmentEntry& entry) {
  const std::string record = "re-assessment " + std::to_string(entry.id);
  auto input = ReassessmentFromDocument(entry.input_json, protocol_.planning.outcome.ecca);
  auto scores = ReassessmentScoresFromDocument(entry.result_json);
  if (!input || !scores) return Unexpected(Internal("the stored " + record + " is unreadable"));
  const std::string prefix = "reassessment-" + std::to_string(entry.id);
  const bool follow_up = input->visit == domain::ReassessmentVisit::kFollowUp;
  const auto observation = [&](std::string id, const char* category, Json code) {
    Json o = Start("Observation", std::move(id));
    o["extension"] = Json::array({Ext("visit-kind", "valueCode", follow_up ? "follow_up" : "session"),
                                  Ext("after-session", "valueInteger", input->after_session)});
    o["basedOn"] = Json::array({Ref("CarePlan", "plan-" + std::to_string(entry.plan_id))});
    o["status"] = "final";
    o["category"] = Category(kObservationCategory, category, category == std::string("exam") ? "Exam" : "Survey");
    o["code"] = std::move(code);
    o["subject"] = PatientRef();
    o["effectiveDateTime"] = FormatDate(input->assessment.date);
    o["issued"] = InstantText(entry.recorded_at);
    o["performer"] = Json::array({PersonRef(entry.recorded_by)});
    return o;
  };
  Json targets = Json::array();
  Json q = observation(prefix + "-quantitative", "exam",
                       ObservationCode("goodman-baron-quantitative", "Goodman and Baron quantitative score"));
  q["valueInteger"] = scores->quantitative;
  if (scores->improvement_pct) {
    q["component"] = Json::array(
        {Json{{"code", ObservationCode("improvement", "Improvement against the baseline")},
              {"valueQuantity",
               Json{{"value", *scores->improvement_pct}, {"unit", "%"}, {"system", kUcum}, {"code", "%"}}}}});
  }
  targets.push_back(Ref("Observation", prefix + "-quantitative"));
  Add(std::move(q));
  Json g = observation(prefix + "-qualitative", "exam",
                       ObservationCode("goodman-baron-qualitative", "Goodman and Baron qualitative grade"));
  g["valueInteger"] = scores->qualitative_grade;
  targets.push_back(Ref("Observation", prefix + "-qualitative"));
  Add(std::move(g));
  if (scores->ecca_total) {
    Json e = observation(prefix + "-ecca", "exam", ObservationCode("ecca", "ECCA score"));
    e["valueInteger"] = *scores->ecca_total;
    targets.push_back(Ref("Observation", prefix + "-ecca"));
    Add(std::move(e));
  }
  if (input->patient_improvement || input->patient_satisfaction) {
    Json r = observation(prefix + "-patient-rating", "survey", ObservationCode("patient-rating", "Patient's rating"));
    Json components = Json::array();
    if (input->patient_improvement) {
      components.push_back(Json{{"code", ObservationCode("patient-improvement", "Improvement (0-10)")},
                                {"valueInteger", *input->patient_improvement}});
    }
    if (input->patient_satisfaction) {
      components.push_back(Json{{"code", ObservationCode("patient-satisfaction", "Satisfaction (0-10)")},
                                {"valueInteger", *input->patient_satisfaction}});
    }
    r["component"] = std::move(components);
    targets.push_back(Ref("Observation", prefix + "-patient-rating"));
    Add(std::move(r));
  }
  Provenance("provenance-" + prefix, std::move(targets), entry.recorded_at, entry.recorded_by, "CREATE", "author");
  return {};
}

}  // namespace scarwise::interop::fhir::detail
