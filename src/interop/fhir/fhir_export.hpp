#pragma once

// A patient's course as FHIR R4 resources (docs/fhir.md): a pure mapping from the records
// the clinic keeps to JSON text. The caller (service/records_export.cpp) reads the records;
// this layer sees only plain values and the documents stored verbatim (assessment and
// screening inputs and results, plan proposals, session charts), whose shapes it owns.
//
// One function per resource kind (fhir_export.cpp), one list in Course per kind of record.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/patient.hpp"
#include "domain/protocol.hpp"
#include "domain/role.hpp"
#include "domain/scheduling/appointment.hpp"

namespace scarwise::interop::fhir {

using Instant = std::chrono::sys_seconds;

// Every Scarwise extension, code system and questionnaire lives under this one base URL.
inline constexpr std::string_view kBaseUrl = "https://scarwise.org/fhir/";

// A user who recorded something: staff (a Practitioner) or the patient's portal account.
struct Person {
  int64_t user_id = 0;
  std::string name;
  domain::Role role = domain::Role::kPatient;
};

// A practitioner, room or device of the clinic's calendar.
struct ClinicResource {
  int64_t id = 0;
  domain::ResourceKind kind = domain::ResourceKind::kPractitioner;
  std::string name;
  std::optional<int64_t> user_id;  // a practitioner's staff account
};

struct PatientEntry {
  int64_t id = 0;
  domain::PatientDetails details;
  Instant created_at{};
  Instant updated_at{};
  int64_t version = 0;
};

// An assessment or a screening as stored.
struct Evaluation {
  int64_t id = 0;
  int64_t recorded_by = 0;
  Instant recorded_at{};
  std::string input_json;
  std::string result_json;
};

struct PlanEntry {
  int64_t id = 0;
  int64_t assessment_id = 0;
  int64_t screening_id = 0;
  std::string proposal_json;
  std::string status;  // proposed | approved
  std::string protocol_name;
  std::string protocol_version;
  int64_t created_by = 0;
  Instant created_at{};
  std::optional<int64_t> approved_by;
  std::optional<Instant> approved_at;
};

struct AppointmentEntry {
  int64_t id = 0;
  int64_t plan_id = 0;
  int session_number = 0;
  Instant starts_at{};
  Instant ends_at{};
  int64_t practitioner_id = 0;  // ClinicResource ids
  int64_t room_id = 0;
  int64_t device_id = 0;
  domain::AppointmentStatus status = domain::AppointmentStatus::kBooked;
  int64_t booked_by = 0;
  Instant created_at{};
  bool follow_up = false;  // the follow-up visit booked with the series (issue 21), not a session
};

struct SessionEntry {
  int64_t id = 0;
  int64_t plan_id = 0;
  int session_number = 0;
  std::optional<int64_t> appointment_id;
  int64_t screening_id = 0;
  int64_t charted_by = 0;
  Instant charted_at{};
  std::string chart_json;
  int amendments = 0;  // corrections charted since (their text stays in Scarwise)
};

struct CheckInEntry {
  int64_t id = 0;
  int64_t recorded_by = 0;
  Instant recorded_at{};
  int day_after_session = 0;
  int redness = 0;
  int swelling = 0;
  int pain = 0;
  std::string warning_signs;  // comma-separated names
  std::string products_applied;
  bool sunscreen_used = false;
  bool makeup_used = false;
};

// A precaution recorded for a plan before its approval (issue 19): the screening rule's code
// and what its `record` asks for (a JSON object of the protocol's field keys).
struct PrecautionEntry {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string code;
  std::string details_json;
  int64_t recorded_by = 0;
  Instant recorded_at{};
};

// An adverse event of the register. Dates "YYYY-MM-DD" ("" when not known).
struct AdverseEventEntry {
  int64_t id = 0;
  std::string type;      // a code of the protocol's list (recovery.yaml adverse_events)
  std::string severity;  // mild | moderate | severe
  std::string onset_on;
  std::optional<int64_t> session_id;
  std::string lot;
  std::string treatment;
  std::string outcome;  // ongoing | resolved | resolved_with_sequelae | unknown
  std::string resolved_on;
  std::string notes;
  int64_t recorded_by = 0;
  Instant recorded_at{};
  Instant updated_at{};
  int64_t version = 1;
};

// A signed consent, with the exact words shown.
struct ConsentEntry {
  int64_t id = 0;
  std::string purpose;  // treatment | photos_record | photos_teaching | photos_marketing
  std::string text_version;
  std::string shown_text;
  std::string text_sha256;
  std::string signer;  // patient | guardian
  std::string signer_name;
  std::optional<std::string> guardian_relationship;
  std::string signature_method;  // drawn | typed
  Instant signed_at{};
  int64_t recorded_by = 0;
  std::optional<Instant> withdrawn_at;
  std::optional<int64_t> withdrawn_by;
};

// A photograph's record (its bytes stay in Scarwise).
struct PhotoEntry {
  int64_t id = 0;
  std::string view;  // a protocol view code
  int visit = 0;     // 0: the baseline; N: session N
  std::string purposes;
  std::string content_type;
  std::string sha256;
  int64_t width = 0;
  int64_t height = 0;
  int64_t uploaded_by = 0;
  Instant uploaded_at{};
};

// A re-assessment at a session or a follow-up visit (issue 21), as stored: the input (scar
// inventory, grade, optional ECCA, the patient's ratings) and the scores computed from it.
struct ReassessmentEntry {
  int64_t id = 0;
  int64_t plan_id = 0;
  int64_t recorded_by = 0;
  Instant recorded_at{};
  std::string input_json;
  std::string result_json;
};

// Everything one patient's Bundle is made of. Lists are oldest first.
struct Course {
  PatientEntry patient;
  std::vector<Evaluation> assessments;
  std::vector<Evaluation> screenings;
  std::vector<PlanEntry> plans;
  std::vector<AppointmentEntry> appointments;
  std::vector<SessionEntry> sessions;
  std::vector<CheckInEntry> check_ins;
  std::vector<PrecautionEntry> precautions;
  std::vector<ReassessmentEntry> reassessments;
  std::vector<AdverseEventEntry> adverse_events;
  std::vector<ConsentEntry> consents;
  std::vector<PhotoEntry> photos;
  std::vector<Person> people;             // everyone named by a record above
  std::vector<ClinicResource> resources;  // the calendar's resources the appointments name
};

// One resource: its type ("Patient") and its JSON text (one line, no newline).
struct Resource {
  std::string type;
  std::string id;
  std::string json;
};

// How one resource names another: a Bundle's urn:uuid fullUrls (ResourceUrn), or "Type/id" as
// FHIR Bulk Data's NDJSON files do.
enum class References { kBundle, kRelative };

// The course's resources, in Bundle order: Patient first, then the people and resources it
// names, the Questionnaire, the clinical record, and Provenance last. kInternal when a stored
// document is unreadable (it names the record).
Result<std::vector<Resource>> CourseResources(const Course& course, const domain::Protocol& protocol,
                                              References references = References::kBundle);

// A Bundle of type "collection" holding `resources` (each with a urn:uuid fullUrl), as JSON.
std::string CollectionBundle(const std::vector<Resource>& resources, Instant timestamp);

// The urn:uuid a resource's fullUrl has, and every reference to it names: the same text for
// the same type and id, in every export.
std::string ResourceUrn(std::string_view type, std::string_view id);

}  // namespace scarwise::interop::fhir
