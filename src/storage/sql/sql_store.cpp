// The storage port over SOCI, shared by the SQLite and PostgreSQL backends: a connection
// pool, transactions, every record's SQL, and the migration runner. SQL here is written
// once for both dialects (`:name` placeholders, INSERT ... RETURNING, row-value
// comparisons); what differs lives behind sql::Dialect.
#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <limits>
#include <mutex>
#include <span>
#include <utility>

#include "storage/audit_chain.hpp"
#include "storage/sql/dialect.hpp"
#include "storage/text.hpp"

namespace scarwise::storage::sql {
namespace {

constexpr int kMaxPageSize = 1000;
constexpr int64_t kVerifyBatch = 1000;

Error MakeError(ErrorCode code, std::string message, std::string field = "") {
  return Error{code, std::move(message), std::move(field)};
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The input field a constraint guards, from the constraint or column names that both
// SQLite's and PostgreSQL's messages carry.
std::string FieldForConstraint(std::string_view detail) {
  if (Contains(detail, "email_key")) return "email";
  if (Contains(detail, "users_patient_id") || Contains(detail, "users.patient_id")) return "patient_id";
  if (Contains(detail, "token_hash")) return "token_hash";
  if (Contains(detail, "idempotency_keys")) return "idempotency_key";
  if (Contains(detail, "record_history")) return "version";
  if (Contains(detail, "users_role")) return "role";
  if (Contains(detail, "patients_sex")) return "sex";
  if (Contains(detail, "patients_fitzpatrick")) return "fitzpatrick";
  if (Contains(detail, "plans_status")) return "status";
  if (Contains(detail, "alerts_missed_check_in") || Contains(detail, "alerts.session_id")) return "missed_day";
  if (Contains(detail, "treatment_sessions_number") || Contains(detail, "treatment_sessions.session_number")) {
    return "session_number";
  }
  if (Contains(detail, "resource_slots")) return "slot";
  if (Contains(detail, "appointments_booked_session") || Contains(detail, "appointments.session_number")) {
    return "session_booked";
  }
  if (Contains(detail, "resources_kind")) return "kind";
  if (Contains(detail, "outbox_messages")) return "dedupe_key";
  if (Contains(detail, "appointments_status")) return "status";
  if (Contains(detail, "assessment")) return "assessment_id";
  if (Contains(detail, "screening")) return "screening_id";
  return "";
}

// What a client may be told about a database failure.
std::string ClientMessage(ErrorCode code, std::string_view field) {
  switch (code) {
    case ErrorCode::kAlreadyExists:
      if (field == "email") return "an account with this email already exists";
      if (field == "patient_id") return "this patient already has a portal account";
      if (field == "idempotency_key") return "this idempotency key has already been used";
      if (field == "version") return "this version of the record is already recorded";
      if (field == "session_number") return "this session of the plan is already charted";
      if (field == "session_booked") return "this session of the plan already has a booked appointment";
      if (field == "slot") return "that time is already taken for this practitioner, room or device";
      return "the record already exists";
    case ErrorCode::kNotFound:
      return "a record that this one refers to does not exist";
    case ErrorCode::kInvalidArgument:
      return "a value is not allowed here";
    case ErrorCode::kPermissionDenied:
      return "the audit log can only be appended to";
    case ErrorCode::kUnavailable:
      return "the record store is unavailable; try again";
    default:
      return "the record store failed";
  }
}

void DefaultLog(const StorageLogEvent& event) {
  std::fprintf(stderr, "storage: %s failed: %s [%s] %s\n", event.operation.c_str(),
               std::string(ErrorCodeName(event.code)).c_str(), event.backend_code.c_str(), event.detail.c_str());
}

int64_t Seconds(Instant at) {
  return at.time_since_epoch().count();
}
Instant FromSeconds(int64_t seconds) {
  return Instant(std::chrono::seconds(seconds));
}

Result<void> CheckLimit(int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return Unexpected(InvalidArgument("limit", "must be between 1 and " + std::to_string(kMaxPageSize)));
  }
  return {};
}

// A statement whose bindings are added one by one, then prepared. Bound variables must
// outlive it.
class Stmt {
 public:
  explicit Stmt(soci::session& sql) : st_(sql) {}
  template <typename T>
  Stmt& Into(T& value) {
    st_.exchange(soci::into(value));
    return *this;
  }
  template <typename T>
  Stmt& Into(T& value, soci::indicator& indicator) {
    st_.exchange(soci::into(value, indicator));
    return *this;
  }
  template <typename T>
  Stmt& Use(const T& value, const std::string& name) {
    st_.exchange(soci::use(value, name));
    return *this;
  }
  template <typename T>
  Stmt& Use(const T& value, soci::indicator& indicator, const std::string& name) {
    st_.exchange(soci::use(value, indicator, name));
    return *this;
  }
  Stmt& Prepare(const std::string& query) {
    st_.alloc();
    st_.prepare(query);
    st_.define_and_bind();
    return *this;
  }
  // Runs it; true when a first row was fetched into the Into variables.
  bool Execute() { return st_.execute(true); }
  // Runs it for Fetch() to read rows one by one.
  void Start() { st_.execute(false); }
  bool Fetch() { return st_.fetch(); }
  // Steps past the last row. SQLite keeps a statement that has not run to completion
  // "active", holding its read snapshot even after COMMIT; statements kept for reuse must
  // be finished after each use (read the row first: this may touch the Into variables).
  void Finish() {
    while (st_.fetch()) {
    }
  }
  int64_t AffectedRows() { return st_.get_affected_rows(); }

 private:
  soci::statement st_;
};

// ---- rows ---------------------------------------------------------------------------------

constexpr const char* kPatientColumns =
    "id, given_name, family_name, birth_date, sex, email, phone, fitzpatrick, created_at, updated_at, version";

struct PatientRow {
  int64_t id = 0;
  std::string given_name, family_name, birth_date, sex, email, phone;
  int fitzpatrick = 0;
  int64_t created_at = 0, updated_at = 0, version = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(given_name).Into(family_name).Into(birth_date).Into(sex).Into(email).Into(phone);
    st.Into(fitzpatrick).Into(created_at).Into(updated_at).Into(version);
  }
  Result<PatientRecord> ToRecord() const {
    PatientRecord record;
    record.id = id;
    auto date = ParseDate(birth_date, "birth_date");
    auto parsed_sex = domain::SexFromName(sex);
    if (!date || !parsed_sex) return Unexpected(MakeError(ErrorCode::kInternal, "a stored patient record is damaged"));
    record.details = domain::PatientDetails{given_name, family_name, *date, *parsed_sex, email, phone, fitzpatrick};
    record.created_at = FromSeconds(created_at);
    record.updated_at = FromSeconds(updated_at);
    record.version = version;
    return record;
  }
};

constexpr const char* kUserColumns = "id, email, name, role, password_hash, patient_id, created_at, disabled";
constexpr const char* kUserColumnsOfU =
    "u.id, u.email, u.name, u.role, u.password_hash, u.patient_id, u.created_at, u.disabled";

struct UserRow {
  int64_t id = 0;
  std::string email, name, role, password_hash;
  int64_t patient_id = 0;
  soci::indicator patient_id_ind = soci::i_null;
  int64_t created_at = 0;
  int disabled = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(email).Into(name).Into(role).Into(password_hash).Into(patient_id, patient_id_ind);
    st.Into(created_at).Into(disabled);
  }
  UserRecord ToRecord() const {
    UserRecord record{id, email, name, role, password_hash, std::nullopt, FromSeconds(created_at), disabled != 0};
    if (patient_id_ind == soci::i_ok) record.patient_id = patient_id;
    return record;
  }
};

constexpr const char* kSessionColumns = "id, token_hash, user_id, created_at, expires_at, revoked";

struct SessionRow {
  int64_t id = 0;
  std::string token_hash;
  int64_t user_id = 0, created_at = 0, expires_at = 0;
  int revoked = 0;

  void Bind(Stmt& st) { st.Into(id).Into(token_hash).Into(user_id).Into(created_at).Into(expires_at).Into(revoked); }
  SessionRecord ToRecord() const {
    return SessionRecord{id, token_hash, user_id, FromSeconds(created_at), FromSeconds(expires_at), revoked != 0};
  }
};

constexpr const char* kEvaluationColumns = "id, patient_id, created_by, created_at, input_json, result_json";

struct EvaluationRow {
  int64_t id = 0, patient_id = 0, created_by = 0, created_at = 0;
  std::string input_json, result_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(created_by).Into(created_at).Into(input_json).Into(result_json);
  }
  EvaluationRecord ToRecord() const {
    return EvaluationRecord{id, patient_id, created_by, FromSeconds(created_at), input_json, result_json};
  }
};

constexpr const char* kPlanColumns =
    "id, patient_id, assessment_id, screening_id, proposal_json, status, protocol_name, protocol_version, "
    "created_by, created_at, approved_by, approved_at, updated_at, version";

struct PlanRow {
  int64_t id = 0, patient_id = 0, assessment_id = 0, screening_id = 0;
  std::string proposal_json, status, protocol_name, protocol_version;
  int64_t created_by = 0, created_at = 0;
  int64_t approved_by = 0;
  soci::indicator approved_by_ind = soci::i_null;
  int64_t approved_at = 0;
  soci::indicator approved_at_ind = soci::i_null;
  int64_t updated_at = 0, version = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(assessment_id).Into(screening_id).Into(proposal_json).Into(status);
    st.Into(protocol_name).Into(protocol_version).Into(created_by).Into(created_at);
    st.Into(approved_by, approved_by_ind).Into(approved_at, approved_at_ind).Into(updated_at).Into(version);
  }
  PlanRecord ToRecord() const {
    PlanRecord record;
    record.id = id;
    record.patient_id = patient_id;
    record.assessment_id = assessment_id;
    record.screening_id = screening_id;
    record.proposal_json = proposal_json;
    record.status = status == "approved" ? PlanStatus::kApproved : PlanStatus::kProposed;
    record.protocol_name = protocol_name;
    record.protocol_version = protocol_version;
    record.created_by = created_by;
    record.created_at = FromSeconds(created_at);
    if (approved_by_ind == soci::i_ok) record.approved_by = approved_by;
    if (approved_at_ind == soci::i_ok) record.approved_at = FromSeconds(approved_at);
    record.updated_at = FromSeconds(updated_at);
    record.version = version;
    return record;
  }
};

constexpr const char* kCheckInColumns =
    "id, patient_id, recorded_by, recorded_at, day_after_session, redness, swelling, pain, warning_signs, "
    "products_applied, sunscreen_used, makeup_used";

struct CheckInRow {
  int64_t id = 0, patient_id = 0, recorded_by = 0, recorded_at = 0;
  int day_after_session = 0, redness = 0, swelling = 0, pain = 0;
  std::string warning_signs, products_applied;
  int sunscreen_used = 0, makeup_used = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(recorded_by).Into(recorded_at).Into(day_after_session).Into(redness);
    st.Into(swelling).Into(pain).Into(warning_signs).Into(products_applied).Into(sunscreen_used).Into(makeup_used);
  }
  CheckInRecord ToRecord() const {
    return CheckInRecord{id,
                         {patient_id, recorded_by, FromSeconds(recorded_at), day_after_session, redness, swelling, pain,
                          warning_signs, products_applied, sunscreen_used != 0, makeup_used != 0}};
  }
};

constexpr const char* kAlertColumns =
    "id, patient_id, check_in_id, urgency, code, message, source, status, created_at, acknowledged_by, "
    "acknowledged_at, acknowledged_note, resolved_by, resolved_at, resolved_note, session_id, missed_day, repeats, "
    "last_check_in_id, last_seen_at";

struct AlertRow {
  int64_t id = 0, patient_id = 0;
  int64_t check_in_id = 0;
  soci::indicator check_in_ind = soci::i_null;
  std::string urgency, code, message, source, status;
  int64_t created_at = 0;
  int64_t ack_by = 0, ack_at = 0;
  std::string ack_note;
  soci::indicator ack_by_ind = soci::i_null, ack_at_ind = soci::i_null, ack_note_ind = soci::i_null;
  int64_t res_by = 0, res_at = 0;
  std::string res_note;
  soci::indicator res_by_ind = soci::i_null, res_at_ind = soci::i_null, res_note_ind = soci::i_null;
  int64_t session_id = 0;
  int missed_day = 0;
  soci::indicator session_ind = soci::i_null, missed_day_ind = soci::i_null;
  int repeats = 0;
  int64_t last_check_in_id = 0, last_seen_at = 0;
  soci::indicator last_check_in_ind = soci::i_null, last_seen_ind = soci::i_null;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(check_in_id, check_in_ind).Into(urgency).Into(code).Into(message).Into(source);
    st.Into(status).Into(created_at).Into(ack_by, ack_by_ind).Into(ack_at, ack_at_ind).Into(ack_note, ack_note_ind);
    st.Into(res_by, res_by_ind).Into(res_at, res_at_ind).Into(res_note, res_note_ind);
    st.Into(session_id, session_ind).Into(missed_day, missed_day_ind).Into(repeats);
    st.Into(last_check_in_id, last_check_in_ind).Into(last_seen_at, last_seen_ind);
  }
  AlertRecord ToRecord() const {
    AlertRecord record;
    record.id = id;
    record.alert = {patient_id,   std::nullopt, urgency, code, message, source, FromSeconds(created_at),
                    std::nullopt, std::nullopt};
    if (check_in_ind == soci::i_ok) record.alert.check_in_id = check_in_id;
    if (session_ind == soci::i_ok) record.alert.session_id = session_id;
    if (missed_day_ind == soci::i_ok) record.alert.missed_day = missed_day;
    record.status = status;
    if (ack_by_ind == soci::i_ok && ack_at_ind == soci::i_ok) {
      record.acknowledged = AlertStep{ack_by, FromSeconds(ack_at), ack_note_ind == soci::i_ok ? ack_note : ""};
    }
    if (res_by_ind == soci::i_ok && res_at_ind == soci::i_ok) {
      record.resolved = AlertStep{res_by, FromSeconds(res_at), res_note_ind == soci::i_ok ? res_note : ""};
    }
    record.repeats = repeats;
    if (last_check_in_ind == soci::i_ok) record.last_check_in_id = last_check_in_id;
    if (last_seen_ind == soci::i_ok) record.last_seen_at = FromSeconds(last_seen_at);
    return record;
  }
};

constexpr const char* kTreatmentSessionColumns =
    "id, patient_id, plan_id, session_number, appointment_id, screening_id, charted_by, charted_at, ended_at, "
    "end_offset_minutes, chart_json";

struct TreatmentSessionRow {
  int64_t id = 0, patient_id = 0, plan_id = 0;
  int session_number = 0;
  int64_t appointment_id = 0;
  soci::indicator appointment_ind = soci::i_null;
  int64_t screening_id = 0, charted_by = 0, charted_at = 0, ended_at = 0;
  int end_offset_minutes = 0;
  std::string chart_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(patient_id).Into(plan_id).Into(session_number).Into(appointment_id, appointment_ind);
    st.Into(screening_id).Into(charted_by).Into(charted_at).Into(ended_at).Into(end_offset_minutes).Into(chart_json);
  }
  TreatmentSessionRecord ToRecord() const {
    TreatmentSessionRecord record{id,
                                  {patient_id, plan_id, session_number, std::nullopt, screening_id, charted_by,
                                   FromSeconds(charted_at), FromSeconds(ended_at), end_offset_minutes, chart_json}};
    if (appointment_ind == soci::i_ok) record.session.appointment_id = appointment_id;
    return record;
  }
};

constexpr const char* kAmendmentColumns = "id, session_id, amended_by, amended_at, reason, changes_json";

struct AmendmentRow {
  int64_t id = 0, session_id = 0, amended_by = 0, amended_at = 0;
  std::string reason, changes_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(session_id).Into(amended_by).Into(amended_at).Into(reason).Into(changes_json);
  }
  SessionAmendmentRecord ToRecord() const {
    return SessionAmendmentRecord{id, {session_id, amended_by, FromSeconds(amended_at), reason, changes_json}};
  }
};

constexpr const char* kResourceColumns = "id, kind, name, user_id, schedule_json, created_at, updated_at, version";

struct ResourceRow {
  int64_t id = 0;
  std::string kind, name;
  int64_t user_id = 0;
  soci::indicator user_ind = soci::i_null;
  std::string schedule_json;
  int64_t created_at = 0, updated_at = 0, version = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(kind).Into(name).Into(user_id, user_ind).Into(schedule_json).Into(created_at).Into(updated_at);
    st.Into(version);
  }
  ResourceRecord ToRecord() const {
    ResourceRecord record{
        id, {kind, name, std::nullopt, schedule_json, FromSeconds(created_at)}, FromSeconds(updated_at), version};
    if (user_ind == soci::i_ok) record.resource.user_id = user_id;
    return record;
  }
};

constexpr const char* kAppointmentColumns =
    "id, plan_id, patient_id, session_number, starts_at, ends_at, practitioner_id, room_id, device_id, booked_by,"
    " created_at, status, sequence, updated_at";

struct AppointmentRow {
  int64_t id = 0, plan_id = 0, patient_id = 0;
  int session_number = 0;
  int64_t starts_at = 0, ends_at = 0, practitioner_id = 0, room_id = 0, device_id = 0, booked_by = 0, created_at = 0;
  std::string status;
  int sequence = 0;
  int64_t updated_at = 0;

  void Bind(Stmt& st) {
    st.Into(id).Into(plan_id).Into(patient_id).Into(session_number).Into(starts_at).Into(ends_at);
    st.Into(practitioner_id).Into(room_id).Into(device_id).Into(booked_by).Into(created_at).Into(status);
    st.Into(sequence).Into(updated_at);
  }
  AppointmentRecord ToRecord() const {
    return AppointmentRecord{id,
                             {plan_id, patient_id, session_number, FromSeconds(starts_at), FromSeconds(ends_at),
                              practitioner_id, room_id, device_id, booked_by, FromSeconds(created_at)},
                             status,
                             sequence,
                             FromSeconds(updated_at)};
  }
};

// The quarter hours of UTC time an appointment covers: what resource_slots claims.
constexpr int64_t kSlotCellSeconds = 15 * 60;

constexpr const char* kOutboxColumns =
    "id, kind, recipient, subject, body, patient_id, appointment_id, appointment_sequence, dedupe_key, due_at,"
    " created_at, status, attempts, next_attempt_at, last_error, sent_at";

struct OutboxRow {
  int64_t id = 0;
  std::string kind, recipient, subject, body;
  int64_t patient_id = 0, appointment_id = 0;
  soci::indicator patient_ind = soci::i_null, appointment_ind = soci::i_null;
  int appointment_sequence = 0;
  std::string dedupe_key;
  int64_t due_at = 0, created_at = 0;
  std::string status;
  int attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
  int64_t sent_at = 0;
  soci::indicator sent_ind = soci::i_null;

  void Bind(Stmt& st) {
    st.Into(id).Into(kind).Into(recipient).Into(subject).Into(body).Into(patient_id, patient_ind);
    st.Into(appointment_id, appointment_ind).Into(appointment_sequence).Into(dedupe_key).Into(due_at);
    st.Into(created_at).Into(status).Into(attempts).Into(next_attempt_at).Into(last_error).Into(sent_at, sent_ind);
  }
  OutboxRecord ToRecord() const {
    OutboxRecord r;
    r.id = id;
    r.message = {kind,
                 recipient,
                 subject,
                 body,
                 std::nullopt,
                 std::nullopt,
                 appointment_sequence,
                 dedupe_key,
                 FromSeconds(due_at),
                 FromSeconds(created_at)};
    if (patient_ind == soci::i_ok) r.message.patient_id = patient_id;
    if (appointment_ind == soci::i_ok) r.message.appointment_id = appointment_id;
    r.status = status;
    r.attempts = attempts;
    r.next_attempt_at = FromSeconds(next_attempt_at);
    r.last_error = last_error;
    if (sent_ind == soci::i_ok) r.sent_at = FromSeconds(sent_at);
    return r;
  }
};

constexpr const char* kHistoryColumns = "id, entity, entity_id, version, changed_by, changed_at, snapshot_json";

struct HistoryRow {
  int64_t id = 0;
  std::string entity;
  int64_t entity_id = 0, version = 0;
  int64_t changed_by = 0;
  soci::indicator changed_by_ind = soci::i_null;
  int64_t changed_at = 0;
  std::string snapshot_json;

  void Bind(Stmt& st) {
    st.Into(id).Into(entity).Into(entity_id).Into(version).Into(changed_by, changed_by_ind).Into(changed_at);
    st.Into(snapshot_json);
  }
  HistoryRecord ToRecord() const {
    HistoryRecord record{id, entity, entity_id, version, std::nullopt, FromSeconds(changed_at), snapshot_json};
    if (changed_by_ind == soci::i_ok) record.changed_by = changed_by;
    return record;
  }
};

constexpr const char* kAuditColumns =
    "seq, at, actor_user_id, actor_role, action, entity, entity_id, request_id, outcome, prev_hash, hash";

struct AuditRow {
  int64_t seq = 0, at = 0;
  int64_t actor_user_id = 0;
  soci::indicator actor_user_id_ind = soci::i_null;
  std::string actor_role, action, entity;
  int64_t entity_id = 0;
  soci::indicator entity_id_ind = soci::i_null;
  std::string request_id, outcome, prev_hash, hash;

  void Bind(Stmt& st) {
    st.Into(seq).Into(at).Into(actor_user_id, actor_user_id_ind).Into(actor_role).Into(action).Into(entity);
    st.Into(entity_id, entity_id_ind).Into(request_id).Into(outcome).Into(prev_hash).Into(hash);
  }
  AuditRecord ToRecord() const {
    AuditRecord record;
    record.seq = seq;
    record.at = FromSeconds(at);
    if (actor_user_id_ind == soci::i_ok) record.actor_user_id = actor_user_id;
    record.actor_role = actor_role;
    record.action = action;
    record.entity = entity;
    if (entity_id_ind == soci::i_ok) record.entity_id = entity_id;
    record.request_id = request_id;
    record.outcome = outcome;
    record.prev_hash = prev_hash;
    record.hash = hash;
    return record;
  }
};

// Statements on the paths every request takes, prepared once per connection (a one-shot
// statement costs about twice as much on both backends). Bound variables are members, so
// the object never moves.
struct HotStatements {
  HotStatements(soci::session& sql, const Dialect& dialect)
      : begin_read(sql),
        begin_write(sql),
        commit(sql),
        rollback(sql),
        find_patient(sql),
        authenticate(sql),
        bump_head(sql),
        read_head(sql),
        insert_audit(sql),
        set_head(sql),
        insert_assessment(sql),
        insert_screening(sql),
        savepoint(sql),
        release_savepoint(sql),
        rollback_to_savepoint(sql) {
    begin_read.Prepare(dialect.BeginStatement(TransactionMode::kReadOnly));
    begin_write.Prepare(dialect.BeginStatement(TransactionMode::kReadWrite));
    commit.Prepare("COMMIT");
    rollback.Prepare("ROLLBACK");
    patient.Bind(find_patient);
    find_patient.Use(patient_id, "id")
        .Prepare(std::string("SELECT ") + kPatientColumns + " FROM patients WHERE id = :id");
    user.Bind(authenticate);
    authenticate.Use(token_hash, "token").Use(now, "now");
    authenticate.Prepare(std::string("SELECT ") + kUserColumnsOfU +
                         " FROM sessions s JOIN users u ON u.id = s.user_id"
                         " WHERE s.token_hash = :token AND s.revoked = 0 AND s.expires_at > :now AND u.disabled = 0");
    bump_head.Prepare("UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1");
    read_head.Into(head_seq).Into(head_hash).Prepare("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
    insert_audit.Use(audit.seq, "seq").Use(audit.at, "at");
    insert_audit.Use(audit.actor_user_id, audit.actor_user_id_ind, "actor");
    insert_audit.Use(audit.actor_role, "role").Use(audit.action, "action").Use(audit.entity, "entity");
    insert_audit.Use(audit.entity_id, audit.entity_id_ind, "entity_id").Use(audit.request_id, "request_id");
    insert_audit.Use(audit.outcome, "outcome").Use(audit.prev_hash, "prev_hash").Use(audit.hash, "hash");
    insert_audit.Prepare(std::string("INSERT INTO audit_log (") + kAuditColumns +
                         ") VALUES (:seq, :at, :actor, :role, :action, :entity, :entity_id, :request_id, :outcome,"
                         " :prev_hash, :hash)");
    set_head.Use(audit.seq, "seq").Use(audit.hash, "hash");
    set_head.Prepare("UPDATE audit_head SET last_seq = :seq, last_hash = :hash WHERE id = 1");
    for (auto [st, table] :
         {std::pair{&insert_assessment, "assessments"}, std::pair{&insert_screening, "screenings"}}) {
      st->Into(evaluation.id).Use(evaluation.patient_id, "patient_id").Use(evaluation.created_by, "created_by");
      st->Use(evaluation.created_at, "created_at").Use(evaluation.input_json, "input");
      st->Use(evaluation.result_json, "result");
      st->Prepare(std::string("INSERT INTO ") + table +
                  " (patient_id, created_by, created_at, input_json, result_json)"
                  " VALUES (:patient_id, :created_by, :created_at, :input, :result) RETURNING id");
    }
    savepoint.Prepare("SAVEPOINT unit");
    release_savepoint.Prepare("RELEASE SAVEPOINT unit");
    rollback_to_savepoint.Prepare("ROLLBACK TO SAVEPOINT unit");
  }

  // Every transaction's own statements (parsing them costs as much as a patient lookup).
  Stmt begin_read;
  Stmt begin_write;
  Stmt commit;
  Stmt rollback;

  int64_t patient_id = 0;
  PatientRow patient;
  Stmt find_patient;

  std::string token_hash;
  int64_t now = 0;
  UserRow user;
  Stmt authenticate;

  int64_t head_seq = 0;
  std::string head_hash;
  AuditRow audit;
  Stmt bump_head;
  Stmt read_head;
  Stmt insert_audit;
  Stmt set_head;

  EvaluationRow evaluation;  // a new assessment or screening
  Stmt insert_assessment;
  Stmt insert_screening;

  Stmt savepoint;  // the unit of work of Transaction::Nested
  Stmt release_savepoint;
  Stmt rollback_to_savepoint;
};

struct Connection {
  std::unique_ptr<soci::session> sql;
  std::unique_ptr<HotStatements> hot;  // prepared on first use

  HotStatements& Hot(const Dialect& dialect) {
    if (!hot) hot = std::make_unique<HotStatements>(*sql, dialect);
    return *hot;
  }
};

// What the store and its transactions share; kept alive by both.
class StoreState {
 public:
  StoreState(std::unique_ptr<Dialect> dialect, StoreOptions options)
      : dialect_(std::move(dialect)), options_(std::move(options)) {
    if (!options_.log) options_.log = DefaultLog;
    if (options_.max_connections < 1) options_.max_connections = 1;
  }

  const Dialect& dialect() const { return *dialect_; }
  // The audit keys, oldest first (StoreOptions::audit_keys); empty: none configured.
  const std::vector<std::string>& audit_keys() const { return options_.audit_keys; }

  // Queues the read-write transactions of this process for a single-writer database
  // (SQLite) in a lock that wakes the next writer as soon as one ends, instead of letting
  // them poll SQLite's busy handler (which sleeps in growing steps and gives long tails).
  // An empty lock where the database takes concurrent writers; kUnavailable after waiting
  // busy_timeout.
  Result<std::unique_lock<std::timed_mutex>> EnterWriters() {
    if (!dialect_->SingleWriter()) return std::unique_lock<std::timed_mutex>();
    std::unique_lock gate(writers_, options_.busy_timeout);
    if (!gate.owns_lock()) {
      Log(StorageLogEvent{"Begin", ErrorCode::kUnavailable, "", "another writer held the database too long"});
      return Unexpected(MakeError(ErrorCode::kUnavailable, ClientMessage(ErrorCode::kUnavailable, "")));
    }
    return gate;
  }

  // A connection from the pool, a new one if the pool may grow, or kUnavailable after
  // waiting busy_timeout for one to come back. `fresh` says whether it was just opened.
  Result<std::unique_ptr<Connection>> Acquire(bool& fresh) {
    {
      std::unique_lock lock(mutex_);
      const bool ready = returned_.wait_for(lock, options_.busy_timeout,
                                            [&] { return !idle_.empty() || open_ < options_.max_connections; });
      if (!ready) {
        Log(StorageLogEvent{"Begin", ErrorCode::kUnavailable, "", "no free connection"});
        return Unexpected(MakeError(ErrorCode::kUnavailable, ClientMessage(ErrorCode::kUnavailable, "")));
      }
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        fresh = false;
        return connection;
      }
      ++open_;
    }
    fresh = true;
    try {
      auto connection = std::make_unique<Connection>();
      connection->sql = dialect_->Connect();
      return connection;
    } catch (const std::exception& e) {
      {
        std::lock_guard lock(mutex_);
        --open_;
      }
      returned_.notify_one();
      Failure failure = dialect_->Classify(e);
      Log(StorageLogEvent{"Connect", ErrorCode::kUnavailable, failure.backend_code, failure.detail});
      return Unexpected(MakeError(ErrorCode::kUnavailable, ClientMessage(ErrorCode::kUnavailable, "")));
    }
  }

  // Gives a connection back; an unhealthy one is closed and a new one opened when needed.
  void Release(std::unique_ptr<Connection> connection, bool healthy) {
    {
      std::lock_guard lock(mutex_);
      if (healthy) {
        idle_.push_back(std::move(connection));
      } else {
        --open_;
      }
    }
    connection.reset();  // closes an unhealthy connection outside the lock
    returned_.notify_one();
  }

  // Closes every idle connection (a new one is opened when next needed).
  void DiscardIdle() {
    std::vector<std::unique_ptr<Connection>> idle;
    {
      std::lock_guard lock(mutex_);
      idle.swap(idle_);
      open_ -= static_cast<int>(idle.size());
    }
    idle.clear();  // closes them outside the lock
    returned_.notify_all();
  }

  // Turns what a statement threw into an Error and logs unexpected failures.
  Error Fail(const char* operation, const std::exception& error) {
    Failure failure = dialect_->Classify(error);
    if (failure.code == ErrorCode::kUnavailable || failure.code == ErrorCode::kInternal) {
      Log(StorageLogEvent{operation, failure.code, failure.backend_code, failure.detail});
    }
    std::string field = FieldForConstraint(failure.detail);
    if (failure.code == ErrorCode::kUnavailable || failure.code == ErrorCode::kInternal) field.clear();
    std::string message = ClientMessage(failure.code, field);
    Error made = MakeError(failure.code, std::move(message), std::move(field));
    if (failure.code == ErrorCode::kUnavailable || failure.code == ErrorCode::kInternal) {
      made.cause = failure.cause.empty() ? std::string(ErrorCodeName(failure.code)) : failure.cause;
    }
    return made;
  }

  void Log(const StorageLogEvent& event) {
    try {
      options_.log(event);
    } catch (...) {  // a failing log sink must not turn into a storage failure
    }
  }

 private:
  std::unique_ptr<Dialect> dialect_;
  StoreOptions options_;
  std::mutex mutex_;
  std::timed_mutex writers_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

// How a failed call leaves the transaction: failed writes and database exceptions abort it.
enum class CallKind { kRead, kInsert };

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(std::shared_ptr<StoreState> state, std::unique_ptr<Connection> connection,
                 std::unique_lock<std::timed_mutex> writer_turn)
      : state_(std::move(state)), connection_(std::move(connection)), writer_turn_(std::move(writer_turn)) {}

  ~SqlTransaction() override {
    if (status_ == Status::kOpen) RollBack();
    state_->Release(std::move(connection_), healthy_);
  }

  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;

  // ---- users ----

  Result<Id> CreateUser(const NewUser& user) override {
    return Run<Id>("CreateUser", CallKind::kInsert, [&]() -> Result<Id> {
      const std::string email_key = EmailKey(user.email);
      const int64_t created_at = Seconds(user.created_at);
      const int64_t patient_id = user.patient_id.value_or(0);
      soci::indicator patient_ind = user.patient_id ? soci::i_ok : soci::i_null;
      const int disabled = 0;
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(user.email, "email").Use(email_key, "email_key").Use(user.name, "name").Use(user.role, "role");
      st.Use(user.password_hash, "hash").Use(patient_id, patient_ind, "patient_id").Use(created_at, "created_at");
      st.Use(disabled, "disabled");
      st.Prepare(
          "INSERT INTO users (email, email_key, name, role, password_hash, patient_id, created_at, disabled)"
          " VALUES (:email, :email_key, :name, :role, :hash, :patient_id, :created_at, :disabled) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<UserRecord> FindUser(Id id) override {
    return Run<UserRecord>("FindUser", CallKind::kRead,
                           [&] { return QueryUser(std::string(" WHERE id = :key"), static_cast<int64_t>(id)); });
  }

  Result<UserRecord> FindUserByEmail(std::string_view email) override {
    return Run<UserRecord>("FindUserByEmail", CallKind::kRead,
                           [&] { return QueryUser(std::string(" WHERE email_key = :key"), EmailKey(email)); });
  }

  Result<UserRecord> FindPortalAccount(Id patient_id) override {
    return Run<UserRecord>("FindPortalAccount", CallKind::kRead, [&] {
      return QueryUser(std::string(" WHERE patient_id = :key"), static_cast<int64_t>(patient_id));
    });
  }

  Result<std::vector<UserRecord>> ListUsers(int limit, Id after_id) override {
    return Run<std::vector<UserRecord>>("ListUsers", CallKind::kRead, [&]() -> Result<std::vector<UserRecord>> {
      if (auto ok = CheckLimit(limit); !ok) return Unexpected(ok.error());
      UserRow row;
      const int64_t after = after_id;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(after, "after").Use(limit, "limit");
      st.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id > :after ORDER BY id LIMIT :limit");
      std::vector<UserRecord> users;
      st.Start();
      while (st.Fetch()) users.push_back(row.ToRecord());
      return users;
    });
  }

  Result<void> SetUserDisabled(Id id, bool disabled) override {
    return Run<void>("SetUserDisabled", CallKind::kRead, [&]() -> Result<void> {
      const int value = disabled ? 1 : 0;
      const int64_t key = id;
      Stmt st(Sql());
      st.Use(value, "disabled").Use(key, "id").Prepare("UPDATE users SET disabled = :disabled WHERE id = :id");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NotFound("user"));
      return {};
    });
  }

  Result<void> SetPasswordHash(Id id, std::string_view password_hash) override {
    return Run<void>("SetPasswordHash", CallKind::kRead, [&]() -> Result<void> {
      const std::string hash(password_hash);
      const int64_t key = id;
      Stmt st(Sql());
      st.Use(hash, "hash").Use(key, "id").Prepare("UPDATE users SET password_hash = :hash WHERE id = :id");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NotFound("user"));
      return {};
    });
  }

  // ---- sessions ----

  Result<Id> CreateSession(const NewSession& session) override {
    return Run<Id>("CreateSession", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t user_id = session.user_id;
      const int64_t created_at = Seconds(session.created_at);
      const int64_t expires_at = Seconds(session.expires_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(session.token_hash, "token").Use(user_id, "user_id").Use(created_at, "created_at");
      st.Use(expires_at, "expires_at");
      st.Prepare(
          "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked)"
          " VALUES (:token, :user_id, :created_at, :expires_at, 0) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<SessionRecord> FindSession(std::string_view token_hash) override {
    return Run<SessionRecord>("FindSession", CallKind::kRead, [&]() -> Result<SessionRecord> {
      const std::string key(token_hash);
      SessionRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(key, "token")
          .Prepare(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = :token");
      if (!st.Execute()) return Unexpected(NotFound("session"));
      return row.ToRecord();
    });
  }

  Result<UserRecord> AuthenticateSession(std::string_view token_hash, Instant now) override {
    return Run<UserRecord>("AuthenticateSession", CallKind::kRead, [&]() -> Result<UserRecord> {
      HotStatements& hot = Hot();
      hot.token_hash.assign(token_hash);
      hot.now = Seconds(now);
      if (!hot.authenticate.Execute()) return Unexpected(NotFound("session"));
      UserRecord user = hot.user.ToRecord();
      hot.authenticate.Finish();
      return user;
    });
  }

  Result<void> RevokeSession(std::string_view token_hash) override {
    return Run<void>("RevokeSession", CallKind::kRead, [&]() -> Result<void> {
      const std::string key(token_hash);
      Stmt st(Sql());
      st.Use(key, "token").Prepare("UPDATE sessions SET revoked = 1 WHERE token_hash = :token");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NotFound("session"));
      return {};
    });
  }

  Result<int64_t> RevokeUserSessions(Id user_id) override {
    return Run<int64_t>("RevokeUserSessions", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = user_id;
      Stmt st(Sql());
      st.Use(key, "user_id").Prepare("UPDATE sessions SET revoked = 1 WHERE user_id = :user_id AND revoked = 0");
      st.Execute();
      return st.AffectedRows();
    });
  }

  // ---- portal invitations ----

  Result<Id> CreateInvitation(const NewInvitation& i) override {
    return Run<Id>("CreateInvitation", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t user = i.user_id, by = i.created_by, at = Seconds(i.created_at), until = Seconds(i.expires_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(user, "user").Use(i.token_hash, "token").Use(by, "by").Use(at, "at").Use(until, "until");
      st.Prepare(
          "INSERT INTO portal_invitations (user_id, token_hash, created_by, created_at, expires_at)"
          " VALUES (:user, :token, :by, :at, :until) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<InvitationRecord> FindLiveInvitation(std::string_view token_hash, Instant now) override {
    return Run<InvitationRecord>("FindLiveInvitation", CallKind::kRead, [&]() -> Result<InvitationRecord> {
      const std::string key(token_hash);
      const int64_t at = Seconds(now);
      InvitationRecord record;
      int64_t created = 0, expires = 0;
      Stmt st(Sql());
      st.Into(record.id).Into(record.invitation.user_id).Into(record.invitation.token_hash);
      st.Into(record.invitation.created_by).Into(created).Into(expires).Use(key, "key").Use(at, "now");
      st.Prepare(
          "SELECT id, user_id, token_hash, created_by, created_at, expires_at FROM portal_invitations"
          " WHERE token_hash = :key AND used_at IS NULL AND revoked = 0 AND expires_at > :now");
      if (!st.Execute()) return Unexpected(NotFound("invitation"));
      record.invitation.created_at = FromSeconds(created);
      record.invitation.expires_at = FromSeconds(expires);
      return record;
    });
  }

  Result<void> UseInvitation(Id id, Instant now) override {
    return Run<void>("UseInvitation", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = id, at = Seconds(now);
      Stmt st(Sql());
      st.Use(at, "now").Use(key, "id");
      st.Prepare("UPDATE portal_invitations SET used_at = :now WHERE id = :id AND used_at IS NULL AND revoked = 0");
      st.Execute();
      if (st.AffectedRows() == 0) {
        return Unexpected(MakeError(ErrorCode::kConflict, "the invitation was already used or revoked", "token"));
      }
      return {};
    });
  }

  Result<int64_t> RevokeUserInvitations(Id user_id) override {
    return Run<int64_t>("RevokeUserInvitations", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = user_id;
      Stmt st(Sql());
      st.Use(key, "user_id");
      st.Prepare(
          "UPDATE portal_invitations SET revoked = 1 WHERE user_id = :user_id AND used_at IS NULL AND revoked = 0");
      st.Execute();
      return st.AffectedRows();
    });
  }

  Result<int64_t> DeleteExpiredSessions(Instant now) override {
    return Run<int64_t>("DeleteExpiredSessions", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = Seconds(now);
      Stmt st(Sql());
      st.Use(key, "now").Prepare("DELETE FROM sessions WHERE expires_at <= :now");
      st.Execute();
      return st.AffectedRows();
    });
  }

  // ---- patients ----

  Result<Id> CreatePatient(const NewPatient& patient) override {
    return Run<Id>("CreatePatient", CallKind::kInsert, [&]() -> Result<Id> {
      const PatientParams params(patient.details);
      const int64_t created_at = Seconds(patient.created_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id);
      params.Bind(st);
      st.Use(created_at, "created_at").Use(created_at, "updated_at");
      st.Prepare(
          "INSERT INTO patients (given_name, family_name, birth_date, sex, email, phone, fitzpatrick, sort_key,"
          " search_text, created_at, updated_at, version) VALUES (:given_name, :family_name, :birth_date, :sex,"
          " :email, :phone, :fitzpatrick, :sort_key, :search_text, :created_at, :updated_at, 1) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<PatientRecord> FindPatient(Id id) override {
    return Run<PatientRecord>("FindPatient", CallKind::kRead, [&] { return FindPatientNow(id); });
  }

  Result<PatientPage> ListPatients(const PatientQuery& query) override {
    return Run<PatientPage>("ListPatients", CallKind::kRead, [&]() -> Result<PatientPage> {
      if (auto ok = CheckLimit(query.limit); !ok) return Unexpected(ok.error());
      int64_t after_id = 0;
      std::string after_key;
      if (!query.after_cursor.empty() && !DecodeCursor(query.after_cursor, after_id, after_key)) {
        return Unexpected(InvalidArgument("cursor", "is not a cursor this server gave out"));
      }
      const std::string pattern = ContainsPattern(query.text);
      const int fetch = query.limit + 1;
      PatientRow row;
      std::string sort_key;
      Stmt st(Sql());
      row.Bind(st);
      st.Into(sort_key);
      std::string sql = std::string("SELECT ") + kPatientColumns + ", sort_key FROM patients WHERE 1 = 1";
      if (!query.text.empty()) {
        st.Use(pattern, "pattern");
        sql += " AND search_text LIKE :pattern ESCAPE '\\'";
      }
      if (!query.after_cursor.empty()) {
        st.Use(after_key, "after_key");
        sql += " AND (sort_key > :after_key OR (sort_key = :after_key2 AND id > :after_id2))";
        st.Use(after_key, "after_key2").Use(after_id, "after_id2");
      }
      st.Use(fetch, "limit");
      sql += " ORDER BY sort_key, id LIMIT :limit";
      st.Prepare(sql);
      PatientPage page;
      std::string last_key;
      st.Start();
      while (st.Fetch()) {
        if (static_cast<int>(page.items.size()) == query.limit) {
          page.next_cursor = EncodeCursor(page.items.back().id, last_key);
          break;
        }
        auto record = row.ToRecord();
        if (!record) return Unexpected(record.error());
        page.items.push_back(std::move(*record));
        last_key = sort_key;
      }
      return page;
    });
  }

  Result<PatientRecord> UpdatePatient(Id id, int64_t expected_version, const domain::PatientDetails& details,
                                      Instant updated_at) override {
    return Run<PatientRecord>("UpdatePatient", CallKind::kRead, [&]() -> Result<PatientRecord> {
      const PatientParams params(details);
      const int64_t updated = Seconds(updated_at);
      const int64_t key = id;
      const int64_t expected = expected_version;
      Stmt st(Sql());
      params.Bind(st);
      st.Use(updated, "updated_at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE patients SET given_name = :given_name, family_name = :family_name, birth_date = :birth_date,"
          " sex = :sex, email = :email, phone = :phone, fitzpatrick = :fitzpatrick, sort_key = :sort_key,"
          " search_text = :search_text, updated_at = :updated_at, version = version + 1"
          " WHERE id = :id AND version = :expected");
      st.Execute();
      auto current = FindPatientNow(id);
      if (!current) return current;
      if (st.AffectedRows() == 0) return Unexpected(Stale());
      return current;
    });
  }

  // ---- assessments and screenings ----

  Result<Id> CreateAssessment(const NewAssessment& assessment) override {
    return Run<Id>("CreateAssessment", CallKind::kInsert,
                   [&] { return InsertEvaluation(&HotStatements::insert_assessment, assessment); });
  }
  Result<AssessmentRecord> FindAssessment(Id id) override {
    return Run<AssessmentRecord>("FindAssessment", CallKind::kRead,
                                 [&] { return FindEvaluation("assessments", "assessment", " WHERE id = :key", id); });
  }
  Result<AssessmentRecord> LatestAssessment(Id patient_id) override {
    return Run<AssessmentRecord>("LatestAssessment", CallKind::kRead, [&] {
      return FindEvaluation("assessments", "assessment", " WHERE patient_id = :key ORDER BY id DESC LIMIT 1",
                            patient_id);
    });
  }
  Result<std::vector<AssessmentRecord>> ListAssessments(Id patient_id) override {
    return Run<std::vector<AssessmentRecord>>("ListAssessments", CallKind::kRead,
                                              [&] { return ListEvaluations("assessments", patient_id); });
  }
  Result<Id> CreateScreening(const NewScreening& screening) override {
    return Run<Id>("CreateScreening", CallKind::kInsert,
                   [&] { return InsertEvaluation(&HotStatements::insert_screening, screening); });
  }
  Result<ScreeningRecord> FindScreening(Id id) override {
    return Run<ScreeningRecord>("FindScreening", CallKind::kRead,
                                [&] { return FindEvaluation("screenings", "screening", " WHERE id = :key", id); });
  }
  Result<ScreeningRecord> LatestScreening(Id patient_id) override {
    return Run<ScreeningRecord>("LatestScreening", CallKind::kRead, [&] {
      return FindEvaluation("screenings", "screening", " WHERE patient_id = :key ORDER BY id DESC LIMIT 1", patient_id);
    });
  }
  Result<std::vector<ScreeningRecord>> ListScreenings(Id patient_id) override {
    return Run<std::vector<ScreeningRecord>>("ListScreenings", CallKind::kRead,
                                             [&] { return ListEvaluations("screenings", patient_id); });
  }

  // ---- plans ----

  Result<Id> CreatePlan(const NewPlan& plan) override {
    return Run<Id>("CreatePlan", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient_id = plan.patient_id, assessment_id = plan.assessment_id;
      const int64_t screening_id = plan.screening_id, created_by = plan.created_by;
      const int64_t created_at = Seconds(plan.created_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(patient_id, "patient_id").Use(assessment_id, "assessment_id");
      st.Use(screening_id, "screening_id").Use(plan.proposal_json, "proposal").Use(plan.protocol_name, "protocol");
      st.Use(plan.protocol_version, "protocol_version").Use(created_by, "created_by");
      st.Use(created_at, "created_at").Use(created_at, "updated_at");
      st.Prepare(
          "INSERT INTO plans (patient_id, assessment_id, screening_id, proposal_json, status, protocol_name,"
          " protocol_version, created_by, created_at, updated_at, version) VALUES (:patient_id, :assessment_id,"
          " :screening_id, :proposal, 'proposed', :protocol, :protocol_version, :created_by, :created_at,"
          " :updated_at, 1) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<PlanRecord> FindPlan(Id id) override {
    return Run<PlanRecord>("FindPlan", CallKind::kRead, [&] { return QueryPlan(" WHERE id = :key", id); });
  }

  Result<PlanRecord> LatestPlan(Id patient_id) override {
    return Run<PlanRecord>("LatestPlan", CallKind::kRead,
                           [&] { return QueryPlan(" WHERE patient_id = :key ORDER BY id DESC LIMIT 1", patient_id); });
  }

  Result<std::vector<PlanRecord>> ListPlans(Id patient_id) override {
    return Run<std::vector<PlanRecord>>("ListPlans", CallKind::kRead, [&]() -> Result<std::vector<PlanRecord>> {
      const int64_t key = patient_id;
      PlanRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(key, "key")
          .Prepare(std::string("SELECT ") + kPlanColumns + " FROM plans WHERE patient_id = :key ORDER BY id");
      std::vector<PlanRecord> plans;
      st.Start();
      while (st.Fetch()) plans.push_back(row.ToRecord());
      return plans;
    });
  }

  Result<PlanRecord> ApprovePlan(Id id, int64_t expected_version, Id approved_by, Instant approved_at) override {
    return Run<PlanRecord>("ApprovePlan", CallKind::kRead, [&]() -> Result<PlanRecord> {
      const int64_t key = id, expected = expected_version, by = approved_by, at = Seconds(approved_at);
      Stmt st(Sql());
      st.Use(by, "by").Use(at, "at").Use(at, "updated_at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE plans SET status = 'approved', approved_by = :by, approved_at = :at, updated_at = :updated_at,"
          " version = version + 1 WHERE id = :id AND version = :expected AND status = 'proposed'");
      st.Execute();
      auto current = QueryPlan(" WHERE id = :key", id);
      if (!current || st.AffectedRows() == 1) return current;
      if (current->version != expected_version) return Unexpected(Stale());
      return Unexpected(MakeError(ErrorCode::kConflict, "the plan is already approved", "status"));
    });
  }

  Result<PlanRecord> ReviseProposal(Id id, int64_t expected_version, std::string_view proposal_json,
                                    Instant updated_at) override {
    return Run<PlanRecord>("ReviseProposal", CallKind::kRead, [&]() -> Result<PlanRecord> {
      const int64_t key = id, expected = expected_version, at = Seconds(updated_at);
      const std::string proposal(proposal_json);
      Stmt st(Sql());
      st.Use(proposal, "proposal").Use(at, "updated_at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE plans SET proposal_json = :proposal, updated_at = :updated_at, version = version + 1"
          " WHERE id = :id AND version = :expected AND status = 'proposed'");
      st.Execute();
      auto current = QueryPlan(" WHERE id = :key", id);
      if (!current || st.AffectedRows() == 1) return current;
      if (current->version != expected_version) return Unexpected(Stale());
      return Unexpected(MakeError(ErrorCode::kConflict, "the plan is already approved", "status"));
    });
  }

  Result<std::vector<PlanRecord>> ListPlansByStatus(PlanStatus status, int limit, Id after_id) override {
    return Run<std::vector<PlanRecord>>("ListPlansByStatus", CallKind::kRead, [&]() -> Result<std::vector<PlanRecord>> {
      if (auto ok = CheckLimit(limit); !ok) return Unexpected(ok.error());
      const std::string name = PlanStatusName(status);
      const int64_t after = after_id;
      PlanRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(name, "status").Use(after, "after").Use(limit, "limit");
      st.Prepare(std::string("SELECT ") + kPlanColumns +
                 " FROM plans WHERE status = :status AND id > :after ORDER BY id LIMIT :limit");
      std::vector<PlanRecord> plans;
      st.Start();
      while (st.Fetch()) plans.push_back(row.ToRecord());
      return plans;
    });
  }

  // ---- history ----

  Result<Id> AppendHistory(const NewHistoryEntry& entry) override {
    return Run<Id>("AppendHistory", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t entity_id = entry.entity_id, version = entry.version;
      const int64_t changed_by = entry.changed_by.value_or(0);
      soci::indicator changed_by_ind = entry.changed_by ? soci::i_ok : soci::i_null;
      const int64_t changed_at = Seconds(entry.changed_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(entry.entity, "entity").Use(entity_id, "entity_id").Use(version, "version");
      st.Use(changed_by, changed_by_ind, "changed_by").Use(changed_at, "changed_at");
      st.Use(entry.snapshot_json, "snapshot");
      st.Prepare(
          "INSERT INTO record_history (entity, entity_id, version, changed_by, changed_at, snapshot_json)"
          " VALUES (:entity, :entity_id, :version, :changed_by, :changed_at, :snapshot) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<HistoryRecord>> ListHistory(std::string_view entity, Id entity_id) override {
    return Run<std::vector<HistoryRecord>>("ListHistory", CallKind::kRead, [&]() -> Result<std::vector<HistoryRecord>> {
      const std::string name(entity);
      const int64_t key = entity_id;
      HistoryRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(name, "entity").Use(key, "entity_id");
      st.Prepare(std::string("SELECT ") + kHistoryColumns +
                 " FROM record_history WHERE entity = :entity AND entity_id = :entity_id ORDER BY version");
      std::vector<HistoryRecord> entries;
      st.Start();
      while (st.Fetch()) entries.push_back(row.ToRecord());
      return entries;
    });
  }

  // ---- idempotency ----

  Result<IdempotencyRecord> FindIdempotency(Id user_id, std::string_view key) override {
    return Run<IdempotencyRecord>("FindIdempotency", CallKind::kRead, [&]() -> Result<IdempotencyRecord> {
      const int64_t user = user_id;
      const std::string idem_key(key);
      IdempotencyRecord record;
      int64_t created_at = 0;
      Stmt st(Sql());
      st.Into(record.method).Into(record.path).Into(record.request_hash).Into(record.status_code);
      st.Into(record.response_body).Into(created_at).Use(user, "user_id").Use(idem_key, "key");
      st.Prepare(
          "SELECT method, path, request_hash, status_code, response_body, created_at FROM idempotency_keys"
          " WHERE user_id = :user_id AND idem_key = :key");
      if (!st.Execute()) return Unexpected(NotFound("idempotency key"));
      record.user_id = user_id;
      record.key = idem_key;
      record.created_at = FromSeconds(created_at);
      return record;
    });
  }

  Result<void> SaveIdempotency(const IdempotencyRecord& record) override {
    return Run<void>("SaveIdempotency", CallKind::kInsert, [&]() -> Result<void> {
      const int64_t user = record.user_id, created_at = Seconds(record.created_at);
      Stmt st(Sql());
      st.Use(user, "user_id").Use(record.key, "key").Use(record.method, "method").Use(record.path, "path");
      st.Use(record.request_hash, "request_hash").Use(record.status_code, "status_code");
      st.Use(record.response_body, "body").Use(created_at, "created_at");
      st.Prepare(
          "INSERT INTO idempotency_keys (user_id, idem_key, method, path, request_hash, status_code, response_body,"
          " created_at) VALUES (:user_id, :key, :method, :path, :request_hash, :status_code, :body, :created_at)");
      st.Execute();
      return {};
    });
  }

  Result<int64_t> DeleteIdempotencyBefore(Instant before) override {
    return Run<int64_t>("DeleteIdempotencyBefore", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = Seconds(before);
      Stmt st(Sql());
      st.Use(key, "before").Prepare("DELETE FROM idempotency_keys WHERE created_at < :before");
      st.Execute();
      return st.AffectedRows();
    });
  }

  // ---- audit ----

  Result<AuditRecord> AppendAudit(const NewAuditEntry& entry) override {
    return Run<AuditRecord>("AppendAudit", CallKind::kInsert, [&] { return AppendToChain({&entry, 1}); });
  }

  Result<void> AppendAudits(std::span<const NewAuditEntry> entries) override {
    return Run<void>("AppendAudits", CallKind::kInsert, [&]() -> Result<void> {
      if (entries.empty()) return {};
      auto last = AppendToChain(entries);
      if (!last) return Unexpected(last.error());
      return {};
    });
  }

  Result<int64_t> IndexAuditTrail(int64_t max_entries) override {
    return Run<int64_t>("IndexAuditTrail", CallKind::kRead, [&]() -> Result<int64_t> {
      // Touching the head row first makes two indexers (two servers on one PostgreSQL) take
      // turns instead of indexing the same entries twice.
      Sql() << "UPDATE audit_trail_head SET indexed_seq = indexed_seq WHERE id = 1";
      int64_t from = 0;
      int64_t last = 0;
      Stmt head(Sql());
      head.Into(from).Prepare("SELECT indexed_seq FROM audit_trail_head WHERE id = 1");
      head.Execute();
      // The committed head: every entry up to it is committed (appends commit in seq order).
      Stmt chain(Sql());
      chain.Into(last).Prepare("SELECT last_seq FROM audit_head WHERE id = 1");
      chain.Execute();
      const int64_t to = std::min(last, from + std::max<int64_t>(max_entries, 0));
      if (to <= from) return 0;
      Stmt index(Sql());
      index.Use(from, "from").Use(to, "to");
      index.Prepare(
          "INSERT INTO audit_trail (entity, entity_id, seq) SELECT entity, entity_id, seq FROM audit_log"
          " WHERE seq > :from AND seq <= :to AND entity_id IS NOT NULL");
      index.Execute();
      Stmt advance(Sql());
      advance.Use(to, "to").Prepare("UPDATE audit_trail_head SET indexed_seq = :to WHERE id = 1");
      advance.Execute();
      return to - from;
    });
  }

  Result<AuditPage> ListAudit(const AuditQuery& query) override {
    return Run<AuditPage>("ListAudit", CallKind::kRead, [&]() -> Result<AuditPage> {
      if (auto ok = CheckLimit(query.limit); !ok) return Unexpected(ok.error());
      const int fetch = query.limit + 1;
      const int64_t after = query.after_seq;
      const int64_t actor = query.actor_user_id.value_or(0);
      const int64_t entity_id = query.entity_id.value_or(0);
      AuditRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(after, "after");
      // The filters, once per part of the query (a named parameter appears once per statement).
      auto filters = [&](const std::string& part) {
        std::string where;
        if (query.actor_user_id) {
          st.Use(actor, "actor" + part);
          where += " AND actor_user_id = :actor" + part;
        }
        if (!query.entity.empty()) {
          st.Use(query.entity, "entity" + part);
          where += " AND entity = :entity" + part;
        }
        if (query.entity_id) {
          st.Use(entity_id, "entity_id" + part);
          where += " AND entity_id = :entity_id" + part;
        }
        return where;
      };
      const std::string select = std::string("SELECT ") + kAuditColumns + " FROM audit_log";
      std::string sql = select + " WHERE seq > :after" + filters("");
      if (!query.entity.empty() && query.entity_id) {
        // One record's trail: the indexed entries through audit_trail, then the tail that
        // IndexAuditTrail has not reached yet (short: it runs every few seconds).
        sql = select + " WHERE seq IN (SELECT seq FROM audit_trail WHERE entity = :trail_entity AND entity_id = " +
              ":trail_entity_id AND seq > :after)" + filters("") + " UNION ALL " + select +
              " WHERE seq > (SELECT indexed_seq FROM audit_trail_head WHERE id = 1) AND seq > :after_tail" +
              filters("_tail");
        st.Use(query.entity, "trail_entity").Use(entity_id, "trail_entity_id").Use(after, "after_tail");
      }
      st.Use(fetch, "limit");
      sql += " ORDER BY seq LIMIT :limit";
      st.Prepare(sql);
      AuditPage page;
      st.Start();
      while (st.Fetch()) {
        if (static_cast<int>(page.items.size()) == query.limit) {
          page.next_after_seq = page.items.back().seq;
          break;
        }
        page.items.push_back(row.ToRecord());
      }
      return page;
    });
  }

  Result<AuditVerification> VerifyAudit() override {
    return Run<AuditVerification>("VerifyAudit", CallKind::kRead, [&]() -> Result<AuditVerification> {
      const std::vector<std::string>& keys = state_->audit_keys();
      if (keys.empty()) return Unexpected(NoAuditKey());
      AuditVerification result;
      std::string previous_hash(kGenesisHash);
      int64_t expected_seq = 1;
      // Keys are tried from the one that keyed the previous entry on: a rotated-out key
      // never keys an entry after one keyed by its successor.
      size_t key_index = 0;
      const auto keyed_by = [&](const AuditRecord& record) -> bool {
        for (size_t i = key_index; i < keys.size(); ++i) {
          if (AuditEntryMac(record, keys[i]) == record.hash) {
            key_index = i;
            return true;
          }
        }
        return false;
      };
      auto broken = [&](int64_t seq, std::string problem) {
        result.intact = false;
        result.first_broken_seq = seq;
        result.problem = std::move(problem);
        return result;
      };
      while (true) {
        const int64_t after = expected_seq - 1;
        AuditRow row;
        Stmt st(Sql());
        row.Bind(st);
        st.Use(after, "after").Use(kVerifyBatch, "limit");
        st.Prepare(std::string("SELECT ") + kAuditColumns +
                   " FROM audit_log WHERE seq > :after ORDER BY seq LIMIT :limit");
        int64_t rows = 0;
        st.Start();
        while (st.Fetch()) {
          ++rows;
          const AuditRecord record = row.ToRecord();
          if (record.seq != expected_seq) {
            return broken(expected_seq, "entry " + std::to_string(expected_seq) + " is missing");
          }
          if (record.prev_hash != previous_hash) {
            return broken(record.seq, "prev_hash does not match the previous entry's hash");
          }
          if (keyed_by(record)) {
            if (result.keyed_from_seq == 0) result.keyed_from_seq = record.seq;
          } else if (result.keyed_from_seq != 0) {
            return broken(record.seq, "hash does not match the entry's fields under the audit key");
          } else if (AuditEntryHash(record) != record.hash) {
            return broken(record.seq, "hash does not match the entry's fields");
          }
          previous_hash = record.hash;
          ++expected_seq;
          ++result.entries_checked;
        }
        if (rows < kVerifyBatch) break;
      }
      int64_t head_seq = 0;
      std::string head_hash;
      Stmt head(Sql());
      head.Into(head_seq).Into(head_hash).Prepare("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
      if (!head.Execute()) return broken(expected_seq, "the audit head record is missing");
      const int64_t last_seq = expected_seq - 1;
      if (head_seq > last_seq) {
        return broken(last_seq + 1, "entries after " + std::to_string(last_seq) + " are missing");
      }
      if (head_seq < last_seq) return broken(head_seq + 1, "entries were added without going through the log");
      if (head_hash != previous_hash) return broken(last_seq, "the newest entry does not match the recorded head");
      // Unkeyed entries are trusted only as the prefix that a keyed entry seals: a log
      // without any keyed entry could have been rewritten whole with plain SHA-256.
      if (last_seq > 0 && result.keyed_from_seq == 0) {
        return broken(1,
                      "no entry is keyed with the audit key: the log was rewritten, or nothing was logged since "
                      "keying began (or the key is not this log's)");
      }
      result.head_hash = previous_hash;
      result.head_seq = last_seq;
      return result;
    });
  }

  // ---- recovery: check-ins and alerts ----

  Result<Id> CreateCheckIn(const NewCheckIn& c) override {
    return Run<Id>("CreateCheckIn", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = c.patient_id, by = c.recorded_by, at = Seconds(c.recorded_at);
      const int sunscreen = c.sunscreen_used ? 1 : 0, makeup = c.makeup_used ? 1 : 0;
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(patient, "patient").Use(by, "by").Use(at, "at").Use(c.day_after_session, "day");
      st.Use(c.redness, "redness").Use(c.swelling, "swelling").Use(c.pain, "pain").Use(c.warning_signs, "signs");
      st.Use(c.products_applied, "products").Use(sunscreen, "sunscreen").Use(makeup, "makeup");
      st.Prepare(
          "INSERT INTO check_ins (patient_id, recorded_by, recorded_at, day_after_session, redness, swelling, pain,"
          " warning_signs, products_applied, sunscreen_used, makeup_used) VALUES (:patient, :by, :at, :day,"
          " :redness, :swelling, :pain, :signs, :products, :sunscreen, :makeup) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<CheckInRecord>> ListCheckIns(Id patient_id) override {
    return Run<std::vector<CheckInRecord>>("ListCheckIns", CallKind::kRead,
                                           [&]() -> Result<std::vector<CheckInRecord>> {
                                             const int64_t key = patient_id;
                                             CheckInRow row;
                                             Stmt st(Sql());
                                             row.Bind(st);
                                             st.Use(key, "key")
                                                 .Prepare(std::string("SELECT ") + kCheckInColumns +
                                                          " FROM check_ins WHERE patient_id = :key ORDER BY id");
                                             std::vector<CheckInRecord> out;
                                             st.Start();
                                             while (st.Fetch()) out.push_back(row.ToRecord());
                                             return out;
                                           });
  }

  Result<Id> CreateAlert(const NewAlert& a) override {
    return Run<Id>("CreateAlert", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = a.patient_id, check_in = a.check_in_id.value_or(0), at = Seconds(a.created_at);
      soci::indicator check_in_ind = a.check_in_id ? soci::i_ok : soci::i_null;
      const int64_t session = a.session_id.value_or(0);
      const int missed_day = a.missed_day.value_or(0);
      soci::indicator session_ind = a.session_id ? soci::i_ok : soci::i_null;
      soci::indicator missed_day_ind = a.missed_day ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(patient, "patient").Use(check_in, check_in_ind, "check_in").Use(a.urgency, "urgency");
      st.Use(a.code, "code").Use(a.message, "message").Use(a.source, "source").Use(at, "at");
      st.Use(session, session_ind, "session").Use(missed_day, missed_day_ind, "missed_day");
      st.Prepare(
          "INSERT INTO alerts (patient_id, check_in_id, urgency, code, message, source, status, created_at, session_id,"
          " missed_day) VALUES (:patient, :check_in, :urgency, :code, :message, :source, 'open', :at, :session,"
          " :missed_day) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<AlertRecord> FindAlert(Id id) override {
    return Run<AlertRecord>("FindAlert", CallKind::kRead, [&] { return QueryAlert(id); });
  }

  Result<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query) override {
    return Run<std::vector<AlertRecord>>("ListAlerts", CallKind::kRead, [&]() -> Result<std::vector<AlertRecord>> {
      if (auto ok = CheckLimit(query.limit); !ok) return Unexpected(ok.error());
      // Empty filters match everything: "(:x = '' OR column = :x)" keeps one prepared shape.
      const int64_t patient = query.patient_id.value_or(0), any_patient = query.patient_id ? 0 : 1;
      const int64_t before = query.before_id > 0 ? query.before_id : std::numeric_limits<int64_t>::max();
      AlertRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(query.status, "status").Use(query.status, "status2").Use(query.urgency, "urgency");
      st.Use(query.urgency, "urgency2").Use(any_patient, "any_patient").Use(patient, "patient");
      st.Use(before, "before").Use(query.limit, "limit");
      st.Prepare(std::string("SELECT ") + kAlertColumns +
                 " FROM alerts WHERE (:status = '' OR status = :status2) AND (:urgency = '' OR urgency = :urgency2)"
                 " AND (:any_patient = 1 OR patient_id = :patient) AND id < :before ORDER BY id DESC LIMIT :limit");
      std::vector<AlertRecord> out;
      st.Start();
      while (st.Fetch()) out.push_back(row.ToRecord());
      return out;
    });
  }

  Result<AlertRecord> RepeatAlert(Id id, Id check_in_id, Instant at) override {
    return Run<AlertRecord>("RepeatAlert", CallKind::kRead, [&]() -> Result<AlertRecord> {
      const int64_t key = id, check_in = check_in_id, seen = Seconds(at);
      Stmt st(Sql());
      st.Use(check_in, "check_in").Use(seen, "at").Use(key, "id");
      st.Prepare(
          "UPDATE alerts SET repeats = repeats + 1, last_check_in_id = :check_in, last_seen_at = :at"
          " WHERE id = :id AND status <> 'resolved'");
      st.Execute();
      if (st.AffectedRows() == 0) {
        auto current = QueryAlert(id);
        if (!current) return current;
        return Unexpected(MakeError(ErrorCode::kConflict, "the alert is already resolved", "status"));
      }
      return QueryAlert(id);
    });
  }

  Result<AlertRecord> AcknowledgeAlert(Id id, const AlertStep& step) override {
    return Run<AlertRecord>("AcknowledgeAlert", CallKind::kRead, [&]() -> Result<AlertRecord> {
      return StepAlert(id, step,
                       "UPDATE alerts SET status = 'acknowledged', acknowledged_by = :by, acknowledged_at = :at,"
                       " acknowledged_note = :note WHERE id = :id AND status = 'open'",
                       "the alert is not open");
    });
  }

  Result<AlertRecord> ResolveAlert(Id id, const AlertStep& step) override {
    return Run<AlertRecord>("ResolveAlert", CallKind::kRead, [&]() -> Result<AlertRecord> {
      return StepAlert(id, step,
                       "UPDATE alerts SET status = 'resolved', resolved_by = :by, resolved_at = :at,"
                       " resolved_note = :note WHERE id = :id AND status <> 'resolved'",
                       "the alert is already resolved");
    });
  }

  // ---- session day: charted sessions ----

  Result<Id> CreateTreatmentSession(const NewTreatmentSession& t) override {
    return Run<Id>("CreateTreatmentSession", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = t.patient_id, plan = t.plan_id, appointment = t.appointment_id.value_or(0);
      soci::indicator appointment_ind = t.appointment_id ? soci::i_ok : soci::i_null;
      const int64_t screening = t.screening_id, by = t.charted_by, at = Seconds(t.charted_at),
                    ended = Seconds(t.ended_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(patient, "patient").Use(plan, "plan").Use(t.session_number, "number");
      st.Use(appointment, appointment_ind, "appointment").Use(screening, "screening").Use(by, "by").Use(at, "at");
      st.Use(ended, "ended").Use(t.end_offset_minutes, "offset").Use(t.chart_json, "chart");
      st.Prepare(
          "INSERT INTO treatment_sessions (patient_id, plan_id, session_number, appointment_id, screening_id,"
          " charted_by, charted_at, ended_at, end_offset_minutes, chart_json) VALUES (:patient, :plan, :number,"
          " :appointment, :screening, :by, :at, :ended, :offset, :chart) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<TreatmentSessionRecord> FindTreatmentSession(Id id) override {
    return Run<TreatmentSessionRecord>(
        "FindTreatmentSession", CallKind::kRead, [&]() -> Result<TreatmentSessionRecord> {
          const int64_t key = id;
          TreatmentSessionRow row;
          Stmt st(Sql());
          row.Bind(st);
          st.Use(key, "key")
              .Prepare(std::string("SELECT ") + kTreatmentSessionColumns + " FROM treatment_sessions WHERE id = :key");
          if (!st.Execute()) return Unexpected(NotFound("session"));
          return row.ToRecord();
        });
  }

  Result<std::vector<TreatmentSessionRecord>> ListTreatmentSessions(Id patient_id) override {
    return Run<std::vector<TreatmentSessionRecord>>(
        "ListTreatmentSessions", CallKind::kRead, [&]() -> Result<std::vector<TreatmentSessionRecord>> {
          const int64_t key = patient_id;
          TreatmentSessionRow row;
          Stmt st(Sql());
          row.Bind(st);
          st.Use(key, "key")
              .Prepare(std::string("SELECT ") + kTreatmentSessionColumns +
                       " FROM treatment_sessions WHERE patient_id = :key ORDER BY id");
          std::vector<TreatmentSessionRecord> out;
          st.Start();
          while (st.Fetch()) out.push_back(row.ToRecord());
          return out;
        });
  }

  Result<std::vector<TreatmentSessionRecord>> ListTreatmentSessionsEndedSince(Instant since) override {
    return Run<std::vector<TreatmentSessionRecord>>(
        "ListTreatmentSessionsEndedSince", CallKind::kRead, [&]() -> Result<std::vector<TreatmentSessionRecord>> {
          const int64_t key = Seconds(since);
          TreatmentSessionRow row;
          Stmt st(Sql());
          row.Bind(st);
          st.Use(key, "key")
              .Prepare(std::string("SELECT ") + kTreatmentSessionColumns +
                       " FROM treatment_sessions WHERE ended_at >= :key ORDER BY id");
          std::vector<TreatmentSessionRecord> out;
          st.Start();
          while (st.Fetch()) out.push_back(row.ToRecord());
          return out;
        });
  }

  Result<Id> AppendSessionAmendment(const NewSessionAmendment& a) override {
    return Run<Id>("AppendSessionAmendment", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t session = a.session_id, by = a.amended_by, at = Seconds(a.amended_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(session, "session").Use(by, "by").Use(at, "at").Use(a.reason, "reason");
      st.Use(a.changes_json, "changes");
      st.Prepare(
          "INSERT INTO session_amendments (session_id, amended_by, amended_at, reason, changes_json)"
          " VALUES (:session, :by, :at, :reason, :changes) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<SessionAmendmentRecord>> ListSessionAmendments(Id session_id) override {
    return Run<std::vector<SessionAmendmentRecord>>(
        "ListSessionAmendments", CallKind::kRead, [&]() -> Result<std::vector<SessionAmendmentRecord>> {
          const int64_t key = session_id;
          AmendmentRow row;
          Stmt st(Sql());
          row.Bind(st);
          st.Use(key, "key")
              .Prepare(std::string("SELECT ") + kAmendmentColumns +
                       " FROM session_amendments WHERE session_id = :key ORDER BY id");
          std::vector<SessionAmendmentRecord> out;
          st.Start();
          while (st.Fetch()) out.push_back(row.ToRecord());
          return out;
        });
  }

  // ---- scheduling ----

  Result<ClinicSettingsRecord> FindClinicSettings() override {
    return Run<ClinicSettingsRecord>("FindClinicSettings", CallKind::kRead, [&]() -> Result<ClinicSettingsRecord> {
      ClinicSettingsRecord record;
      int64_t updated = 0;
      Stmt st(Sql());
      st.Into(record.time_zone).Into(record.opening_hours_json).Into(record.closed_dates_json).Into(updated);
      st.Into(record.version);
      st.Prepare(
          "SELECT time_zone, opening_hours_json, closed_dates_json, updated_at, version FROM clinic_settings"
          " WHERE id = 1");
      if (!st.Execute()) return Unexpected(NotFound("clinic settings"));
      record.updated_at = FromSeconds(updated);
      return record;
    });
  }

  Result<ClinicSettingsRecord> SaveClinicSettings(const ClinicSettingsRecord& settings,
                                                  int64_t expected_version) override {
    return Run<ClinicSettingsRecord>("SaveClinicSettings", CallKind::kRead, [&]() -> Result<ClinicSettingsRecord> {
      const int64_t updated = Seconds(settings.updated_at), expected = expected_version;
      Stmt st(Sql());
      st.Use(settings.time_zone, "zone").Use(settings.opening_hours_json, "hours");
      st.Use(settings.closed_dates_json, "closed").Use(updated, "updated").Use(expected, "expected");
      if (expected_version == 0) {
        st.Prepare(
            "INSERT INTO clinic_settings (id, time_zone, opening_hours_json, closed_dates_json, updated_at, version)"
            " SELECT 1, :zone, :hours, :closed, :updated, :expected + 1"
            " WHERE NOT EXISTS (SELECT 1 FROM clinic_settings)");
      } else {
        st.Prepare(
            "UPDATE clinic_settings SET time_zone = :zone, opening_hours_json = :hours, closed_dates_json = :closed,"
            " updated_at = :updated, version = version + 1 WHERE id = 1 AND version = :expected");
      }
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(Stale());
      ClinicSettingsRecord saved = settings;
      saved.version = expected_version + 1;
      return saved;
    });
  }

  Result<Id> CreateResource(const NewResource& r) override {
    return Run<Id>("CreateResource", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t user = r.user_id.value_or(0), at = Seconds(r.created_at);
      soci::indicator user_ind = r.user_id ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(r.kind, "kind").Use(r.name, "name").Use(user, user_ind, "user").Use(r.schedule_json, "schedule");
      st.Use(at, "at").Use(at, "at2");
      st.Prepare(
          "INSERT INTO resources (kind, name, user_id, schedule_json, created_at, updated_at, version)"
          " VALUES (:kind, :name, :user, :schedule, :at, :at2, 1) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<ResourceRecord> FindResource(Id id) override {
    return Run<ResourceRecord>("FindResource", CallKind::kRead, [&] { return QueryResource(id); });
  }

  Result<std::vector<ResourceRecord>> ListResources() override {
    return Run<std::vector<ResourceRecord>>(
        "ListResources", CallKind::kRead, [&]() -> Result<std::vector<ResourceRecord>> {
          ResourceRow row;
          Stmt st(Sql());
          row.Bind(st);
          st.Prepare(std::string("SELECT ") + kResourceColumns + " FROM resources ORDER BY id");
          std::vector<ResourceRecord> out;
          st.Start();
          while (st.Fetch()) out.push_back(row.ToRecord());
          return out;
        });
  }

  Result<ResourceRecord> UpdateResource(Id id, int64_t expected_version, std::string_view name,
                                        std::string_view schedule_json, Instant updated_at) override {
    return Run<ResourceRecord>("UpdateResource", CallKind::kRead, [&]() -> Result<ResourceRecord> {
      const int64_t key = id, expected = expected_version, at = Seconds(updated_at);
      const std::string new_name(name), schedule(schedule_json);
      Stmt st(Sql());
      st.Use(new_name, "name").Use(schedule, "schedule").Use(at, "at").Use(key, "id").Use(expected, "expected");
      st.Prepare(
          "UPDATE resources SET name = :name, schedule_json = :schedule, updated_at = :at, version = version + 1"
          " WHERE id = :id AND version = :expected");
      st.Execute();
      auto current = QueryResource(id);
      if (!current) return current;
      if (st.AffectedRows() == 0) return Unexpected(Stale());
      return current;
    });
  }

  Result<Id> CreateAppointment(const NewAppointment& a) override {
    return Run<Id>("CreateAppointment", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t plan = a.plan_id, patient = a.patient_id, starts = Seconds(a.starts_at), ends = Seconds(a.ends_at);
      const int64_t practitioner = a.practitioner_id, room = a.room_id, device = a.device_id, by = a.booked_by,
                    at = Seconds(a.created_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(plan, "plan").Use(patient, "patient").Use(a.session_number, "number").Use(starts, "starts");
      st.Use(ends, "ends").Use(practitioner, "practitioner").Use(room, "room").Use(device, "device").Use(by, "by");
      st.Use(at, "at").Use(at, "at2");
      st.Prepare(
          "INSERT INTO appointments (plan_id, patient_id, session_number, starts_at, ends_at, practitioner_id,"
          " room_id, device_id, booked_by, created_at, status, sequence, updated_at) VALUES (:plan, :patient,"
          " :number, :starts, :ends, :practitioner, :room, :device, :by, :at, 'booked', 0, :at2) RETURNING id");
      st.Execute();
      ClaimSlots(id, {practitioner, room, device}, starts, ends);
      return id;
    });
  }

  Result<AppointmentRecord> FindAppointment(Id id) override {
    return Run<AppointmentRecord>("FindAppointment", CallKind::kRead, [&] { return QueryAppointment(id); });
  }

  Result<std::vector<AppointmentRecord>> ListAppointments(const AppointmentQuery& q) override {
    return Run<std::vector<AppointmentRecord>>(
        "ListAppointments", CallKind::kRead, [&]() -> Result<std::vector<AppointmentRecord>> {
          if (q.limit < 1 || q.limit > 10000) {
            return Unexpected(InvalidArgument("limit", "must be between 1 and 10000"));
          }
          // Only the filters given are in the statement, so that the database can use the index
          // of the most selective one (plan, patient or start time).
          const int64_t from = q.from ? Seconds(*q.from) : 0, to = q.to ? Seconds(*q.to) : 0;
          const int64_t practitioner = q.practitioner_id.value_or(0), room = q.room_id.value_or(0),
                        patient = q.patient_id.value_or(0), plan = q.plan_id.value_or(0);
          AppointmentRow row;
          Stmt st(Sql());
          row.Bind(st);
          std::string where = " WHERE 1 = 1";
          auto filter = [&](bool present, const int64_t& value, const char* name, const char* condition) {
            if (!present) return;
            st.Use(value, name);
            where += condition;
          };
          filter(q.from.has_value(), from, "from", " AND starts_at >= :from");
          filter(q.to.has_value(), to, "to", " AND starts_at < :to");
          filter(q.practitioner_id.has_value(), practitioner, "practitioner", " AND practitioner_id = :practitioner");
          filter(q.room_id.has_value(), room, "room", " AND room_id = :room");
          filter(q.patient_id.has_value(), patient, "patient", " AND patient_id = :patient");
          filter(q.plan_id.has_value(), plan, "plan", " AND plan_id = :plan");
          if (q.booked_only) where += " AND status = 'booked'";
          st.Use(q.limit, "limit");
          st.Prepare(std::string("SELECT ") + kAppointmentColumns + " FROM appointments" + where +
                     " ORDER BY starts_at, id LIMIT :limit");
          std::vector<AppointmentRecord> out;
          st.Start();
          while (st.Fetch()) out.push_back(row.ToRecord());
          return out;
        });
  }

  Result<std::vector<BookedSlot>> ListBookedSlots(Instant from, Instant to) override {
    return Run<std::vector<BookedSlot>>("ListBookedSlots", CallKind::kRead, [&]() -> Result<std::vector<BookedSlot>> {
      constexpr size_t kBatch = 512;
      const int64_t low = Seconds(from), high = Seconds(to);
      std::vector<long long> plan(kBatch), starts(kBatch), ends(kBatch), practitioner(kBatch), room(kBatch),
          device(kBatch);
      soci::statement st = (Sql().prepare << "SELECT plan_id, starts_at, ends_at, practitioner_id, room_id, device_id"
                                             " FROM appointments WHERE starts_at >= :low AND starts_at < :high"
                                             " AND status = 'booked' ORDER BY starts_at, id",
                            soci::into(plan), soci::into(starts), soci::into(ends), soci::into(practitioner),
                            soci::into(room), soci::into(device), soci::use(low, "low"), soci::use(high, "high"));
      std::vector<BookedSlot> out;
      st.execute();
      while (st.fetch()) {
        for (size_t i = 0; i < plan.size(); ++i) {
          out.push_back({plan[i], FromSeconds(starts[i]), FromSeconds(ends[i]), practitioner[i], room[i], device[i]});
        }
        for (auto* column : {&plan, &starts, &ends, &practitioner, &room, &device}) column->resize(kBatch);
      }
      return out;
    });
  }

  Result<AppointmentRecord> MoveAppointment(Id id, const AppointmentMove& move, Instant updated_at) override {
    return Run<AppointmentRecord>("MoveAppointment", CallKind::kRead, [&]() -> Result<AppointmentRecord> {
      auto current = QueryAppointment(id);
      if (!current) return current;
      if (current->status != "booked") {
        return Unexpected(MakeError(ErrorCode::kConflict, "only a booked appointment can move", "status"));
      }
      const int64_t key = id, starts = Seconds(move.starts_at), ends = Seconds(move.ends_at),
                    practitioner = move.practitioner_id, room = move.room_id, device = move.device_id,
                    at = Seconds(updated_at);
      ReleaseSlots(id);
      Stmt st(Sql());
      st.Use(starts, "starts").Use(ends, "ends").Use(practitioner, "practitioner").Use(room, "room");
      st.Use(device, "device").Use(at, "at").Use(key, "id");
      st.Prepare(
          "UPDATE appointments SET starts_at = :starts, ends_at = :ends, practitioner_id = :practitioner,"
          " room_id = :room, device_id = :device, sequence = sequence + 1, updated_at = :at WHERE id = :id");
      st.Execute();
      ClaimSlots(id, {practitioner, room, device}, starts, ends);
      return QueryAppointment(id);
    });
  }

  Result<AppointmentRecord> CloseAppointment(Id id, std::string_view status, Instant updated_at) override {
    return Run<AppointmentRecord>("CloseAppointment", CallKind::kRead, [&]() -> Result<AppointmentRecord> {
      if (status != "cancelled" && status != "no_show" && status != "completed") {
        return Unexpected(InvalidArgument("status", "must be cancelled, no_show or completed"));
      }
      const int64_t key = id, at = Seconds(updated_at);
      const std::string new_status(status);
      Stmt st(Sql());
      st.Use(new_status, "status").Use(at, "at").Use(key, "id");
      st.Prepare(
          "UPDATE appointments SET status = :status, sequence = sequence + 1, updated_at = :at"
          " WHERE id = :id AND status = 'booked'");
      st.Execute();
      auto current = QueryAppointment(id);
      if (!current) return current;
      if (st.AffectedRows() == 0) {
        return Unexpected(MakeError(ErrorCode::kConflict, "the appointment is already " + current->status, "status"));
      }
      if (status != "completed") ReleaseSlots(id);
      return current;
    });
  }

  Result<Id> CreateCalendarFeed(const NewCalendarFeed& f) override {
    return Run<Id>("CreateCalendarFeed", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = f.patient_id.value_or(0), practitioner = f.practitioner_id.value_or(0), by = f.created_by,
                    at = Seconds(f.created_at);
      soci::indicator patient_ind = f.patient_id ? soci::i_ok : soci::i_null;
      soci::indicator practitioner_ind = f.practitioner_id ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(f.token_hash, "token").Use(patient, patient_ind, "patient");
      st.Use(practitioner, practitioner_ind, "practitioner").Use(by, "by").Use(at, "at");
      st.Prepare(
          "INSERT INTO calendar_feeds (token_hash, patient_id, practitioner_id, created_by, created_at)"
          " VALUES (:token, :patient, :practitioner, :by, :at) RETURNING id");
      st.Execute();
      return id;
    });
  }

  // ---- calendar feeds and sign-in failures (security issue 17) ----

  static constexpr const char* kFeedColumns =
      "id, token_hash, patient_id, practitioner_id, created_by, created_at, revoked_at, last_fetched_at";

  // Binds the kFeedColumns of a statement to `row`'s members; Record() reads them out.
  struct FeedRow {
    CalendarFeedRecord record;
    int64_t patient = 0, practitioner = 0, at = 0, revoked = 0, fetched = 0;
    soci::indicator patient_ind = soci::i_null, practitioner_ind = soci::i_null, revoked_ind = soci::i_null,
                    fetched_ind = soci::i_null;
    void Bind(Stmt& st) {
      st.Into(record.id).Into(record.feed.token_hash).Into(patient, patient_ind).Into(practitioner, practitioner_ind);
      st.Into(record.feed.created_by).Into(at).Into(revoked, revoked_ind).Into(fetched, fetched_ind);
    }
    CalendarFeedRecord Record() const {
      CalendarFeedRecord out = record;
      out.feed.patient_id = patient_ind == soci::i_ok ? std::optional<Id>(patient) : std::nullopt;
      out.feed.practitioner_id = practitioner_ind == soci::i_ok ? std::optional<Id>(practitioner) : std::nullopt;
      out.feed.created_at = FromSeconds(at);
      out.revoked_at = revoked_ind == soci::i_ok ? std::optional<Instant>(FromSeconds(revoked)) : std::nullopt;
      out.last_fetched_at = fetched_ind == soci::i_ok ? std::optional<Instant>(FromSeconds(fetched)) : std::nullopt;
      return out;
    }
  };

  Result<CalendarFeedRecord> FindCalendarFeed(std::string_view token_hash) override {
    return Run<CalendarFeedRecord>("FindCalendarFeed", CallKind::kRead, [&]() -> Result<CalendarFeedRecord> {
      const std::string key(token_hash);
      FeedRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(key, "key")
          .Prepare(std::string("SELECT ") + kFeedColumns + " FROM calendar_feeds WHERE token_hash = :key");
      if (!st.Execute()) return Unexpected(NotFound("calendar feed"));
      return row.Record();
    });
  }

  Result<std::vector<CalendarFeedRecord>> ListCalendarFeeds(Id patient_id) override {
    return Run<std::vector<CalendarFeedRecord>>(
        "ListCalendarFeeds", CallKind::kRead, [&]() -> Result<std::vector<CalendarFeedRecord>> {
          const int64_t patient = patient_id;
          FeedRow row;
          Stmt st(Sql());
          row.Bind(st);
          st.Use(patient, "patient")
              .Prepare(std::string("SELECT ") + kFeedColumns +
                       " FROM calendar_feeds WHERE patient_id = :patient AND revoked_at IS NULL ORDER BY id");
          std::vector<CalendarFeedRecord> feeds;
          st.Start();
          while (st.Fetch()) feeds.push_back(row.Record());
          return feeds;
        });
  }

  Result<void> RevokeCalendarFeed(Id patient_id, Id feed_id, Instant at) override {
    return Run<void>("RevokeCalendarFeed", CallKind::kRead, [&]() -> Result<void> {
      const int64_t patient = patient_id, id = feed_id, when = Seconds(at);
      Stmt st(Sql());
      st.Use(when, "at").Use(id, "id").Use(patient, "patient");
      st.Prepare(
          "UPDATE calendar_feeds SET revoked_at = :at WHERE id = :id AND patient_id = :patient AND revoked_at IS NULL");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NotFound("calendar feed"));
      return {};
    });
  }

  Result<int64_t> RevokeCalendarFeeds(Id patient_id, Instant at) override {
    return Run<int64_t>("RevokeCalendarFeeds", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t patient = patient_id, when = Seconds(at);
      Stmt st(Sql());
      st.Use(when, "at").Use(patient, "patient");
      st.Prepare("UPDATE calendar_feeds SET revoked_at = :at WHERE patient_id = :patient AND revoked_at IS NULL");
      st.Execute();
      return st.AffectedRows();
    });
  }

  Result<bool> ClaimCalendarFeedFetch(Id feed_id, Instant now, Instant not_before) override {
    return Run<bool>("ClaimCalendarFeedFetch", CallKind::kRead, [&]() -> Result<bool> {
      const int64_t id = feed_id, at = Seconds(now), since = Seconds(not_before);
      Stmt st(Sql());
      st.Use(at, "now").Use(id, "id").Use(since, "since");
      st.Prepare(
          "UPDATE calendar_feeds SET last_fetched_at = :now WHERE id = :id AND revoked_at IS NULL"
          " AND (last_fetched_at IS NULL OR last_fetched_at <= :since)");
      st.Execute();
      return st.AffectedRows() == 1;
    });
  }

  Result<LoginFailureRecord> FindLoginFailures(std::string_view email_key, std::string_view address) override {
    return Run<LoginFailureRecord>("FindLoginFailures", CallKind::kRead, [&]() -> Result<LoginFailureRecord> {
      LoginFailureRecord record{std::string(email_key), std::string(address)};
      int64_t at = 0;
      int audited = 0;
      Stmt st(Sql());
      st.Into(record.failures).Into(at).Into(audited).Use(record.email_key, "email").Use(record.address, "address");
      st.Prepare(
          "SELECT failures, last_failure_at, refusal_audited FROM login_failures"
          " WHERE email_key = :email AND address = :address");
      if (!st.Execute()) return Unexpected(NotFound("sign-in failure"));
      record.last_failure_at = FromSeconds(at);
      record.refusal_audited = audited != 0;
      return record;
    });
  }

  Result<LoginFailureRecord> RecordLoginFailure(std::string_view email_key, std::string_view address,
                                                Instant now) override {
    return Run<LoginFailureRecord>("RecordLoginFailure", CallKind::kInsert, [&]() -> Result<LoginFailureRecord> {
      LoginFailureRecord record{std::string(email_key), std::string(address)};
      const int64_t at = Seconds(now);
      Stmt st(Sql());
      st.Into(record.failures).Use(record.email_key, "email").Use(record.address, "address").Use(at, "at");
      // One statement, so that two servers counting a failure of one pair at once both count.
      st.Prepare(
          "INSERT INTO login_failures (email_key, address, failures, last_failure_at, refusal_audited)"
          " VALUES (:email, :address, 1, :at, 0) ON CONFLICT (email_key, address) DO UPDATE SET"
          " failures = login_failures.failures + 1, last_failure_at = excluded.last_failure_at, refusal_audited = 0"
          " RETURNING failures");
      st.Execute();
      record.last_failure_at = now;
      return record;
    });
  }

  Result<bool> MarkLoginRefusalAudited(std::string_view email_key, std::string_view address) override {
    return Run<bool>("MarkLoginRefusalAudited", CallKind::kRead, [&]() -> Result<bool> {
      const std::string email(email_key), from(address);
      Stmt st(Sql());
      st.Use(email, "email").Use(from, "address");
      st.Prepare(
          "UPDATE login_failures SET refusal_audited = 1"
          " WHERE email_key = :email AND address = :address AND refusal_audited = 0");
      st.Execute();
      return st.AffectedRows() == 1;
    });
  }

  Result<void> ClearLoginFailures(std::string_view email_key, std::string_view address) override {
    return Run<void>("ClearLoginFailures", CallKind::kRead, [&]() -> Result<void> {
      const std::string email(email_key), from(address);
      Stmt st(Sql());
      st.Use(email, "email").Use(from, "address");
      st.Prepare("DELETE FROM login_failures WHERE email_key = :email AND address = :address");
      st.Execute();
      return {};
    });
  }

  Result<int64_t> DeleteLoginFailuresBefore(Instant before) override {
    return Run<int64_t>("DeleteLoginFailuresBefore", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t at = Seconds(before);
      Stmt st(Sql());
      st.Use(at, "before").Prepare("DELETE FROM login_failures WHERE last_failure_at < :before");
      st.Execute();
      return st.AffectedRows();
    });
  }

  // ---- product checks ----

  Result<Id> CreateProductCheck(const NewProductCheck& c) override {
    return Run<Id>("CreateProductCheck", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = c.patient_id, by = c.checked_by, at = Seconds(c.checked_at);
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(patient, "patient").Use(by, "by").Use(at, "at").Use(c.day_after_session, "day");
      st.Use(c.product_type, "type").Use(c.inci, "inci").Use(c.result_json, "result");
      st.Prepare(
          "INSERT INTO product_checks (patient_id, checked_by, checked_at, day_after_session, product_type, inci,"
          " result_json) VALUES (:patient, :by, :at, :day, :type, :inci, :result) RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<ProductCheckRecord>> ListProductChecks(Id patient_id, int limit) override {
    return Run<std::vector<ProductCheckRecord>>(
        "ListProductChecks", CallKind::kRead, [&]() -> Result<std::vector<ProductCheckRecord>> {
          if (auto ok = CheckLimit(limit); !ok) return Unexpected(ok.error());
          const int64_t key = patient_id;
          ProductCheckRecord row;
          int64_t at = 0;
          Stmt st(Sql());
          st.Into(row.id).Into(row.check.patient_id).Into(row.check.checked_by).Into(at);
          st.Into(row.check.day_after_session).Into(row.check.product_type).Into(row.check.inci);
          st.Into(row.check.result_json).Use(key, "key").Use(limit, "limit");
          st.Prepare(
              "SELECT id, patient_id, checked_by, checked_at, day_after_session, product_type, inci, result_json"
              " FROM product_checks WHERE patient_id = :key ORDER BY id DESC LIMIT :limit");
          std::vector<ProductCheckRecord> out;
          st.Start();
          while (st.Fetch()) {
            row.check.checked_at = FromSeconds(at);
            out.push_back(row);
          }
          return out;
        });
  }

  // ---- outbox ----

  Result<Id> EnqueueMessage(const NewOutboxMessage& m) override {
    return Run<Id>("EnqueueMessage", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = m.patient_id.value_or(0), appointment = m.appointment_id.value_or(0),
                    due = Seconds(m.due_at), at = Seconds(m.created_at);
      soci::indicator patient_ind = m.patient_id ? soci::i_ok : soci::i_null;
      soci::indicator appointment_ind = m.appointment_id ? soci::i_ok : soci::i_null;
      int64_t id = 0;
      Stmt st(Sql());
      st.Into(id).Use(m.kind, "kind").Use(m.recipient, "recipient").Use(m.subject, "subject").Use(m.body, "body");
      st.Use(patient, patient_ind, "patient").Use(appointment, appointment_ind, "appointment");
      st.Use(m.appointment_sequence, "sequence").Use(m.dedupe_key, "dedupe").Use(due, "due").Use(due, "due2");
      st.Use(at, "at");
      st.Prepare(
          "INSERT INTO outbox_messages (kind, recipient, subject, body, patient_id, appointment_id,"
          " appointment_sequence, dedupe_key, due_at, created_at, status, attempts, next_attempt_at, last_error)"
          " VALUES (:kind, :recipient, :subject, :body, :patient, :appointment, :sequence, :dedupe, :due, :at,"
          " 'pending', 0, :due2, '') RETURNING id");
      st.Execute();
      return id;
    });
  }

  Result<std::vector<OutboxRecord>> DueMessages(Instant now, int limit) override {
    return Run<std::vector<OutboxRecord>>("DueMessages", CallKind::kRead, [&]() -> Result<std::vector<OutboxRecord>> {
      if (auto ok = CheckLimit(limit); !ok) return Unexpected(ok.error());
      const int64_t at = Seconds(now);
      OutboxRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(at, "now").Use(limit, "limit");
      st.Prepare(std::string("SELECT ") + kOutboxColumns +
                 " FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= :now"
                 " ORDER BY CASE WHEN kind IN ('clinic_alert', 'portal_invitation', 'delivery_failure') THEN 0"
                 " ELSE 1 END, next_attempt_at, id LIMIT :limit");
      std::vector<OutboxRecord> out;
      st.Start();
      while (st.Fetch()) out.push_back(row.ToRecord());
      return out;
    });
  }

  Result<void> StepMessage(Id id, const OutboxStep& step) override {
    return Run<void>("StepMessage", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = id, next = Seconds(step.next_attempt_at), sent = step.sent_at ? Seconds(*step.sent_at) : 0;
      soci::indicator sent_ind = step.sent_at ? soci::i_ok : soci::i_null;
      const std::string body = step.body.value_or("");
      soci::indicator body_ind = step.body ? soci::i_ok : soci::i_null;
      Stmt st(Sql());
      st.Use(step.status, "status").Use(step.attempts, "attempts").Use(next, "next").Use(step.last_error, "error");
      st.Use(sent, sent_ind, "sent").Use(body, body_ind, "body").Use(key, "id");
      st.Prepare(
          "UPDATE outbox_messages SET status = :status, attempts = :attempts, next_attempt_at = :next,"
          " last_error = :error, sent_at = :sent, body = COALESCE(:body, body) WHERE id = :id");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NotFound("message"));
      return {};
    });
  }

  Result<OutboxRecord> RetryMessage(Id id, Instant now) override {
    return Run<OutboxRecord>("RetryMessage", CallKind::kRead, [&]() -> Result<OutboxRecord> {
      const int64_t key = id, next = Seconds(now);
      bool retried = false;
      {
        Stmt st(Sql());
        st.Use(next, "next").Use(key, "id");
        st.Prepare(
            "UPDATE outbox_messages SET status = 'pending', attempts = 0, next_attempt_at = :next, last_error = ''"
            " WHERE id = :id AND status = 'failed'");
        st.Execute();
        retried = st.AffectedRows() > 0;
      }
      OutboxRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(key, "id");
      st.Prepare(std::string("SELECT ") + kOutboxColumns + " FROM outbox_messages WHERE id = :id");
      if (!st.Execute()) return Unexpected(NotFound("message"));
      OutboxRecord record = row.ToRecord();
      if (!retried) {
        return Unexpected(
            Error{ErrorCode::kConflict, "only a message that could not be delivered can be retried", "status"});
      }
      return record;
    });
  }

  Result<std::vector<OutboxRecord>> ListMessages(std::optional<std::string> status, int limit, Id before) override {
    return Run<std::vector<OutboxRecord>>("ListMessages", CallKind::kRead, [&]() -> Result<std::vector<OutboxRecord>> {
      if (auto ok = CheckLimit(limit); !ok) return Unexpected(ok.error());
      const std::string wanted = status.value_or("");
      const int64_t below = before > 0 ? before : std::numeric_limits<int64_t>::max();
      OutboxRow row;
      Stmt st(Sql());
      row.Bind(st);
      st.Use(wanted, "status").Use(wanted, "status2").Use(below, "before").Use(limit, "limit");
      st.Prepare(std::string("SELECT ") + kOutboxColumns +
                 " FROM outbox_messages WHERE (:status = '' OR status = :status2) AND id < :before"
                 " ORDER BY id DESC LIMIT :limit");
      std::vector<OutboxRecord> out;
      st.Start();
      while (st.Fetch()) out.push_back(row.ToRecord());
      return out;
    });
  }

  // ---- two-factor sign-in ----

  Result<TwoFactorRecord> FindTwoFactor(Id user_id) override {
    return Run<TwoFactorRecord>("FindTwoFactor", CallKind::kRead, [&]() -> Result<TwoFactorRecord> {
      const int64_t key = user_id;
      TwoFactorRecord record;
      int enabled = 0;
      int64_t updated = 0;
      Stmt st(Sql());
      st.Into(record.secret).Into(enabled).Into(record.last_step).Into(updated).Use(key, "user_id");
      st.Prepare("SELECT secret, enabled, last_step, updated_at FROM two_factor WHERE user_id = :user_id");
      if (!st.Execute()) return Unexpected(NotFound("two-factor enrolment"));
      record.user_id = user_id;
      record.enabled = enabled != 0;
      record.updated_at = FromSeconds(updated);
      return record;
    });
  }

  Result<void> SaveTwoFactor(const TwoFactorRecord& record) override {
    return Run<void>("SaveTwoFactor", CallKind::kInsert, [&]() -> Result<void> {
      const int64_t key = record.user_id, step = record.last_step, updated = Seconds(record.updated_at);
      const int enabled = record.enabled ? 1 : 0;
      Stmt st(Sql());
      st.Use(key, "user_id").Use(record.secret, "secret").Use(enabled, "enabled").Use(step, "step");
      st.Use(updated, "updated");
      st.Prepare(
          "INSERT INTO two_factor (user_id, secret, enabled, last_step, updated_at)"
          " VALUES (:user_id, :secret, :enabled, :step, :updated) ON CONFLICT (user_id) DO UPDATE SET"
          " secret = excluded.secret, enabled = excluded.enabled, last_step = excluded.last_step,"
          " updated_at = excluded.updated_at");
      st.Execute();
      return {};
    });
  }

  Result<void> UseTwoFactorStep(Id user_id, int64_t step) override {
    return Run<void>("UseTwoFactorStep", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = user_id, used = step;
      Stmt st(Sql());
      st.Use(used, "step").Use(key, "user_id").Use(used, "step2");
      st.Prepare(
          "UPDATE two_factor SET last_step = :step WHERE user_id = :user_id AND enabled = 1 AND last_step < :step2");
      st.Execute();
      if (st.AffectedRows() > 0) return {};
      int enabled = 0;
      Stmt check(Sql());
      check.Into(enabled).Use(key, "user_id").Prepare("SELECT enabled FROM two_factor WHERE user_id = :user_id");
      if (!check.Execute() || enabled == 0) return Unexpected(NotFound("two-factor enrolment"));
      return Unexpected(MakeError(ErrorCode::kConflict, "this code was already used", "code"));
    });
  }

  Result<void> DeleteTwoFactor(Id user_id) override {
    return Run<void>("DeleteTwoFactor", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = user_id;
      Stmt codes(Sql());
      codes.Use(key, "user_id").Prepare("DELETE FROM recovery_codes WHERE user_id = :user_id");
      codes.Execute();
      Stmt enrolment(Sql());
      enrolment.Use(key, "user_id").Prepare("DELETE FROM two_factor WHERE user_id = :user_id");
      enrolment.Execute();
      return {};
    });
  }

  Result<void> ReplaceRecoveryCodes(Id user_id, std::span<const std::string> code_hashes, Instant created_at) override {
    return Run<void>("ReplaceRecoveryCodes", CallKind::kInsert, [&]() -> Result<void> {
      const int64_t key = user_id, at = Seconds(created_at);
      Stmt old(Sql());
      old.Use(key, "user_id").Prepare("DELETE FROM recovery_codes WHERE user_id = :user_id");
      old.Execute();
      for (const std::string& hash : code_hashes) {
        Stmt st(Sql());
        st.Use(key, "user_id").Use(hash, "hash").Use(at, "at");
        st.Prepare(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at, used_at) VALUES (:user_id, :hash, :at, NULL)");
        st.Execute();
      }
      return {};
    });
  }

  Result<void> UseRecoveryCode(Id user_id, std::string_view code_hash, Instant used_at) override {
    return Run<void>("UseRecoveryCode", CallKind::kRead, [&]() -> Result<void> {
      const int64_t key = user_id, at = Seconds(used_at);
      const std::string hash(code_hash);
      Stmt st(Sql());
      st.Use(at, "at").Use(key, "user_id").Use(hash, "hash");
      st.Prepare(
          "UPDATE recovery_codes SET used_at = :at WHERE user_id = :user_id AND code_hash = :hash AND used_at IS NULL");
      st.Execute();
      if (st.AffectedRows() == 0) return Unexpected(NotFound("recovery code"));
      return {};
    });
  }

  Result<int64_t> CountRecoveryCodes(Id user_id) override {
    return Run<int64_t>("CountRecoveryCodes", CallKind::kRead, [&]() -> Result<int64_t> {
      const int64_t key = user_id;
      int64_t count = 0;
      Stmt st(Sql());
      st.Into(count).Use(key, "user_id");
      st.Prepare("SELECT COUNT(*) FROM recovery_codes WHERE user_id = :user_id AND used_at IS NULL");
      st.Execute();
      return count;
    });
  }

  Result<SecuritySettingsRecord> FindSecuritySettings() override {
    return Run<SecuritySettingsRecord>(
        "FindSecuritySettings", CallKind::kRead, [&]() -> Result<SecuritySettingsRecord> {
          SecuritySettingsRecord record;
          int required = 0;
          int64_t updated = 0, by = 0;
          soci::indicator by_ind = soci::i_null;
          Stmt st(Sql());
          st.Into(required).Into(updated).Into(by, by_ind);
          st.Prepare("SELECT require_two_factor_for_staff, updated_at, updated_by FROM security_settings WHERE id = 1");
          if (!st.Execute()) return record;  // never saved: all off
          record.require_two_factor_for_staff = required != 0;
          record.updated_at = FromSeconds(updated);
          if (by_ind == soci::i_ok) record.updated_by = by;
          return record;
        });
  }

  Result<void> SaveSecuritySettings(const SecuritySettingsRecord& settings) override {
    return Run<void>("SaveSecuritySettings", CallKind::kInsert, [&]() -> Result<void> {
      const int required = settings.require_two_factor_for_staff ? 1 : 0;
      const int64_t updated = Seconds(settings.updated_at), by = settings.updated_by.value_or(0);
      soci::indicator by_ind = settings.updated_by ? soci::i_ok : soci::i_null;
      Stmt st(Sql());
      st.Use(required, "required").Use(updated, "updated").Use(by, by_ind, "by");
      st.Prepare(
          "INSERT INTO security_settings (id, require_two_factor_for_staff, updated_at, updated_by)"
          " VALUES (1, :required, :updated, :by) ON CONFLICT (id) DO UPDATE SET"
          " require_two_factor_for_staff = excluded.require_two_factor_for_staff,"
          " updated_at = excluded.updated_at, updated_by = excluded.updated_by");
      st.Execute();
      return {};
    });
  }

  Result<void> Nested(const std::function<Result<void>(Transaction&)>& unit) override {
    if (in_unit_) return Unexpected(MakeError(ErrorCode::kFailedPrecondition, "units of work do not nest"));
    if (status_ != Status::kOpen) return Unexpected(LostUnits());
    try {
      Hot().savepoint.Execute();
    } catch (const std::exception& e) {
      state_->Fail("Savepoint", e);
      Abort();
      return Unexpected(LostUnits());
    }
    in_unit_ = true;
    unit_aborted_ = false;
    Result<void> result = unit(*this);
    in_unit_ = false;
    if (std::exchange(unit_aborted_, false)) {  // rolled back to the savepoint already
      if (status_ != Status::kOpen) return Unexpected(LostUnits());
      return result ? Result<void>(Unexpected(Unusable())) : result;
    }
    try {
      if (!result) Hot().rollback_to_savepoint.Execute();
      Hot().release_savepoint.Execute();
    } catch (const std::exception& e) {
      state_->Fail("Savepoint", e);
      Abort();
      return Unexpected(LostUnits());
    }
    return result;
  }

  Result<void> Commit() override {
    if (status_ != Status::kOpen || in_unit_) return Unexpected(Unusable());
    try {
      Hot().commit.Execute();
      status_ = Status::kCommitted;
      if (writer_turn_.owns_lock()) writer_turn_.unlock();
      return {};
    } catch (const std::exception& e) {
      Error error = state_->Fail("Commit", e);
      Abort();
      return Unexpected(std::move(error));
    }
  }

 private:
  // Appends `entries` (at least one) as consecutive links of the chain and returns the last.
  // Taking the head row's write lock first serialises appenders until commit.
  Result<AuditRecord> AppendToChain(std::span<const NewAuditEntry> entries) {
    const std::vector<std::string>& keys = state_->audit_keys();
    if (keys.empty()) return Unexpected(NoAuditKey());
    HotStatements& hot = Hot();
    hot.bump_head.Execute();
    if (!hot.read_head.Execute()) return Unexpected(MakeError(ErrorCode::kInternal, "the audit log is damaged"));
    AuditRecord record;
    record.seq = hot.head_seq - 1;  // the bump above already counted the first entry
    record.hash = hot.head_hash;
    hot.read_head.Finish();
    AuditRow& row = hot.audit;
    for (const NewAuditEntry& entry : entries) {
      record.seq += 1;
      record.prev_hash = std::move(record.hash);
      record.at = entry.at;
      record.actor_user_id = entry.actor_user_id;
      record.actor_role = entry.actor_role;
      record.action = entry.action;
      record.entity = entry.entity;
      record.entity_id = entry.entity_id;
      record.request_id = entry.request_id;
      record.outcome = entry.outcome;
      record.hash = AuditEntryMac(record, keys.back());

      row.seq = record.seq;
      row.at = Seconds(record.at);
      row.actor_user_id = record.actor_user_id.value_or(0);
      row.actor_user_id_ind = record.actor_user_id ? soci::i_ok : soci::i_null;
      row.actor_role = record.actor_role;
      row.action = record.action;
      row.entity = record.entity;
      row.entity_id = record.entity_id.value_or(0);
      row.entity_id_ind = record.entity_id ? soci::i_ok : soci::i_null;
      row.request_id = record.request_id;
      row.outcome = record.outcome;
      row.prev_hash = record.prev_hash;
      row.hash = record.hash;
      hot.insert_audit.Execute();
    }
    hot.set_head.Execute();  // row still holds the last entry's seq and hash
    return record;
  }

  enum class Status { kOpen, kCommitted, kAborted };

  // Patient details as bound parameters (names match the INSERT and UPDATE statements).
  struct PatientParams {
    explicit PatientParams(const domain::PatientDetails& d)
        : details(d),
          birth_date(FormatDate(d.birth_date)),
          sex(domain::SexName(d.sex)),
          sort_key(PatientSortKey(d)),
          search_text(PatientSearchText(d)) {}
    void Bind(Stmt& st) const {
      st.Use(details.given_name, "given_name").Use(details.family_name, "family_name").Use(birth_date, "birth_date");
      st.Use(sex, "sex").Use(details.email, "email").Use(details.phone, "phone");
      st.Use(details.fitzpatrick, "fitzpatrick").Use(sort_key, "sort_key").Use(search_text, "search_text");
    }
    const domain::PatientDetails& details;
    std::string birth_date, sex, sort_key, search_text;
  };

  soci::session& Sql() { return *connection_->sql; }
  HotStatements& Hot() { return connection_->Hot(state_->dialect()); }

  static Error NoAuditKey() {
    return MakeError(ErrorCode::kFailedPrecondition, "no audit key is configured (see docs/security.md)");
  }

  static Error NotFound(std::string_view what) {
    return MakeError(ErrorCode::kNotFound, "no such " + std::string(what));
  }
  static Error Stale() {
    return MakeError(ErrorCode::kFailedPrecondition, "the record has changed since it was read", "version");
  }
  static Error Unusable() {
    return MakeError(ErrorCode::kFailedPrecondition, "the transaction is no longer usable; start a new one");
  }
  static Error LostUnits() { return MakeError(ErrorCode::kUnavailable, ClientMessage(ErrorCode::kUnavailable, "")); }

  // Runs one call: refuses after the transaction ended, turns exceptions into errors, and
  // aborts the transaction as the contract in store.hpp says.
  template <typename T, typename Body>
  Result<T> Run(const char* operation, CallKind kind, Body&& body) {
    if (status_ != Status::kOpen || unit_aborted_) return Unexpected(Unusable());
    try {
      Result<T> result = body();
      if (!result && kind == CallKind::kInsert) Abort();
      return result;
    } catch (const std::exception& e) {
      Error error = state_->Fail(operation, e);
      Abort();
      return Unexpected(std::move(error));
    }
  }

  // Ends the transaction at once, so that its locks (SQLite's write lock, PostgreSQL's row
  // locks) are not held until the caller lets go of the object. Inside a unit of work only
  // the unit ends (rolled back to its savepoint), unless that fails too.
  void Abort() {
    if (in_unit_ && !unit_aborted_) {
      unit_aborted_ = true;
      try {
        Hot().rollback_to_savepoint.Execute();
        Hot().release_savepoint.Execute();
        return;
      } catch (const std::exception& e) {
        state_->Fail("Savepoint", e);
      }
    }
    RollBack();
    status_ = Status::kAborted;
    if (writer_turn_.owns_lock()) writer_turn_.unlock();
  }

  void RollBack() {
    try {
      Hot().rollback.Execute();
    } catch (const std::exception&) {
      // SQLite may have rolled back already (a failed COMMIT); otherwise the connection is
      // in an unknown state. Either way: close it rather than reuse it.
      healthy_ = false;
    }
  }

  Result<ResourceRecord> QueryResource(Id id) {
    const int64_t key = id;
    ResourceRow row;
    Stmt st(Sql());
    row.Bind(st);
    st.Use(key, "key").Prepare(std::string("SELECT ") + kResourceColumns + " FROM resources WHERE id = :key");
    if (!st.Execute()) return Unexpected(NotFound("resource"));
    return row.ToRecord();
  }

  Result<AppointmentRecord> QueryAppointment(Id id) {
    const int64_t key = id;
    AppointmentRow row;
    Stmt st(Sql());
    row.Bind(st);
    st.Use(key, "key").Prepare(std::string("SELECT ") + kAppointmentColumns + " FROM appointments WHERE id = :key");
    if (!st.Execute()) return Unexpected(NotFound("appointment"));
    return row.ToRecord();
  }

  // Claims the quarter hours [starts, ends) of each resource for an appointment; a cell
  // already claimed violates the table's primary key (thrown: the caller's Run reports it).
  void ClaimSlots(int64_t appointment, std::initializer_list<int64_t> resources, int64_t starts, int64_t ends) {
    int64_t resource = 0, cell = 0;
    Stmt st(Sql());
    st.Use(resource, "resource").Use(cell, "cell").Use(appointment, "appointment");
    st.Prepare(
        "INSERT INTO resource_slots (resource_id, cell, appointment_id) VALUES (:resource, :cell, :appointment)");
    for (int64_t r : resources) {
      for (int64_t c = starts / kSlotCellSeconds; c * kSlotCellSeconds < ends; ++c) {
        resource = r;
        cell = c;
        st.Execute();
      }
    }
  }

  void ReleaseSlots(int64_t appointment) {
    Stmt st(Sql());
    st.Use(appointment, "appointment").Prepare("DELETE FROM resource_slots WHERE appointment_id = :appointment");
    st.Execute();
  }

  Result<AlertRecord> QueryAlert(Id id) {
    const int64_t key = id;
    AlertRow row;
    Stmt st(Sql());
    row.Bind(st);
    st.Use(key, "key").Prepare(std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id = :key");
    if (!st.Execute()) return Unexpected(NotFound("alert"));
    return row.ToRecord();
  }

  // Moves an alert one step (the UPDATE binds :by, :at, :note, :id and names the states it
  // may start from); kNotFound or kConflict (field "status") when it cannot move.
  Result<AlertRecord> StepAlert(Id id, const AlertStep& step, const char* update, const char* conflict) {
    const int64_t key = id, by = step.by, at = Seconds(step.at);
    Stmt st(Sql());
    st.Use(by, "by").Use(at, "at").Use(step.note, "note").Use(key, "id").Prepare(update);
    st.Execute();
    auto current = QueryAlert(id);
    if (!current || st.AffectedRows() == 1) return current;
    return Unexpected(MakeError(ErrorCode::kConflict, conflict, "status"));
  }

  template <typename Key>
  Result<UserRecord> QueryUser(const std::string& where, const Key& key) {
    UserRow row;
    Stmt st(Sql());
    row.Bind(st);
    st.Use(key, "key").Prepare(std::string("SELECT ") + kUserColumns + " FROM users" + where);
    if (!st.Execute()) return Unexpected(NotFound("user"));
    return row.ToRecord();
  }

  Result<PatientRecord> FindPatientNow(Id id) {
    HotStatements& hot = Hot();
    hot.patient_id = id;
    if (!hot.find_patient.Execute()) return Unexpected(NotFound("patient"));
    auto record = hot.patient.ToRecord();
    hot.find_patient.Finish();
    return record;
  }

  Result<Id> InsertEvaluation(Stmt HotStatements::*insert, const NewEvaluation& evaluation) {
    HotStatements& hot = Hot();
    EvaluationRow& row = hot.evaluation;
    row.patient_id = evaluation.patient_id;
    row.created_by = evaluation.created_by;
    row.created_at = Seconds(evaluation.created_at);
    row.input_json = evaluation.input_json;
    row.result_json = evaluation.result_json;
    Stmt& st = hot.*insert;
    st.Execute();
    const Id id = row.id;
    st.Finish();
    return id;
  }

  Result<EvaluationRecord> FindEvaluation(const char* table, const char* what, const char* where, Id key) {
    const int64_t value = key;
    EvaluationRow row;
    Stmt st(Sql());
    row.Bind(st);
    st.Use(value, "key").Prepare(std::string("SELECT ") + kEvaluationColumns + " FROM " + table + where);
    if (!st.Execute()) return Unexpected(NotFound(what));
    return row.ToRecord();
  }

  Result<std::vector<EvaluationRecord>> ListEvaluations(const char* table, Id patient_id) {
    const int64_t key = patient_id;
    EvaluationRow row;
    Stmt st(Sql());
    row.Bind(st);
    st.Use(key, "key")
        .Prepare(std::string("SELECT ") + kEvaluationColumns + " FROM " + table +
                 " WHERE patient_id = :key ORDER BY id");
    std::vector<EvaluationRecord> records;
    st.Start();
    while (st.Fetch()) records.push_back(row.ToRecord());
    return records;
  }

  Result<PlanRecord> QueryPlan(const char* where, Id key) {
    const int64_t value = key;
    PlanRow row;
    Stmt st(Sql());
    row.Bind(st);
    st.Use(value, "key").Prepare(std::string("SELECT ") + kPlanColumns + " FROM plans" + where);
    if (!st.Execute()) return Unexpected(NotFound("plan"));
    return row.ToRecord();
  }

  // A patient-list cursor: "<id>.<hex of the sort key>" of the last row of a page.
  static std::string EncodeCursor(int64_t id, const std::string& sort_key) {
    return std::to_string(id) + "." + HexEncode(sort_key);
  }
  static bool DecodeCursor(const std::string& cursor, int64_t& id, std::string& sort_key) {
    const size_t dot = cursor.find('.');
    if (dot == std::string::npos || dot == 0) return false;
    const char* begin = cursor.data();
    const auto [end, error] = std::from_chars(begin, begin + dot, id);
    if (error != std::errc() || end != begin + dot || id < 1) return false;
    return HexDecode(std::string_view(cursor).substr(dot + 1), sort_key);
  }

  std::shared_ptr<StoreState> state_;
  std::unique_ptr<Connection> connection_;
  std::unique_lock<std::timed_mutex> writer_turn_;  // held until the end on a single-writer database
  Status status_ = Status::kOpen;
  bool in_unit_ = false;       // inside Nested()
  bool unit_aborted_ = false;  // ... and a call in that unit aborted it
  bool healthy_ = true;
};

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::shared_ptr<StoreState> state) : state_(std::move(state)) {}

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override {
    // A pooled connection may have died with the server; try once more on a fresh one.
    std::unique_lock<std::timed_mutex> writer_turn;
    if (mode == TransactionMode::kReadWrite) {
      auto turn = state_->EnterWriters();
      if (!turn) return Unexpected(std::move(turn).error());
      writer_turn = std::move(*turn);
    }
    for (int attempt = 0;; ++attempt) {
      bool fresh = false;
      auto connection = state_->Acquire(fresh);
      if (!connection) return Unexpected(connection.error());
      try {
        HotStatements& hot = (*connection)->Hot(state_->dialect());
        (mode == TransactionMode::kReadOnly ? hot.begin_read : hot.begin_write).Execute();
        return std::unique_ptr<Transaction>(
            std::make_unique<SqlTransaction>(state_, std::move(*connection), std::move(writer_turn)));
      } catch (const std::exception& e) {
        Error error = state_->Fail("Begin", e);
        state_->Release(std::move(*connection), false);
        // A pooled connection lost with the server: its idle siblings were lost with it, so the
        // one retry (nothing was written yet) opens a fresh connection.
        if (!fresh && error.code == ErrorCode::kUnavailable) state_->DiscardIdle();
        if (fresh || attempt > 0 || error.code != ErrorCode::kUnavailable) return Unexpected(std::move(error));
      }
    }
  }

  std::string_view BackendName() const override { return state_->dialect().Name(); }

 private:
  std::shared_ptr<StoreState> state_;
};

Error MigrationError(const Dialect& dialect, const std::exception& e) {
  Failure failure = dialect.Classify(e);
  DefaultLog(StorageLogEvent{"Migrate", failure.code, failure.backend_code, failure.detail});
  const ErrorCode code = failure.code == ErrorCode::kUnavailable ? ErrorCode::kUnavailable : ErrorCode::kInternal;
  return MakeError(code, code == ErrorCode::kUnavailable ? ClientMessage(code, "")
                                                         : "the database schema could not be brought up to date");
}

// The database could not be reached when opening it: for the operator starting the server
// or running a database command, kUnavailable (field "db") with what was tried and the
// driver's reason, which each dialect's Connect words without a password.
Error ConnectError(const Dialect& dialect, const std::exception& e) {
  Failure failure = dialect.Classify(e);
  if (failure.code != ErrorCode::kUnavailable) return MigrationError(dialect, e);
  DefaultLog(StorageLogEvent{"Connect", failure.code, failure.backend_code, failure.detail});
  return MakeError(ErrorCode::kUnavailable, "cannot reach the database: " + failure.detail, "db");
}

constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";

}  // namespace

std::string FirstLine(std::string_view message) {
  const size_t end = message.find('\n');
  std::string line(message.substr(0, end));
  if (line.size() > 300) line.resize(300);
  return line;
}

Result<int> MigrateTo(const Dialect& dialect, int target_version) {
  const std::vector<Migration>& migrations = dialect.Migrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  std::unique_ptr<soci::session> sql;
  try {
    sql = dialect.Connect();
  } catch (const std::exception& e) {
    return Unexpected(ConnectError(dialect, e));
  }
  // Up to date already (the usual start-up): no write lock needed.
  try {
    int current = 0;
    *sql << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", soci::into(current);
    if (current >= std::min(target_version, latest) && current <= latest) return current;
  } catch (const std::exception&) {  // no schema_migrations table yet: migrate below
  }
  try {
    *sql << dialect.BeginStatement(TransactionMode::kReadWrite);
    if (const std::string lock = dialect.MigrationLockStatement(); !lock.empty()) *sql << lock;
    *sql << kCreateSchemaMigrations;
    int current = 0;
    *sql << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", soci::into(current);
    if (current > latest) {
      *sql << "ROLLBACK";
      return Unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                  "the database schema (version " + std::to_string(current) +
                                      ") is newer than this program (version " + std::to_string(latest) + ")",
                                  "db"));
    }
    for (const Migration& migration : migrations) {
      if (migration.version <= current || migration.version > target_version) continue;
      for (std::string_view statement : migration.statements) *sql << std::string(statement);
      const std::string name(migration.name);
      *sql << "INSERT INTO schema_migrations (version, name) VALUES (:version, :name)", soci::use(migration.version),
          soci::use(name);
      current = migration.version;
    }
    *sql << "COMMIT";
    return current;
  } catch (const std::exception& e) {
    Error error = MigrationError(dialect, e);
    try {
      *sql << "ROLLBACK";
    } catch (const std::exception&) {  // the connection is closed below either way
    }
    return Unexpected(std::move(error));
  }
}

Result<int> SchemaVersion(const Dialect& dialect) {
  std::unique_ptr<soci::session> sql;
  try {
    sql = dialect.Connect();
  } catch (const std::exception& e) {
    return Unexpected(ConnectError(dialect, e));
  }
  try {
    int version = 0;
    *sql << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", soci::into(version);
    return version;
  } catch (const std::exception& e) {
    Failure failure = dialect.Classify(e);
    if (failure.code == ErrorCode::kUnavailable) return Unexpected(MigrationError(dialect, e));
    return 0;  // no schema_migrations table: nothing was ever migrated
  }
}

Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<Dialect> dialect, StoreOptions options) {
  auto migrated = MigrateTo(*dialect, dialect->Migrations().back().version);
  if (!migrated) return Unexpected(migrated.error());
  auto state = std::make_shared<StoreState>(std::move(dialect), std::move(options));
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(state)));
}

}  // namespace scarwise::storage::sql
