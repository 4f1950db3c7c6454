#include "interop/fhir/fhir_export.hpp"

#include <cstdio>

#include "interop/fhir/fhir_mapper.hpp"

namespace scarwise::interop::fhir {
namespace detail {
namespace {

constexpr const char* kDataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
constexpr const char* kParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

}  // namespace

Mapper::Mapper(const Course& course, const domain::Protocol& protocol, References references)
    : course_(course), protocol_(protocol), references_(references) {
  for (const Person& person : course.people) people_[person.user_id] = &person;
  for (const ClinicResource& resource : course.resources) resources_[resource.id] = &resource;
}

Result<std::vector<Resource>> Mapper::Run() {
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

Json Mapper::Ref(std::string_view type, std::string_view id) const {
  const std::string target =
      references_ == References::kBundle ? ResourceUrn(type, id) : std::string(type) + "/" + std::string(id);
  return Json{{"reference", target}};
}

Json Mapper::PersonRef(int64_t user_id) const {
  const auto it = people_.find(user_id);
  if (it == people_.end()) return Json{{"display", "user " + std::to_string(user_id)}};
  if (it->second->role == domain::Role::kPatient) return PatientRef();
  return Ref("Practitioner", "user-" + std::to_string(user_id));
}

Json Mapper::ResourceRef(int64_t id) const {
  const auto it = resources_.find(id);
  if (it == resources_.end()) return Json{{"display", "resource " + std::to_string(id)}};
  const ClinicResource& resource = *it->second;
  if (resource.kind == domain::ResourceKind::kPractitioner) {
    if (resource.user_id && people_.count(*resource.user_id) != 0) return PersonRef(*resource.user_id);
    return Ref("Practitioner", "resource-" + std::to_string(id));
  }
  return Ref(resource.kind == domain::ResourceKind::kRoom ? "Location" : "Device", std::to_string(id));
}

void Mapper::Add(Json resource) {
  Resource r;
  r.type = resource["resourceType"].get<std::string>();
  r.id = resource["id"].get<std::string>();
  r.json = resource.dump();
  out_.push_back(std::move(r));
}

void Mapper::Provenance(std::string id, Json targets, Instant at, int64_t user_id, const char* activity,
                        const char* role) {
  Json p = Start("Provenance", std::move(id));
  p["target"] = std::move(targets);
  p["recorded"] = InstantText(at);
  p["activity"] = Json{{"coding", Json::array({Coding(kDataOperation, activity,
                                                      std::string_view(activity) == "CREATE" ? "create" : "update")})}};
  p["agent"] = Json::array({Json{{"type", Json{{"coding", Json::array({Coding(kParticipantType, role, role)})}}},
                                 {"who", PersonRef(user_id)}}});
  provenance_.push_back(std::move(p));
}

}  // namespace detail
namespace {

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
  return detail::Mapper(course, protocol, references).Run();
}

std::string CollectionBundle(const std::vector<Resource>& resources, Instant timestamp) {
  std::string out = R"({"resourceType":"Bundle","type":"collection","timestamp":)";
  out += "\"" + detail::InstantText(timestamp) + "\",\"entry\":[";
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
