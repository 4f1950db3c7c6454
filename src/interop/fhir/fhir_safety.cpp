// Safety records as FHIR: the adverse-event register (AdverseEvent), signed consents
// (Consent) and photographs (Media).
#include "interop/fhir/fhir_mapper.hpp"

#include "common/base64.hpp"

namespace scarwise::interop::fhir::detail {
namespace {

constexpr const char* kAdverseEventSeverity = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
constexpr const char* kAdverseEventOutcome = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
constexpr const char* kConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";

// "mild" -> "Mild": the display HL7's code systems give their codes.
std::string Capitalised(std::string_view code) {
  std::string out(code);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace

// An adverse event of the register: HL7's adverse-event severity and outcome codes, the
// protocol's label for the kind of event, the session (Procedure) suspected.
void Mapper::AddAdverseEvent(const AdverseEventEntry& entry) {
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
void Mapper::AddConsent(const ConsentEntry& entry) {
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
  c["scope"] =
      Concept(kConsentScope, treatment ? "treatment" : "patient-privacy", treatment ? "Treatment" : "Privacy Consent");
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
void Mapper::AddMedia(const PhotoEntry& entry) {
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

}  // namespace scarwise::interop::fhir::detail
