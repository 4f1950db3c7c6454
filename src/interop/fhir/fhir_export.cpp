#include "interop/fhir/fhir_export.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "common/base64.hpp"
#include "common/civil_time.hpp"
#include "interop/json/json_parse.hpp"
#include "interop/json/progress_codec.hpp"
#include "interop/json/record_documents.hpp"
#include "interop/json/session_codec.hpp"

namespace scarwise::interop::fhir {
namespace {

// FHIR's Appointment.status for a booked session's status.
const char* FhirAppointmentStatus(domain::AppointmentStatus status) {
  switch (status) {
    case domain::AppointmentStatus::kBooked:
      return "booked";
    case domain::AppointmentStatus::kCancelled:
      return "cancelled";
    case domain::AppointmentStatus::kNoShow:
      return "noshow";
    case domain::AppointmentStatus::kCompleted:
      return "fulfilled";
  }
  return "booked";
}

using Json = nlohmann::ordered_json;

// HL7's own terminology (terminology.hl7.org) and UCUM: standard systems, standard codes.
constexpr const char* kObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr const char* kConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
constexpr const char* kConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
constexpr const char* kConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
constexpr const char* kDataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
constexpr const char* kParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kAdverseEventSeverity = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
constexpr const char* kAdverseEventOutcome = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
constexpr const char* kConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";

std::string Base(std::string_view path) {
  return std::string(kBaseUrl) + std::string(path);
}
std::string Extension(std::string_view name) {
  return Base("StructureDefinition/") + std::string(name);
}
std::string CodeSystem(std::string_view name) {
  return Base("CodeSystem/") + std::string(name);
}

std::string InstantText(Instant at) {
  return FormatTimestamp(Timestamp{at, std::chrono::minutes(0)});
}

// "cheek_left" -> "cheek-left" (a FHIR id has no underscore) and "cheek left" (its words).
std::string Dashed(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}
std::string Words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// "mild" -> "Mild": the display HL7's code systems give their codes.
std::string Capitalised(std::string_view code) {
  std::string out(code);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

Json Coding(const std::string& system, std::string_view code, std::string_view display) {
  return Json{{"system", system}, {"code", code}, {"display", display}};
}
Json Concept(const std::string& system, std::string_view code, std::string_view display) {
  return Json{{"coding", Json::array({Coding(system, code, display)})}, {"text", display}};
}
Json TextOnly(std::string_view text) {
  return Json{{"text", text}};
}
// The protocol's words (planning.yaml record_words) with `placeholder` said as `value`; ""
// when the protocol has no words for it (the element is left out then: FHIR has no empty
// strings).
std::string Say(std::string_view words, std::string_view placeholder, int value) {
  std::string out(words);
  if (const size_t at = out.find(placeholder); at != std::string::npos) {
    out.replace(at, placeholder.size(), std::to_string(value));
  }
  return out;
}
Json Category(const char* system, std::string_view code, std::string_view display) {
  return Json::array({Json{{"coding", Json::array({Coding(system, code, display)})}}});
}
Json ZoneConcept(domain::FacialZone zone) {
  return Concept(CodeSystem("facial-zone"), domain::ZoneName(zone), Words(domain::ZoneName(zone)));
}
Json ScarTypeConcept(domain::ScarType type) {
  return Concept(CodeSystem("scar-type"), domain::ScarTypeName(type), Words(domain::ScarTypeName(type)));
}
Json ObservationCode(std::string_view code, std::string_view display) {
  return Concept(CodeSystem("observation"), code, display);
}
Json Millimetres(double value) {
  return Json{{"value", value}, {"unit", "mm"}, {"system", kUcum}, {"code", "mm"}};
}
Json Ext(std::string_view name, const char* type, Json value) {
  return Json{{"url", Extension(name)}, {type, std::move(value)}};
}
// A sub-extension of a complex extension: its url is the bare name.
Json Part(std::string_view name, const char* type, Json value) {
  return Json{{"url", name}, {type, std::move(value)}};
}

// What a mapping step needs: the course, the protocol, how references are written, and the
// resources written so far.
class Mapper {
 public:
  Mapper(const Course& course, const domain::Protocol& protocol, References references)
      : course_(course), protocol_(protocol), references_(references) {
    for (const Person& person : course.people) people_[person.user_id] = &person;
    for (const ClinicResource& resource : course.resources) resources_[resource.id] = &resource;
  }

  Result<std::vector<Resource>> Run() {
    AddPatient();
    AddPeople();
    AddClinicResources();
    AddScreeningQuestionnaire();
    for (const Evaluation& assessment : course_.assessments) SCARWISE_RETURN_IF_ERROR(AddAssessment(assessment));
    AddCondition();
    for (const Evaluation& screening : course_.screenings) SCARWISE_RETURN_IF_ERROR(AddScreening(screening));
    for (const PlanEntry& plan : course_.plans) SCARWISE_RETURN_IF_ERROR(AddCarePlan(plan));
    for (const AppointmentEntry& appointment : course_.appointments) AddAppointment(appointment);
    for (const SessionEntry& session : course_.sessions) SCARWISE_RETURN_IF_ERROR(AddProcedure(session));
    for (const CheckInEntry& check_in : course_.check_ins) AddCheckIn(check_in);
    for (const ReassessmentEntry& r : course_.reassessments) SCARWISE_RETURN_IF_ERROR(AddReassessment(r));
    for (const AdverseEventEntry& event : course_.adverse_events) AddAdverseEvent(event);
    for (const ConsentEntry& consent : course_.consents) AddConsent(consent);
    for (const PhotoEntry& photo : course_.photos) AddMedia(photo);
    for (Json& provenance : provenance_) Add(std::move(provenance));
    return std::move(out_);
  }

 private:
  Json Ref(std::string_view type, std::string_view id) const {
    const std::string target =
        references_ == References::kBundle ? ResourceUrn(type, id) : std::string(type) + "/" + std::string(id);
    return Json{{"reference", target}};
  }
  const domain::RecordWords& words() const { return protocol_.planning.record_words; }
  std::string PatientId() const { return std::to_string(course_.patient.id); }
  Json PatientRef() const { return Ref("Patient", PatientId()); }
  // A user: the patient (their portal account), a staff Practitioner, or a display-only
  // reference for an account the course does not name.
  Json PersonRef(int64_t user_id) const {
    const auto it = people_.find(user_id);
    if (it == people_.end()) return Json{{"display", "user " + std::to_string(user_id)}};
    if (it->second->role == domain::Role::kPatient) return PatientRef();
    return Ref("Practitioner", "user-" + std::to_string(user_id));
  }
  Json ResourceRef(int64_t id) const {
    const auto it = resources_.find(id);
    if (it == resources_.end()) return Json{{"display", "resource " + std::to_string(id)}};
    const ClinicResource& resource = *it->second;
    if (resource.kind == domain::ResourceKind::kPractitioner) {
      if (resource.user_id && people_.count(*resource.user_id) != 0) return PersonRef(*resource.user_id);
      return Ref("Practitioner", "resource-" + std::to_string(id));
    }
    return Ref(resource.kind == domain::ResourceKind::kRoom ? "Location" : "Device", std::to_string(id));
  }

  static Json Start(std::string_view type, std::string id) {
    return Json{{"resourceType", type}, {"id", std::move(id)}};
  }
  void Add(Json resource) {
    Resource r;
    r.type = resource["resourceType"].get<std::string>();
    r.id = resource["id"].get<std::string>();
    r.json = resource.dump();
    out_.push_back(std::move(r));
  }
  // Who recorded `targets`, when (Provenance, written after every other resource).
  void Provenance(std::string id, Json targets, Instant at, int64_t user_id, const char* activity, const char* role) {
    Json p = Start("Provenance", std::move(id));
    p["target"] = std::move(targets);
    p["recorded"] = InstantText(at);
    p["activity"] =
        Json{{"coding", Json::array({Coding(kDataOperation, activity,
                                            std::string_view(activity) == "CREATE" ? "create" : "update")})}};
    p["agent"] = Json::array({Json{{"type", Json{{"coding", Json::array({Coding(kParticipantType, role, role)})}}},
                                   {"who", PersonRef(user_id)}}});
    provenance_.push_back(std::move(p));
  }

  void AddPatient() {
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

  void AddPeople() {
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

  void AddClinicResources() {
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

  // The protocol's screening questions as a Questionnaire (referenced by canonical URL).
  std::string QuestionnaireUrl() const { return Base("Questionnaire/screening"); }
  void AddScreeningQuestionnaire() {
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

  Result<void> AddAssessment(const Evaluation& evaluation) {
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
      components.push_back(
          Json{{"code", ObservationCode("raised-scar-area", "Raised scar area")},
               {"valueQuantity",
                Json{{"value", zone.keloid_area_cm2}, {"unit", "cm2"}, {"system", kUcum}, {"code", "cm2"}}}});
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
  void AddCondition() {
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

  Result<void> AddScreening(const Evaluation& evaluation) {
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
          extensions.push_back(
              Json{{"url", Extension("screening-finding")},
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
          a["item"] =
              Json::array({Json{{"linkId", key + ".stopped_months_ago"},
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

  Result<void> AddCarePlan(const PlanEntry& entry) {
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
  Result<Json> RecordedPrecaution(const PrecautionEntry& entry) const {
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
  Result<void> AddReassessment(const ReassessmentEntry& entry) {
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

  // An adverse event of the register: HL7's adverse-event severity and outcome codes, the
  // protocol's label for the kind of event, the session (Procedure) suspected.
  void AddAdverseEvent(const AdverseEventEntry& entry) {
    const std::string id = "adverse-event-" + std::to_string(entry.id);
    Json e = Start("AdverseEvent", id);
    e["meta"] = Json{{"versionId", std::to_string(entry.version)}, {"lastUpdated", InstantText(entry.updated_at)}};
    Json extensions = Json::array();
    if (!entry.treatment.empty()) extensions.push_back(Ext("adverse-event-treatment", "valueString", entry.treatment));
    if (!entry.resolved_on.empty()) extensions.push_back(Ext("resolved-on", "valueDate", entry.resolved_on));
    if (!entry.lot.empty()) extensions.push_back(Ext("cartridge-lot", "valueString", entry.lot));
    if (!entry.notes.empty()) extensions.push_back(Ext("notes", "valueString", entry.notes));
    if (!extensions.empty()) e["extension"] = std::move(extensions);
    e["actuality"] = "actual";
    const domain::AdverseEventType* type = protocol_.recovery.FindAdverseEventType(entry.type);
    e["event"] = Concept(CodeSystem("adverse-event-type"), entry.type,
                         type && !type->label.empty() ? type->label : Words(entry.type));
    e["subject"] = PatientRef();
    if (!entry.onset_on.empty()) e["date"] = entry.onset_on;
    e["recordedDate"] = InstantText(entry.recorded_at);
    e["recorder"] = PersonRef(entry.recorded_by);
    e["severity"] = Concept(kAdverseEventSeverity, entry.severity, Capitalised(entry.severity));
    const bool sequelae = entry.outcome == "resolved_with_sequelae";
    e["outcome"] = Concept(kAdverseEventOutcome, sequelae ? "resolvedWithSequelae" : entry.outcome,
                           sequelae ? "Resolved with Sequelae" : Capitalised(entry.outcome));
    if (entry.session_id) {
      e["suspectEntity"] =
          Json::array({Json{{"instance", Ref("Procedure", "session-" + std::to_string(*entry.session_id))}}});
    }
    Add(std::move(e));
    Provenance("provenance-" + id, Json::array({Ref("AdverseEvent", id)}), entry.recorded_at, entry.recorded_by,
               entry.version > 1 ? "UPDATE" : "CREATE", "author");
  }

  // A signed consent: the exact words shown (an attachment), the signer, withdrawal.
  void AddConsent(const ConsentEntry& entry) {
    const std::string id = "consent-" + std::to_string(entry.id);
    Json c = Start("Consent", id);
    Json extensions = Json::array({Ext("signature-method", "valueCode", entry.signature_method),
                                   Ext("text-sha256", "valueString", entry.text_sha256)});
    if (entry.withdrawn_at) {
      Json parts = Json::array({Part("at", "valueDateTime", InstantText(*entry.withdrawn_at))});
      if (entry.withdrawn_by) parts.push_back(Part("by", "valueReference", PersonRef(*entry.withdrawn_by)));
      extensions.push_back(Json{{"url", Extension("withdrawal")}, {"extension", std::move(parts)}});
    }
    c["extension"] = std::move(extensions);
    c["status"] = entry.withdrawn_at ? "inactive" : "active";
    const bool treatment = entry.purpose == "treatment";
    c["scope"] = Concept(kConsentScope, treatment ? "treatment" : "patient-privacy",
                         treatment ? "Treatment" : "Privacy Consent");
    c["category"] = Json::array({Concept(CodeSystem("consent-purpose"), entry.purpose, Words(entry.purpose))});
    c["patient"] = PatientRef();
    c["dateTime"] = InstantText(entry.signed_at);
    Json signer = entry.signer == "patient" ? PatientRef() : Json::object();
    signer["display"] = entry.signer_name + (entry.guardian_relationship && !entry.guardian_relationship->empty()
                                                 ? " (" + *entry.guardian_relationship + ")"
                                                 : std::string());
    c["performer"] = Json::array({std::move(signer)});
    c["sourceAttachment"] = Json{{"contentType", "text/plain; charset=utf-8"},
                                 {"data", Base64Encode(entry.shown_text)},
                                 {"title", entry.purpose + " " + entry.text_version},
                                 {"creation", InstantText(entry.signed_at)}};
    c["policy"] = Json::array({Json{{"uri", Base("consent-text/") + entry.purpose + "/" + entry.text_version}}});
    Add(std::move(c));
    Provenance("provenance-" + id, Json::array({Ref("Consent", id)}), entry.signed_at, entry.recorded_by, "CREATE",
               "author");
    if (entry.withdrawn_at && entry.withdrawn_by) {
      Provenance("provenance-" + id + "-withdrawal", Json::array({Ref("Consent", id)}), *entry.withdrawn_at,
                 *entry.withdrawn_by, "UPDATE", "author");
    }
  }

  // A photograph's record: the view, the visit, its size and digest (the bytes stay in Scarwise).
  void AddMedia(const PhotoEntry& entry) {
    const std::string id = "photo-" + std::to_string(entry.id);
    Json m = Start("Media", id);
    Json extensions =
        Json::array({Ext("visit", "valueInteger", entry.visit), Ext("sha256", "valueString", entry.sha256)});
    if (!entry.purposes.empty()) extensions.push_back(Ext("consent-purposes", "valueString", entry.purposes));
    m["extension"] = std::move(extensions);
    m["identifier"] = Json::array({Json{{"system", Base("photo-id")}, {"value", std::to_string(entry.id)}}});
    m["status"] = "completed";
    const domain::PhotoView* view = protocol_.photos.Find(entry.view);
    m["view"] =
        Concept(CodeSystem("photo-view"), entry.view, view && !view->label.empty() ? view->label : Words(entry.view));
    m["subject"] = PatientRef();
    m["createdDateTime"] = InstantText(entry.uploaded_at);
    m["issued"] = InstantText(entry.uploaded_at);
    m["operator"] = PersonRef(entry.uploaded_by);
    m["width"] = entry.width;
    m["height"] = entry.height;
    m["content"] = Json{{"contentType", entry.content_type}, {"creation", InstantText(entry.uploaded_at)}};
    Add(std::move(m));
    Provenance("provenance-" + id, Json::array({Ref("Media", id)}), entry.uploaded_at, entry.uploaded_by, "CREATE",
               "author");
  }

  void AddAppointment(const AppointmentEntry& entry) {
    const std::string id = std::to_string(entry.id);
    Json a = Start("Appointment", id);
    a["extension"] = Json::array({Ext("session-number", "valueInteger", entry.session_number)});
    a["status"] = FhirAppointmentStatus(entry.status);
    const std::string title = entry.follow_up ? protocol_.planning.outcome.follow_up.label
                                              : Say(words().session, "{number}", entry.session_number);
    if (!title.empty()) a["description"] = title;
    a["supportingInformation"] = Json::array({Ref("CarePlan", "plan-" + std::to_string(entry.plan_id))});
    a["start"] = InstantText(entry.starts_at);
    a["end"] = InstantText(entry.ends_at);
    a["minutesDuration"] = std::chrono::duration_cast<std::chrono::minutes>(entry.ends_at - entry.starts_at).count();
    a["created"] = InstantText(entry.created_at);
    Json participants = Json::array({Json{{"actor", PatientRef()}, {"status", "accepted"}}});
    for (int64_t resource : {entry.practitioner_id, entry.room_id, entry.device_id}) {
      participants.push_back(Json{{"actor", ResourceRef(resource)}, {"status", "accepted"}});
    }
    a["participant"] = std::move(participants);
    Add(std::move(a));
    Provenance("provenance-appointment-" + id, Json::array({Ref("Appointment", id)}), entry.created_at, entry.booked_by,
               "CREATE", "author");
  }

  Result<void> AddProcedure(const SessionEntry& entry) {
    auto chart = SessionChartFromDocument(entry.chart_json);
    if (!chart) return Unexpected(Internal("the stored session " + std::to_string(entry.id) + " is unreadable"));
    const std::string id = "session-" + std::to_string(entry.id);
    Json p = Start("Procedure", id);
    Json contained = Json::array();
    contained.push_back(
        Json{{"resourceType", "Device"},
             {"id", "pen"},
             {"deviceName", Json::array({Json{{"name", chart->device}, {"type", "user-friendly-name"}}})}});
    Json cartridge{{"resourceType", "Device"}, {"id", "cartridge"}};
    if (!chart->cartridge_lot.empty()) cartridge["lotNumber"] = chart->cartridge_lot;
    if (!words().cartridge.empty()) cartridge["type"] = TextOnly(words().cartridge);
    contained.push_back(std::move(cartridge));
    p["contained"] = std::move(contained);
    Json extensions = Json::array();
    extensions.push_back(Ext("session-number", "valueInteger", entry.session_number));
    for (const domain::ChartedZone& zone : chart->zones) {
      extensions.push_back(
          Json{{"url", Extension("treated-zone")},
               {"extension", Json::array({Part("zone", "valueCodeableConcept", ZoneConcept(zone.zone)),
                                          Part("needle-depth", "valueQuantity", Millimetres(zone.needle_depth_mm)),
                                          Part("passes", "valueInteger", zone.passes)})}});
    }
    if (!chart->numbing_product.empty()) {
      extensions.push_back(Json{{"url", Extension("numbing")},
                                {"extension", Json::array({Part("product", "valueString", chart->numbing_product),
                                                           Part("minutes", "valueInteger", chart->numbing_minutes)})}});
    }
    extensions.push_back(
        Json{{"url", Extension("immediate-reaction")},
             {"extension", Json::array({Part("redness", "valueInteger", chart->redness),
                                        Part("swelling", "valueInteger", chart->swelling),
                                        Part("bleeding", "valueCode", domain::BleedingName(chart->bleeding))})}});
    if (!chart->early_reason.empty()) extensions.push_back(Ext("early-reason", "valueString", chart->early_reason));
    if (entry.amendments > 0) extensions.push_back(Ext("amendments", "valueInteger", entry.amendments));
    p["extension"] = std::move(extensions);
    p["basedOn"] = Json::array({Ref("CarePlan", "plan-" + std::to_string(entry.plan_id))});
    p["status"] = "completed";
    if (!words().procedure.empty()) p["code"] = TextOnly(words().procedure);
    p["subject"] = PatientRef();
    p["performedPeriod"] =
        Json{{"start", FormatTimestamp(chart->started_at)}, {"end", FormatTimestamp(chart->ended_at)}};
    p["recorder"] = PersonRef(entry.charted_by);
    p["performer"] = Json::array({Json{{"actor", PersonRef(entry.charted_by)}}});
    Json sites = Json::array();
    for (const domain::ChartedZone& zone : chart->zones) sites.push_back(ZoneConcept(zone.zone));
    if (!sites.empty()) p["bodySite"] = std::move(sites);
    if (!chart->endpoint.empty()) p["outcome"] = TextOnly(chart->endpoint);
    if (!chart->notes.empty()) p["note"] = Json::array({Json{{"text", chart->notes}}});
    p["focalDevice"] =
        Json::array({Json{{"action", TextOnly("used")}, {"manipulated", Json{{"reference", "#cartridge"}}}}});
    p["usedReference"] = Json::array({Json{{"reference", "#pen"}}});
    Add(std::move(p));
    Provenance("provenance-" + id, Json::array({Ref("Procedure", id)}), entry.charted_at, entry.charted_by, "CREATE",
               "performer");
    return {};
  }

  void AddCheckIn(const CheckInEntry& entry) {
    const std::string id = "check-in-" + std::to_string(entry.id);
    Json o = Start("Observation", id);
    o["status"] = "final";
    o["category"] = Category(kObservationCategory, "survey", "Survey");
    o["code"] = ObservationCode("recovery-check-in", "Recovery check-in");
    o["subject"] = PatientRef();
    o["effectiveDateTime"] = InstantText(entry.recorded_at);
    o["performer"] = Json::array({PersonRef(entry.recorded_by)});
    Json components = Json::array();
    const auto integer = [&](const char* code, const char* display, int value) {
      components.push_back(Json{{"code", ObservationCode(code, display)}, {"valueInteger", value}});
    };
    integer("day-after-session", "Day after the session", entry.day_after_session);
    integer("redness", "Redness", entry.redness);
    integer("swelling", "Swelling", entry.swelling);
    integer("pain", "Pain", entry.pain);
    size_t start = 0;
    while (start < entry.warning_signs.size()) {
      size_t end = entry.warning_signs.find(',', start);
      if (end == std::string::npos) end = entry.warning_signs.size();
      const std::string key = entry.warning_signs.substr(start, end - start);
      if (!key.empty()) {
        const domain::WarningSign* sign = protocol_.recovery.FindSign(key);
        components.push_back(Json{
            {"code", ObservationCode("warning-sign", "Warning sign")},
            {"valueCodeableConcept",
             Concept(CodeSystem("warning-sign"), key, sign && !sign->patient.empty() ? sign->patient : Words(key))}});
      }
      start = end + 1;
    }
    if (!entry.products_applied.empty()) {
      components.push_back(Json{{"code", ObservationCode("products-applied", "Products applied")},
                                {"valueString", entry.products_applied}});
    }
    components.push_back(Json{{"code", ObservationCode("sun-protection-used", "Sun protection used")},
                              {"valueBoolean", entry.sunscreen_used}});
    components.push_back(
        Json{{"code", ObservationCode("makeup-used", "Make-up used")}, {"valueBoolean", entry.makeup_used}});
    o["component"] = std::move(components);
    Add(std::move(o));
    Provenance("provenance-" + id, Json::array({Ref("Observation", id)}), entry.recorded_at, entry.recorded_by,
               "CREATE", "author");
  }

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

// FNV-1a, 64 bits, from `seed`.
uint64_t Fnv(std::string_view text, uint64_t seed) {
  uint64_t h = seed;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string ResourceUrn(std::string_view type, std::string_view id) {
  std::string key = "scarwise:";
  key.append(type).append("/").append(id);
  uint64_t high = Fnv(key, 14695981039346656037ULL);
  uint64_t low = Fnv(key, 0x9e3779b97f4a7c15ULL);
  high = (high & ~0xF000ULL) | 0x8000ULL;                       // version 8: a custom UUID (RFC 9562)
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // the RFC variant
  char text[48];
  std::snprintf(text, sizeof text, "urn:uuid:%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

Result<std::vector<Resource>> CourseResources(const Course& course, const domain::Protocol& protocol,
                                              References references) {
  return Mapper(course, protocol, references).Run();
}

std::string CollectionBundle(const std::vector<Resource>& resources, Instant timestamp) {
  std::string out = R"({"resourceType":"Bundle","type":"collection","timestamp":)";
  out += "\"" + InstantText(timestamp) + "\",\"entry\":[";
  bool first = true;
  for (const Resource& r : resources) {
    if (!first) out.push_back(',');
    first = false;
    out += R"({"fullUrl":")" + ResourceUrn(r.type, r.id) + R"(","resource":)" + r.json + "}";
  }
  out += "]}";
  return out;
}

}  // namespace scarwise::interop::fhir
