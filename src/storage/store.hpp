#pragma once

// The persistence port: a Store hands out Transactions (units of work); every read and
// write of records goes through a Transaction and becomes visible to others, all of it or
// none of it, when Commit() succeeds.
//
// Errors are values; nothing here throws. The codes:
// - kNotFound: the record does not exist (or a referenced record does not exist on insert).
// - kAlreadyExists: a uniqueness rule was broken (the `field` names it: "email",
//   "patient_id", "token_hash", "idempotency_key", "version").
// - kFailedPrecondition: `expected_version` is stale (the record changed since it was read:
//   HTTP 412), or the transaction can no longer be used (committed or aborted).
// - kConflict: the record is in a state that forbids the change (approving an approved plan).
// - kInvalidArgument: a value the schema rejects (an unknown role, a limit out of range).
// - kUnavailable: the database cannot be reached, is busy past the busy timeout, or
//   aborted the transaction to resolve contention (deadlock, serialization): retry the
//   whole unit of work.
// - kInternal: anything else.
// Messages are safe to show to a client; the database's own text goes only to the
// StoreOptions::log sink, without the statement's values.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

// Read-write transactions take the database's write lock at the start on SQLite (BEGIN
// IMMEDIATE: writers queue for up to the busy timeout instead of deadlocking later).
// Read-only transactions read one consistent snapshot and run beside writers; do not
// write in one (PostgreSQL refuses with kInvalidArgument, SQLite does not check).
enum class TransactionMode { kReadWrite, kReadOnly };

// One unit of work on one database connection. Use it from one thread at a time. It is
// rolled back when destroyed unless Commit() succeeded. The Store must outlive it.
//
// A failed Create*/Append*/Save* call, and any call that fails with kUnavailable or
// kInternal, aborts the transaction: it is rolled back at once (its locks are released) and
// later calls return kFailedPrecondition. (PostgreSQL aborts a transaction on a failed
// statement; SQLite follows the same rule here so that both backends behave alike.) Other
// errors - kNotFound from a lookup, update or revocation, kFailedPrecondition for a stale
// version, kConflict, kInvalidArgument for a bad limit or cursor - leave it usable. Start a
// new transaction to go on after an abort.
//
// On SQLite one read-write transaction runs at a time: Begin() waits (up to the busy
// timeout) while another is open, so never hold one while beginning another on the same
// thread.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // ---- users and portal accounts ----
  // A new user; kAlreadyExists (field "email") when the email is taken, ignoring ASCII case;
  // kAlreadyExists (field "patient_id") when the patient already has a portal account;
  // kNotFound when patient_id names no patient; kInvalidArgument for an unknown role or a
  // role/patient_id mismatch (a "patient" user needs a patient_id, staff must have none).
  virtual Result<Id> CreateUser(const NewUser& user) = 0;
  virtual Result<UserRecord> FindUser(Id id) = 0;
  // Case-insensitive (ASCII) match on the whole email.
  virtual Result<UserRecord> FindUserByEmail(std::string_view email) = 0;
  // The portal account bound to a patient.
  virtual Result<UserRecord> FindPortalAccount(Id patient_id) = 0;
  // Staff and portal users in id order, `limit` (1-1000) after the id `after_id`.
  virtual Result<std::vector<UserRecord>> ListUsers(int limit, Id after_id) = 0;
  virtual Result<void> SetUserDisabled(Id id, bool disabled) = 0;
  virtual Result<void> SetPasswordHash(Id id, std::string_view password_hash) = 0;

  // ---- sessions ----
  // kAlreadyExists (field "token_hash") for a duplicate hash; kNotFound for an unknown user.
  virtual Result<Id> CreateSession(const NewSession& session) = 0;
  // The session with this token hash, whatever its state.
  virtual Result<SessionRecord> FindSession(std::string_view token_hash) = 0;
  // The user of a live session: the session exists, is not revoked, `now` < expires_at, and
  // the user is not disabled. kNotFound otherwise (an unauthenticated request: the caller
  // does not learn which). One indexed query: meant for every request.
  virtual Result<UserRecord> AuthenticateSession(std::string_view token_hash, Instant now) = 0;
  // Marks the session revoked; kNotFound when there is none. Revoking twice is fine.
  virtual Result<void> RevokeSession(std::string_view token_hash) = 0;
  // Revokes every session of a user (password change, disabling); returns how many.
  virtual Result<int64_t> RevokeUserSessions(Id user_id) = 0;
  // Deletes sessions that expired before `now`; returns how many.
  virtual Result<int64_t> DeleteExpiredSessions(Instant now) = 0;

  // ---- portal invitations ----
  // kAlreadyExists (field "token_hash") for a duplicate hash; kNotFound for an unknown user.
  virtual Result<Id> CreateInvitation(const NewInvitation& invitation) = 0;
  // The invitation of this token hash if it can still be accepted at `now`: not used, not
  // revoked, not expired. kNotFound otherwise (the caller does not learn which).
  virtual Result<InvitationRecord> FindLiveInvitation(std::string_view token_hash, Instant now) = 0;
  // Marks the invitation used at `now`; kConflict (field "token") when it was used or
  // revoked meanwhile (a second acceptance racing the first loses).
  virtual Result<void> UseInvitation(Id id, Instant now) = 0;
  // Revokes every unused invitation of a user (a new invitation, disabling); returns how many.
  virtual Result<int64_t> RevokeUserInvitations(Id user_id) = 0;

  // ---- patients ----
  // A new patient at version 1.
  virtual Result<Id> CreatePatient(const NewPatient& patient) = 0;
  virtual Result<PatientRecord> FindPatient(Id id) = 0;
  // See PatientQuery for order, search and cursors.
  virtual Result<PatientPage> ListPatients(const PatientQuery& query) = 0;
  // Replaces the details when the record is still at `expected_version`, and returns the
  // record at its new version (expected_version + 1). kNotFound when there is no such
  // patient; kFailedPrecondition (field "version") when the version is stale. Of two
  // concurrent updates naming the same version exactly one succeeds.
  virtual Result<PatientRecord> UpdatePatient(Id id, int64_t expected_version, const domain::PatientDetails& details,
                                              Instant updated_at) = 0;

  // ---- assessments and screenings (kNotFound when patient or creator does not exist) ----
  virtual Result<Id> CreateAssessment(const NewAssessment& assessment) = 0;
  virtual Result<AssessmentRecord> FindAssessment(Id id) = 0;
  // The newest (highest id) assessment of a patient; kNotFound when there is none.
  virtual Result<AssessmentRecord> LatestAssessment(Id patient_id) = 0;
  // All assessments of a patient, oldest first.
  virtual Result<std::vector<AssessmentRecord>> ListAssessments(Id patient_id) = 0;
  virtual Result<Id> CreateScreening(const NewScreening& screening) = 0;
  virtual Result<ScreeningRecord> FindScreening(Id id) = 0;
  virtual Result<ScreeningRecord> LatestScreening(Id patient_id) = 0;
  virtual Result<std::vector<ScreeningRecord>> ListScreenings(Id patient_id) = 0;

  // ---- plans ----
  // A proposed plan at version 1. kNotFound when the patient, creator, assessment or
  // screening does not exist or the assessment or screening belongs to another patient.
  virtual Result<Id> CreatePlan(const NewPlan& plan) = 0;
  virtual Result<PlanRecord> FindPlan(Id id) = 0;
  // The newest (highest id) plan of a patient; kNotFound when there is none.
  virtual Result<PlanRecord> LatestPlan(Id patient_id) = 0;
  // All plans of a patient, oldest first.
  virtual Result<std::vector<PlanRecord>> ListPlans(Id patient_id) = 0;
  // Approves a proposed plan at `expected_version`; returns it at its new version.
  // kNotFound: no such plan; kFailedPrecondition (field "version"): stale version;
  // kConflict: the plan is already approved; kNotFound: no such approving user.
  virtual Result<PlanRecord> ApprovePlan(Id id, int64_t expected_version, Id approved_by, Instant approved_at) = 0;
  // Replaces the proposal of a proposed plan at `expected_version` (a clinician's
  // adjustment); returns it at its new version. Errors as for ApprovePlan.
  virtual Result<PlanRecord> ReviseProposal(Id id, int64_t expected_version, std::string_view proposal_json,
                                            Instant updated_at) = 0;
  // Plans in one status, in id order, `limit` (1-1000) after the id `after_id`.
  virtual Result<std::vector<PlanRecord>> ListPlansByStatus(PlanStatus status, int limit, Id after_id) = 0;

  // ---- record history ----
  // kAlreadyExists (field "version") when that version of the record is already recorded.
  virtual Result<Id> AppendHistory(const NewHistoryEntry& entry) = 0;
  // Every recorded version of one record, oldest first (empty when none).
  virtual Result<std::vector<HistoryRecord>> ListHistory(std::string_view entity, Id entity_id) = 0;

  // ---- idempotency keys ----
  // The stored outcome for (user_id, key); kNotFound when the key is new.
  virtual Result<IdempotencyRecord> FindIdempotency(Id user_id, std::string_view key) = 0;
  // kAlreadyExists (field "idempotency_key") when (user_id, key) is already stored: a
  // concurrent retry won; roll back and answer with what FindIdempotency returns.
  virtual Result<void> SaveIdempotency(const IdempotencyRecord& record) = 0;
  // Deletes keys created before `before`; returns how many.
  virtual Result<int64_t> DeleteIdempotencyBefore(Instant before) = 0;

  // ---- audit log (append-only, chained by HMAC under the store's audit key) ----
  // Appends an entry after the current last one and returns it with its seq and hashes.
  // Appends are serialised across transactions (a row lock held until commit), so append
  // audit entries as the last writes of a unit of work. kFailedPrecondition when the store
  // was opened without an audit key (StoreOptions::audit_keys).
  virtual Result<AuditRecord> AppendAudit(const NewAuditEntry& entry) = 0;
  // Appends `entries` in order, as consecutive entries: one head update for all of them.
  virtual Result<void> AppendAudits(std::span<const NewAuditEntry> entries) = 0;
  // Adds up to `max_entries` entries past the last indexed one to the index of each record's
  // audit trail and returns how many it covered (0: up to date). ListAudit by record also
  // reads the entries not indexed yet, so this only keeps that query fast; appending an
  // entry never waits for it.
  virtual Result<int64_t> IndexAuditTrail(int64_t max_entries) = 0;
  virtual Result<AuditPage> ListAudit(const AuditQuery& query) = 0;
  // Walks the whole chain from seq 1: every seq present once, in order, each prev_hash equal
  // to the previous hash, each hash recomputed from its fields, and the last entry equal to
  // the recorded head (so deleting the newest entries is noticed too). Entries written
  // before keying (a plain SHA-256 prefix) verify only as a prefix: from the first entry
  // whose hash is an HMAC under one of the audit keys, every later entry must be one too,
  // and a non-empty chain must end in a keyed entry (a chain rewritten with plain SHA-256
  // is broken). Reads in pages: the log may be large. A broken chain is a successful call
  // with intact == false; kFailedPrecondition when the store has no audit key.
  virtual Result<AuditVerification> VerifyAudit() = 0;

  // ---- recovery: check-ins and alerts ----
  // kNotFound when the patient or the recording user does not exist.
  virtual Result<Id> CreateCheckIn(const NewCheckIn& check_in) = 0;
  // A patient's check-ins, oldest first.
  virtual Result<std::vector<CheckInRecord>> ListCheckIns(Id patient_id) = 0;
  // A new open alert; kNotFound when the patient or check-in does not exist;
  // kInvalidArgument for an unknown urgency; kAlreadyExists (field "missed_day") when that
  // missed check-in day of that session is already alerted.
  virtual Result<Id> CreateAlert(const NewAlert& alert) = 0;
  virtual Result<AlertRecord> FindAlert(Id id) = 0;
  virtual Result<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query) = 0;
  // Appends a later check-in showing the same sign to an unresolved alert (repeats + 1);
  // kConflict (field "status") when the alert is resolved.
  virtual Result<AlertRecord> RepeatAlert(Id id, Id check_in_id, Instant at) = 0;
  // Records who acknowledged an open alert; kConflict (field "status") unless it is open.
  virtual Result<AlertRecord> AcknowledgeAlert(Id id, const AlertStep& step) = 0;
  // Records who resolved an open or acknowledged alert; kConflict when already resolved.
  virtual Result<AlertRecord> ResolveAlert(Id id, const AlertStep& step) = 0;

  // ---- session day: charted sessions ----
  // kAlreadyExists (field "session_number") when the plan's session is already charted;
  // kNotFound when the patient, plan, screening or user does not exist.
  virtual Result<Id> CreateTreatmentSession(const NewTreatmentSession& session) = 0;
  virtual Result<TreatmentSessionRecord> FindTreatmentSession(Id id) = 0;
  // A patient's charted sessions, oldest first.
  virtual Result<std::vector<TreatmentSessionRecord>> ListTreatmentSessions(Id patient_id) = 0;
  // Sessions that ended at or after `since`, oldest first (the missed check-in sweep).
  virtual Result<std::vector<TreatmentSessionRecord>> ListTreatmentSessionsEndedSince(Instant since) = 0;
  // kNotFound when the session or user does not exist.
  virtual Result<Id> AppendSessionAmendment(const NewSessionAmendment& amendment) = 0;
  // A session's amendments, oldest first.
  virtual Result<std::vector<SessionAmendmentRecord>> ListSessionAmendments(Id session_id) = 0;

  // ---- scheduling: the clinic's calendar, resources and appointments ----
  // kNotFound when the settings were never saved.
  virtual Result<ClinicSettingsRecord> FindClinicSettings() = 0;
  // Saves the settings when they are at `expected_version` (0: never saved) and returns them
  // at the next version; kFailedPrecondition (field "version") when stale.
  virtual Result<ClinicSettingsRecord> SaveClinicSettings(const ClinicSettingsRecord& settings,
                                                          int64_t expected_version) = 0;
  // kInvalidArgument (field "kind") for an unknown kind; kNotFound for an unknown user.
  virtual Result<Id> CreateResource(const NewResource& resource) = 0;
  virtual Result<ResourceRecord> FindResource(Id id) = 0;
  // Every resource, in id order.
  virtual Result<std::vector<ResourceRecord>> ListResources() = 0;
  // Replaces name and schedule at `expected_version`; errors as for UpdatePatient.
  virtual Result<ResourceRecord> UpdateResource(Id id, int64_t expected_version, std::string_view name,
                                                std::string_view schedule_json, Instant updated_at) = 0;
  // Books an appointment (status booked, sequence 0) and claims every quarter hour of its
  // practitioner, room and device in the database, so that two bookings racing for one
  // resource cannot both commit: kAlreadyExists (field "slot") when one is already taken,
  // (field "session_number") when the plan's session already has a booked appointment.
  // kNotFound when the plan, patient, a resource or the user does not exist.
  virtual Result<Id> CreateAppointment(const NewAppointment& appointment) = 0;
  virtual Result<AppointmentRecord> FindAppointment(Id id) = 0;
  virtual Result<std::vector<AppointmentRecord>> ListAppointments(const AppointmentQuery& query) = 0;
  // Every booked appointment starting in [from, to), as the scheduler needs it (read in
  // bulk: the booking path reads months of a busy clinic on every call).
  virtual Result<std::vector<BookedSlot>> ListBookedSlots(Instant from, Instant to) = 0;
  // Moves a booked appointment (its quarter hours follow it) and bumps its sequence.
  // kConflict (field "status") unless booked; kAlreadyExists (field "slot") as for booking.
  virtual Result<AppointmentRecord> MoveAppointment(Id id, const AppointmentMove& move, Instant updated_at) = 0;
  // Closes a booked appointment as cancelled, no_show (both free its quarter hours) or
  // completed, and bumps its sequence. kConflict (field "status") unless booked;
  // kInvalidArgument (field "status") for another status.
  virtual Result<AppointmentRecord> CloseAppointment(Id id, std::string_view status, Instant updated_at) = 0;

  // kAlreadyExists (field "token_hash") for a duplicate; kNotFound for an unknown owner.
  virtual Result<Id> CreateCalendarFeed(const NewCalendarFeed& feed) = 0;
  // The feed with this token hash, revoked or not.
  virtual Result<CalendarFeedRecord> FindCalendarFeed(std::string_view token_hash) = 0;
  // A patient's feeds that are not revoked, oldest first.
  virtual Result<std::vector<CalendarFeedRecord>> ListCalendarFeeds(Id patient_id) = 0;
  // Revokes one feed of a patient at `at`; kNotFound when the patient has no such live feed.
  virtual Result<void> RevokeCalendarFeed(Id patient_id, Id feed_id, Instant at) = 0;
  // Revokes every live feed of a patient; returns how many.
  virtual Result<int64_t> RevokeCalendarFeeds(Id patient_id, Instant at) = 0;
  // Records a fetch of a live feed at `now` unless one was recorded after `not_before`
  // (the rate limit: of two servers racing, one wins). False: refused, nothing changed.
  virtual Result<bool> ClaimCalendarFeedFetch(Id feed_id, Instant now, Instant not_before) = 0;

  // ---- sign-in failures per (email, address) ----
  // The failures of (email_key, address); kNotFound when there are none.
  virtual Result<LoginFailureRecord> FindLoginFailures(std::string_view email_key, std::string_view address) = 0;
  // Counts one more failure at `now` (atomically, also across servers) and clears the
  // refusal mark; returns the row as it is now.
  virtual Result<LoginFailureRecord> RecordLoginFailure(std::string_view email_key, std::string_view address,
                                                        Instant now) = 0;
  // Marks that a throttled attempt was audited since the last failure. True when this call
  // set the mark (audit now), false when it was set already (or there is no row).
  virtual Result<bool> MarkLoginRefusalAudited(std::string_view email_key, std::string_view address) = 0;
  // Forgets the failures of (email_key, address) (a success). Fine when there are none.
  virtual Result<void> ClearLoginFailures(std::string_view email_key, std::string_view address) = 0;
  // Deletes failure rows whose last failure was before `before`; returns how many.
  virtual Result<int64_t> DeleteLoginFailuresBefore(Instant before) = 0;

  // ---- product checks ----
  // kNotFound when the patient or user does not exist.
  virtual Result<Id> CreateProductCheck(const NewProductCheck& check) = 0;
  // A patient's product checks, newest first, at most `limit` (1-1000).
  virtual Result<std::vector<ProductCheckRecord>> ListProductChecks(Id patient_id, int limit) = 0;

  // ---- outbox ----
  // kAlreadyExists (field "dedupe_key") when a message with that key was enqueued before:
  // the caller treats it as done.
  virtual Result<Id> EnqueueMessage(const NewOutboxMessage& message) = 0;
  // Pending messages whose next attempt is due at `now`, at most `limit`: the priority lane
  // first (clinic alerts, portal invitations, delivery-failure notices: IsPriorityMessage),
  // then the rest, each oldest due first.
  virtual Result<std::vector<OutboxRecord>> DueMessages(Instant now, int limit) = 0;
  // Records an attempt's outcome; kNotFound for an unknown message.
  virtual Result<void> StepMessage(Id id, const OutboxStep& step) = 0;
  // A failed message is tried again: pending, no attempts, next attempt `now`, no error;
  // kNotFound for an unknown message, kConflict (field "status") unless it is failed.
  virtual Result<OutboxRecord> RetryMessage(Id id, Instant now) = 0;
  // Messages newest first, optionally of one status, `limit` (1-1000) before the id `before`.
  virtual Result<std::vector<OutboxRecord>> ListMessages(std::optional<std::string> status, int limit, Id before) = 0;

  // ---- two-factor sign-in ----
  // The account's TOTP enrolment; kNotFound when it has none.
  virtual Result<TwoFactorRecord> FindTwoFactor(Id user_id) = 0;
  // Stores the account's enrolment, replacing the one it had; kNotFound for an unknown user.
  virtual Result<void> SaveTwoFactor(const TwoFactorRecord& record) = 0;
  // Records that the enabled enrolment's code of time step `step` was used. kConflict (field
  // "code") when a code of that step or a later one was used before (a replayed code, or two
  // sign-ins racing with one code: exactly one wins); kNotFound without an enabled enrolment.
  virtual Result<void> UseTwoFactorStep(Id user_id, int64_t step) = 0;
  // Deletes the account's enrolment and its recovery codes (nothing to delete is fine).
  virtual Result<void> DeleteTwoFactor(Id user_id) = 0;
  // Replaces the account's recovery codes by these SHA-256 hashes (hex), all unused.
  virtual Result<void> ReplaceRecoveryCodes(Id user_id, std::span<const std::string> code_hashes,
                                            Instant created_at) = 0;
  // Marks the account's unused recovery code with this hash used; kNotFound when it has no
  // such unused code (wrong, or used before: each works once).
  virtual Result<void> UseRecoveryCode(Id user_id, std::string_view code_hash, Instant used_at) = 0;
  // How many of the account's recovery codes are unused.
  virtual Result<int64_t> CountRecoveryCodes(Id user_id) = 0;
  // The clinic's sign-in policy; all off when never saved.
  virtual Result<SecuritySettingsRecord> FindSecuritySettings() = 0;
  virtual Result<void> SaveSecuritySettings(const SecuritySettingsRecord& settings) = 0;

  // ---- nested units of work (group commit) ----
  // Runs `unit` on this transaction inside a savepoint, so that many small units share one
  // commit. When `unit` returns an error, or one of its calls fails in a way that would
  // abort the transaction (see above), only the unit's writes are undone and the
  // transaction goes on with the next unit; the unit's later calls return
  // kFailedPrecondition. Returns what `unit` returned, or kUnavailable when this
  // transaction can no longer run units (it was aborted, or undoing a unit failed: every
  // unit in it is lost - retry them). Units do not nest, and Commit() inside one is
  // kFailedPrecondition.
  virtual Result<void> Nested(const std::function<Result<void>(Transaction&)>& unit) = 0;

  // Makes every write of this transaction durable and visible (on SQLite: the WAL is synced
  // before Commit returns). On error nothing was committed. Calls after Commit() return
  // kFailedPrecondition.
  virtual Result<void> Commit() = 0;
};

// What a store reports about failures that are not the caller's fault (kUnavailable,
// kInternal): the operation, the backend's error code and its first message line, never the
// statement's bound values. Patient data must not reach logs.
struct StorageLogEvent {
  std::string operation;  // "UpdatePatient", "Begin", "Commit", "Migrate", ...
  ErrorCode code = ErrorCode::kInternal;
  std::string backend_code;  // SQLSTATE on PostgreSQL, the SQLite result code
  std::string detail;
};

struct StoreOptions {
  // Connections kept open; at most this many transactions run at once, others wait in
  // Begin() for up to `busy_timeout` and then get kUnavailable.
  int max_connections = 8;
  // How long a statement or Begin() waits for a lock or a connection before kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
  // Receives unexpected failures; by default they are written as one line to stderr.
  std::function<void(const StorageLogEvent&)> log;
  // The audit log's HMAC keys (storage/audit_key.hpp), each kAuditKeyBytes raw bytes, oldest
  // first: the last one keys new entries, earlier ones (rotated out) only verify old ones.
  // Kept outside the database, so that whoever can edit the database cannot re-key the log.
  // Empty: audit entries can be neither appended nor verified.
  std::vector<std::string> audit_keys;
};

// One Store per database. Thread-safe: any thread may call Begin().
class Store {
 public:
  virtual ~Store() = default;
  // A new transaction on a pooled connection. kUnavailable when the database cannot be
  // reached or every connection stays busy for the busy timeout.
  virtual Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode = TransactionMode::kReadWrite) = 0;
  // "sqlite" or "postgresql".
  virtual std::string_view BackendName() const = 0;
};

// The database URL forms:
//   sqlite:PATH                     a SQLite file (created if missing, with mode 0600 like its
//                                   -wal and -shm files), e.g. sqlite:./scarwise.db
//   postgresql://USER@HOST:PORT/DB  (or postgres://...) a libpq URI
//   postgresql:CONNINFO             a libpq conninfo, e.g. postgresql:host=/tmp port=5432 dbname=x
//   host=... dbname=...             a bare libpq conninfo (contains '=')
// Anything else is kInvalidArgument (field "db"). ":memory:" is refused: pooled connections
// would each see their own empty database.
inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite:./scarwise.db";

// Opens a store and applies pending migrations first (safe when several servers start at
// once). kUnavailable when the database cannot be reached; kFailedPrecondition when the
// database has a newer schema than this program knows.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, StoreOptions options = {});

// Applies pending migrations and returns the schema version the database is at afterwards.
// Idempotent. This is `scarwise migrate --db URL`.
Result<int> Migrate(std::string_view url);

// The schema version this program creates and expects.
int LatestSchemaVersion();

}  // namespace scarwise::storage
