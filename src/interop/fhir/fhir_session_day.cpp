// The session day as FHIR: Appointments, the sessions charted (Procedure) and the recovery
// check-ins (Observation).
#include "interop/fhir/fhir_mapper.hpp"

#include <chrono>

#include "interop/json/session_codec.hpp"

namespace scarwise::interop::fhir::detail {
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

}  // namespace

void Mapper::AddAppointment(const AppointmentEntry& entry) {
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

Result<void> Mapper::AddProcedure(const SessionEntry& entry) {
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
  extensions.push_back(Json{
      {"url", Extension("immediate-reaction")},
      {"extension",
       Json::array({Part("redness", "valueInteger", chart->redness), Part("swelling", "valueInteger", chart->swelling),
                    Part("bleeding", "valueCode", domain::BleedingName(chart->bleeding))})}});
  if (!chart->early_reason.empty()) extensions.push_back(Ext("early-reason", "valueString", chart->early_reason));
  if (entry.amendments > 0) extensions.push_back(Ext("amendments", "valueInteger", entry.amendments));
  p["extension"] = std::move(extensions);
  p["basedOn"] = Json::array({Ref("CarePlan", "plan-" + std::to_string(entry.plan_id))});
  p["status"] = "completed";
  if (!words().procedure.empty()) p["code"] = TextOnly(words().procedure);
  p["subject"] = PatientRef();
  p["performedPeriod"] = Json{{"start", FormatTimestamp(chart->started_at)}, {"end", FormatTimestamp(chart->ended_at)}};
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

void Mapper::AddCheckIn(const CheckInEntry& entry) {
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
  Provenance("provenance-" + id, Json::array({Ref("Observation", id)}), entry.recorded_at, entry.recorded_by, "CREATE",
             "author");
}

}  // namespace scarwise::interop::fhir::detail
