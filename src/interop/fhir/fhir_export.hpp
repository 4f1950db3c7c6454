#pragma once

// A patient's course as FHIR R4 resources (docs/fhir.md): a pure mapping from the records
// the clinic keeps to JSON text. The caller (service/records_export.cpp) reads the records;
// this layer sees only plain values and the documents stored verbatim (assessment and
// screening inputs and results, plan proposals, session charts), whose shapes it owns.
//
// One function per resource kind (fhir_export.cpp): AdverseEvent, Consent and Media /
// DocumentReference are each one more function there, and one more list in Course, when
// those records exist.

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

namespace scarwise::interop::fhir {

using Instant = std::chrono::sys_seconds;

// Every Scarwise extension, code system and questionnaire lives under this one base URL.
inline constexpr std::string_view kBaseUrl = "https://scarwise.org/fhir/";

// A user who recorded something: staff (a Practitioner) or the patient's portal account.
struct Person {
  int64_t user_id = 0;
  std::string name;
  std::string role;  // admin | clinician | coordinator | patient
};

// A practitioner, room or device of the clinic's calendar.
struct ClinicResource {
  int64_t id = 0;
  std::string kind;  // practitioner | room | device
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
  std::string status;  // booked | cancelled | no_show | completed
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

// Everything one patient's Bundle is made of. Lists are oldest first.
struct Course {
  PatientEntry patient;
  std::vector<Evaluation> assessments;
  std::vector<Evaluation> screenings;
  std::vector<PlanEntry> plans;
  std::vector<AppointmentEntry> appointments;
  std::vector<SessionEntry> sessions;
  std::vector<CheckInEntry> check_ins;
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
