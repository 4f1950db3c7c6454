#pragma once

// The records the clinic keeps, as plain structs: what goes into the store (New*) and what
// comes back (*Record). No database types appear here; the service and HTTP layers are
// written against these structs and the ports in storage/store.hpp.
//
// Conventions shared by every record:
// - Ids are positive 64-bit integers assigned by the database; 0 is never a valid id.
// - Instants are whole UTC seconds (std::chrono::sys_seconds) read from the Clock port by
//   the caller and passed in; storage never reads a clock.
// - Text is UTF-8. Fields named *_json are JSON documents kept verbatim: storage neither
//   parses nor validates them (the interop layer owns their shape).

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/enum_names.hpp"
#include "domain/patient.hpp"
#include "domain/recovery/urgency.hpp"
#include "domain/role.hpp"
#include "domain/scheduling/appointment.hpp"

namespace scarwise::storage {

using Id = int64_t;
using Instant = std::chrono::sys_seconds;

// The patients with ids `first` to `last` (both included): one page of a whole-clinic read
// (the FHIR export). The *Of(PatientIds) lists read a table's rows for the whole page in one
// statement, ordered by patient and then as the per-patient list orders them.
struct PatientIds {
  Id first = 0;
  Id last = 0;
};

// ---- accounts ----------------------------------------------------------------------------

// A login. Staff users have no patient_id; a portal account has the patient role and is
// bound to exactly one patient (and a patient has at most one portal account). Roles are
// stored by name (domain/role.hpp).
struct NewUser {
  std::string email;  // unique among users, compared case-insensitively (ASCII letters)
  std::string name;
  domain::Role role = domain::Role::kPatient;
  std::string password_hash;  // a self-describing "$argon2id$..." string, never a password
  std::optional<Id> patient_id;
  Instant created_at{};
};

struct UserRecord {
  Id id = 0;
  std::string email;  // as first written (case preserved)
  std::string name;
  domain::Role role = domain::Role::kPatient;
  std::string password_hash;
  std::optional<Id> patient_id;
  Instant created_at{};
  bool disabled = false;
};

// A login session. Only the hash of the random token is stored.
struct NewSession {
  std::string token_hash;  // unique; e.g. hex SHA-256 of the token (service::TokenHash)
  Id user_id = 0;
  Instant created_at{};
  Instant expires_at{};
};

struct SessionRecord {
  Id id = 0;
  std::string token_hash;
  Id user_id = 0;
  Instant created_at{};
  Instant expires_at{};
  bool revoked = false;
};

// A portal invitation: the single-use, expiring link by which a patient sets the password of
// their portal account (staff never see or choose it). Only the hash of its token is stored.
struct NewInvitation {
  Id user_id = 0;  // the portal account it opens
  std::string token_hash;
  Id created_by = 0;
  Instant created_at{};
  Instant expires_at{};
};

struct InvitationRecord {
  Id id = 0;
  NewInvitation invitation;
};

// ---- patients ----------------------------------------------------------------------------

struct NewPatient {
  domain::PatientDetails details;
  Instant created_at{};  // also the first updated_at
};

// A patient record. `version` starts at 1 and grows by one with every update: it is the
// ETag of the record and the `expected_version` an update must name (If-Match).
struct PatientRecord {
  Id id = 0;
  domain::PatientDetails details;
  Instant created_at{};
  Instant updated_at{};
  int64_t version = 0;
};

// One page of a patient list. Order: family name, then given name (folded to lower case,
// compared bytewise, identically on every backend), then id; stable across pages even while
// records are added. `next_cursor` is empty on the last page; otherwise it is an opaque
// string to pass back as PatientQuery::after_cursor (safe in a URL query).
struct PatientQuery {
  // Case-insensitive substring matched against "family given email phone"; empty: all.
  // Case folding covers ASCII and Latin-1 letters (É = é).
  std::string text;
  int limit = 50;            // 1-1000; other values are kInvalidArgument (field "limit")
  std::string after_cursor;  // empty: the first page; a malformed cursor is kInvalidArgument
};

struct PatientPage {
  std::vector<PatientRecord> items;
  std::string next_cursor;
};

// ---- engine evaluations: assessments and screenings ---------------------------------------

// One run of the clinical engine for a patient, kept verbatim: the input document as the
// client sent it and the engine's result document (scores or screening decision).
struct NewEvaluation {
  Id patient_id = 0;
  Id created_by = 0;  // a user id
  Instant created_at{};
  std::string input_json;
  std::string result_json;
};

struct EvaluationRecord {
  Id id = 0;
  Id patient_id = 0;
  Id created_by = 0;
  Instant created_at{};
  std::string input_json;
  std::string result_json;
};

// Assessments (scar inventory -> scores) and screenings (answers -> decision) have the same
// shape and live in separate tables.
using NewAssessment = NewEvaluation;
using AssessmentRecord = EvaluationRecord;
using NewScreening = NewEvaluation;
using ScreeningRecord = EvaluationRecord;

// ---- treatment plans ---------------------------------------------------------------------

enum class PlanStatus { kProposed, kApproved };
constexpr std::array<Named<PlanStatus>, 2> NamesOf(PlanStatus) {
  return {{{PlanStatus::kProposed, "proposed"}, {PlanStatus::kApproved, "approved"}}};
}

// A plan proposed by the engine from one assessment and one screening of the same patient
// (a plan that names another patient's assessment or screening is rejected with kNotFound).
struct NewPlan {
  Id patient_id = 0;
  Id assessment_id = 0;
  Id screening_id = 0;
  std::string proposal_json;
  std::string protocol_name;     // the clinical protocol that produced the proposal
  std::string protocol_version;  // and its version, kept for every plan
  Id created_by = 0;
  Instant created_at{};  // also the first updated_at
};

// `version` starts at 1 and grows with every change (approval), as for patients.
struct PlanRecord {
  Id id = 0;
  Id patient_id = 0;
  Id assessment_id = 0;
  Id screening_id = 0;
  std::string proposal_json;
  PlanStatus status = PlanStatus::kProposed;
  std::string protocol_name;
  std::string protocol_version;
  Id created_by = 0;
  Instant created_at{};
  std::optional<Id> approved_by;       // set exactly when status is kApproved
  std::optional<Instant> approved_at;  // set exactly when status is kApproved
  Instant updated_at{};
  int64_t version = 0;
};

// ---- record history ----------------------------------------------------------------------

// One version of a record, written in the same transaction as the change: who changed what,
// when, and the whole record as it was after the change (storage/snapshots.hpp writes the
// snapshot of a patient or plan). (entity, entity_id, version) is unique.
struct NewHistoryEntry {
  std::string entity;  // "patient" | "plan" (any non-empty name is accepted)
  Id entity_id = 0;
  int64_t version = 0;
  std::optional<Id> changed_by;  // a user id; empty for a change made by the system (demo seed)
  Instant changed_at{};
  std::string snapshot_json;
};

struct HistoryRecord {
  Id id = 0;
  std::string entity;
  Id entity_id = 0;
  int64_t version = 0;
  std::optional<Id> changed_by;
  Instant changed_at{};
  std::string snapshot_json;
};

// ---- idempotency keys --------------------------------------------------------------------

// The stored outcome of a POST that carried an Idempotency-Key, so that a retry gets the
// same answer instead of a second write. Unique per (user_id, key).
struct IdempotencyRecord {
  Id user_id = 0;
  std::string key;           // the client's Idempotency-Key header, 1-255 bytes
  std::string method;        // "POST"
  std::string path;          // "/api/v1/patients"
  std::string request_hash;  // hex SHA-256 of the request body; a retry must match it
  int status_code = 0;       // the HTTP status that was answered
  Id created_id = 0;         // the record the request created, which a retry is answered with
  Instant created_at{};
};

// ---- audit log ---------------------------------------------------------------------------

// What an audit entry says happened. Entries are append-only and chained (see
// storage/audit_chain.hpp); the store assigns seq, prev_hash and hash.
struct NewAuditEntry {
  Instant at{};
  std::optional<Id> actor_user_id;  // empty: not authenticated (e.g. a failed login)
  std::string actor_role;           // a role name, or "" when not authenticated
  std::string action;               // "patient.read", "patient.update", "auth.login", ...
  std::string entity;               // "patient", "plan", ...; "" when none
  std::optional<Id> entity_id;
  std::string request_id;
  std::string outcome = "ok";  // "ok", "denied", "not_found", ... (an ErrorCodeName)
};

struct AuditRecord {
  int64_t seq = 0;  // 1, 2, 3, ... without gaps
  Instant at{};
  std::optional<Id> actor_user_id;
  std::string actor_role;
  std::string action;
  std::string entity;
  std::optional<Id> entity_id;
  std::string request_id;
  std::string outcome;
  std::string prev_hash;  // the previous entry's hash (64 hex digits); 64 zeros for seq 1
  std::string hash;       // AuditEntryMac(this entry, key): see storage/audit_chain.hpp
};

// Filters for listing the audit log, in seq order. An unset filter matches everything.
struct AuditQuery {
  int64_t after_seq = 0;  // the cursor: entries with seq > after_seq
  int limit = 100;        // 1-1000; other values are kInvalidArgument (field "limit")
  std::optional<Id> actor_user_id;
  std::string entity;  // with entity_id: the audit trail of one record
  std::optional<Id> entity_id;
};

struct AuditPage {
  std::vector<AuditRecord> items;
  int64_t next_after_seq = 0;  // 0 on the last page; otherwise pass as AuditQuery::after_seq
};

// The result of walking the whole chain.
struct AuditVerification {
  bool intact = true;
  int64_t entries_checked = 0;
  std::optional<int64_t> first_broken_seq;  // the first entry that does not verify
  std::string problem;                      // why, in words ("hash does not match the entry")
  std::string head_hash;                    // the last entry's hash: record it off-site to anchor the chain
  int64_t head_seq = 0;                     // the last entry's seq (0: the log is empty)
  // The first entry whose hash is an HMAC under the audit key (0: none). Entries before it
  // were written before keying (schema version 7) and carry plain SHA-256 hashes.
  int64_t keyed_from_seq = 0;
};

// ---- recovery: check-ins and alerts ----------------------------------------------------

// What a patient (or staff on their behalf) reports on a day after a session.
struct NewCheckIn {
  Id patient_id = 0;
  Id recorded_by = 0;  // the user who sent it
  Instant recorded_at{};
  int day_after_session = 0;
  int redness = 0;
  int swelling = 0;
  int pain = 0;
  std::string warning_signs;  // names, comma-separated ("pus,fever"); "" for none
  std::string products_applied;
  bool sunscreen_used = false;
  bool makeup_used = false;
};

struct CheckInRecord {
  Id id = 0;
  NewCheckIn check_in;
};

// An alert for the clinic, raised by a check-in's rule. Its status moves open ->
// acknowledged -> resolved (or open -> resolved); each step records who, when and a note.
struct NewAlert {
  Id patient_id = 0;
  std::optional<Id> check_in_id;
  domain::Urgency urgency = domain::Urgency::kRoutine;
  std::string code;
  std::string message;
  std::string source;
  Instant created_at{};
  // For a missed check-in: the session and the day that went without one. (session_id,
  // missed_day) is unique, so a missed day is alerted once.
  std::optional<Id> session_id;
  std::optional<int> missed_day;
};

struct AlertStep {
  Id by = 0;
  Instant at{};
  std::string note;
};

struct AlertRecord {
  Id id = 0;
  NewAlert alert;
  domain::AlertStatus status = domain::AlertStatus::kOpen;
  std::optional<AlertStep> acknowledged;
  std::optional<AlertStep> resolved;
  // The later check-ins that showed the same sign while the alert was still unresolved:
  // how many, and the latest (an alert is raised once per sign and session, not per check-in).
  int repeats = 0;
  std::optional<Id> last_check_in_id;
  std::optional<Instant> last_seen_at;
};

// Alerts newest first, filtered; `limit` 1-1000 after the cursor (the id of the last alert
// of the previous page, 0 for the first page).
struct AlertQuery {
  std::optional<domain::AlertStatus> status;  // any when absent
  std::optional<domain::Urgency> urgency;     // any when absent
  std::optional<Id> patient_id;
  int limit = 100;
  Id before_id = 0;
};

// ---- session day: charted sessions ------------------------------------------------------

// One charted treatment session of a plan. Never changed once stored (the database refuses
// updates and deletes); corrections are amendments.
struct NewTreatmentSession {
  Id patient_id = 0;
  Id plan_id = 0;
  int session_number = 0;  // 1-based within the plan; unique per plan
  std::optional<Id> appointment_id;
  Id screening_id = 0;  // the pre-session screening that cleared it
  Id charted_by = 0;
  Instant charted_at{};
  Instant ended_at{};          // aftercare counts from here
  int end_offset_minutes = 0;  // the UTC offset the end was charted in
  std::string chart_json;      // the chart in the API's shape
};

struct TreatmentSessionRecord {
  Id id = 0;
  NewTreatmentSession session;
};

struct NewSessionAmendment {
  Id session_id = 0;
  Id amended_by = 0;
  Instant amended_at{};
  std::string reason;
  std::string changes_json;
};

struct SessionAmendmentRecord {
  Id id = 0;
  NewSessionAmendment amendment;
};

// ---- scheduling ---------------------------------------------------------------------------

// The clinic's calendar settings (one row). Hours are JSON as the API writes them:
// {"mon": [["09:00", "17:00"]], ..., "sun": []}; closed dates ["2026-12-25", ...].
struct ClinicSettingsRecord {
  std::string time_zone;  // IANA name
  std::string opening_hours_json;
  std::string closed_dates_json;
  Instant updated_at{};
  int64_t version = 0;  // 0: never saved
};

// The clinic's identity (one row): what patients see on the portal, in e-mails, on the
// handout and in calendar files. The logo is a small PNG or JPEG, base64 ("" for none).
struct ClinicIdentityRecord {
  std::string name;
  std::string address;
  std::string phone;
  std::string email;
  std::string logo_type;  // "", "image/png" or "image/jpeg"
  std::string logo_base64;
  Instant updated_at{};
  int64_t version = 0;  // 0: never saved
};

// A practitioner, room or device. A practitioner's schedule_json holds
// {"working_hours": {...}, "absences": [{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}]};
// rooms and devices have "{}".
struct NewResource {
  domain::ResourceKind kind = domain::ResourceKind::kPractitioner;
  std::string name;
  std::optional<Id> user_id;  // a practitioner's staff account
  std::string schedule_json = "{}";
  Instant created_at{};
};

struct ResourceRecord {
  Id id = 0;
  NewResource resource;
  Instant updated_at{};
  int64_t version = 1;
};

// One booked session of a plan: a practitioner, a room and a device for [starts_at, ends_at).
// What an appointment is for: a treatment session of the plan, or the follow-up visit booked
// with the series (a re-assessment, never charted as a needling session).
enum class AppointmentKind { kSession, kFollowUp };
constexpr std::array<Named<AppointmentKind>, 2> NamesOf(AppointmentKind) {
  return {{{AppointmentKind::kSession, "session"}, {AppointmentKind::kFollowUp, "follow_up"}}};
}

// A follow-up visit's session_number is the plan's last session (the one it follows); each
// plan has at most one booked appointment per kind and number.
struct NewAppointment {
  Id plan_id = 0;
  Id patient_id = 0;
  int session_number = 0;
  Instant starts_at{};
  Instant ends_at{};
  Id practitioner_id = 0;
  Id room_id = 0;
  Id device_id = 0;
  Id booked_by = 0;
  Instant created_at{};
  AppointmentKind kind = AppointmentKind::kSession;
};

// Status moves booked -> cancelled | no_show | completed and never back. `sequence` counts
// the changes (the iCalendar SEQUENCE).
struct AppointmentRecord {
  Id id = 0;
  NewAppointment appointment;
  domain::AppointmentStatus status = domain::AppointmentStatus::kBooked;
  int sequence = 0;
  Instant updated_at{};
};

// What a booked appointment takes: the scheduler's view of it.
struct BookedSlot {
  Id plan_id = 0;
  Instant starts_at{};
  Instant ends_at{};
  Id practitioner_id = 0;
  Id room_id = 0;
  Id device_id = 0;
};

// Where a booked appointment moves.
struct AppointmentMove {
  Instant starts_at{};
  Instant ends_at{};
  Id practitioner_id = 0;
  Id room_id = 0;
  Id device_id = 0;
};

// Appointments starting in [from, to), each filter optional, by start time then id.
struct AppointmentQuery {
  std::optional<Instant> from;
  std::optional<Instant> to;
  std::optional<Id> practitioner_id;
  std::optional<Id> room_id;
  std::optional<Id> patient_id;
  std::optional<Id> plan_id;
  std::optional<AppointmentKind> kind;
  bool booked_only = false;
  int limit = 1000;  // 1-10000
};

// A calendar feed a patient or practitioner subscribes to: the URL carries a random token,
// of which only the hash is stored. Exactly one of patient_id and practitioner_id is set.
struct NewCalendarFeed {
  std::string token_hash;
  std::optional<Id> patient_id;
  std::optional<Id> practitioner_id;
  Id created_by = 0;
  Instant created_at{};
};

struct CalendarFeedRecord {
  Id id = 0;
  NewCalendarFeed feed;
  std::optional<Instant> revoked_at;       // set: the token opens nothing any more
  std::optional<Instant> last_fetched_at;  // the last fetch the rate limit let through
};

// ---- sign-in failures per (account, client address) ---------------------------------------

// The failed sign-ins of one e-mail address (lower-cased, whether or not an account has it)
// from one client address since the last success from there. Kept in the database so that
// every server behind one PostgreSQL throttles alike.
struct LoginFailureRecord {
  std::string email_key;  // the e-mail address, ASCII lower-cased
  std::string address;    // the client's IP address as text
  int64_t failures = 0;   // consecutive failures, >= 1
  Instant last_failure_at{};
  bool refusal_audited = false;  // a throttled attempt since the last failure was audited
};

// ---- product checks a patient ran (or staff for them) ----------------------------------------

struct NewProductCheck {
  Id patient_id = 0;
  Id checked_by = 0;
  Instant checked_at{};
  int day_after_session = 0;
  std::string product_type;
  std::string inci;
  std::string result_json;  // the answer as the API gave it
};

struct ProductCheckRecord {
  Id id = 0;
  NewProductCheck check;
};

// ---- the outbox of messages (reminders, alerts to the clinic) -----------------------------

// A message to send at `due_at` or later. `dedupe_key` makes enqueuing idempotent (one
// reminder per appointment version). An appointment reminder names the appointment and
// the sequence it was written for: it is skipped if the appointment changed since.
struct NewOutboxMessage {
  std::string kind;  // appointment_reminder | aftercare_reminder | check_in_reminder | clinic_alert
  std::string recipient;
  std::string subject;
  std::string body;
  std::optional<Id> patient_id;
  std::optional<Id> appointment_id;
  int appointment_sequence = 0;
  std::string dedupe_key;
  Instant due_at{};
  Instant created_at{};
};

// A message moves pending -> sent | failed (gave up after the last attempt) | skipped (no
// longer relevant); staff may put a failed one back to pending.
enum class DeliveryStatus { kPending, kSent, kFailed, kSkipped };

constexpr std::array<Named<DeliveryStatus>, 4> NamesOf(DeliveryStatus) {
  return {{{DeliveryStatus::kPending, "pending"},
           {DeliveryStatus::kSent, "sent"},
           {DeliveryStatus::kFailed, "failed"},
           {DeliveryStatus::kSkipped, "skipped"}}};
}

// `next_attempt_at` is when a pending message is next tried.
struct OutboxRecord {
  Id id = 0;
  NewOutboxMessage message;
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;
  Instant next_attempt_at{};
  std::string last_error;
  std::optional<Instant> sent_at;
};

// What one delivery attempt did to a message.
struct OutboxStep {
  DeliveryStatus status = DeliveryStatus::kSent;  // pending: retry later
  int attempts = 0;
  Instant next_attempt_at{};
  std::string last_error;
  std::optional<Instant> sent_at;
  // The body kept from now on, when it changes (a one-time link is not kept once it left).
  std::optional<std::string> body;
};

// ---- two-factor sign-in ------------------------------------------------------------------

// A staff account's TOTP enrolment, one per account. `enabled` false: enrolment started and
// not yet confirmed with a code (sign-in does not ask for one).
struct TwoFactorRecord {
  Id user_id = 0;
  std::string secret;  // the TOTP secret, base32: sign-in must compute codes from it
  bool enabled = false;
  int64_t last_step = 0;  // the newest TOTP time step accepted: each code works once
  Instant updated_at{};
};

// The clinic's sign-in policy (one row; never saved: every value off).
struct SecuritySettingsRecord {
  bool require_two_factor_for_staff = false;
  Instant updated_at{};
  std::optional<Id> updated_by;  // nullopt: never saved, or saved at the console
};

}  // namespace scarwise::storage
