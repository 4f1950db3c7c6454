// The SQLite schema, as versioned migrations. Ids are INTEGER PRIMARY KEY (the rowid);
// instants are Unix seconds; booleans are 0/1; JSON documents are TEXT kept verbatim.
#include "storage/sql/migration.hpp"

namespace scarwise::storage::sql {

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "records server: accounts, sessions, patients, evaluations, plans, history, idempotency, audit",
       {
           R"sql(CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CONSTRAINT patients_sex CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  fitzpatrick INTEGER NOT NULL CONSTRAINT patients_fitzpatrick CHECK (fitzpatrick BETWEEN 1 AND 6),
  sort_key TEXT NOT NULL,
  search_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1)
))sql",
           "CREATE INDEX patients_by_name ON patients (sort_key, id)",
           R"sql(CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL CONSTRAINT users_email_key_unique UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CONSTRAINT users_role CHECK (role IN ('admin', 'clinician', 'coordinator', 'patient')),
  password_hash TEXT NOT NULL,
  patient_id BIGINT CONSTRAINT users_patient_id_unique UNIQUE REFERENCES patients (id),
  created_at BIGINT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  CONSTRAINT users_role_patient CHECK ((role = 'patient' AND patient_id IS NOT NULL) OR
                                       (role <> 'patient' AND patient_id IS NULL))
))sql",
           R"sql(CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL CONSTRAINT sessions_token_hash_unique UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
))sql",
           "CREATE INDEX sessions_by_user ON sessions (user_id)",
           "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
           R"sql(CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  input_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  CONSTRAINT assessments_of_patient UNIQUE (patient_id, id)
))sql",
           R"sql(CREATE TABLE screenings (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  input_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  CONSTRAINT screenings_of_patient UNIQUE (patient_id, id)
))sql",
           R"sql(CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  assessment_id BIGINT NOT NULL,
  screening_id BIGINT NOT NULL,
  proposal_json TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT plans_status CHECK (status IN ('proposed', 'approved')),
  protocol_name TEXT NOT NULL,
  protocol_version TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  approved_by BIGINT REFERENCES users (id),
  approved_at BIGINT,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1),
  CONSTRAINT plans_assessment_of_patient FOREIGN KEY (patient_id, assessment_id)
    REFERENCES assessments (patient_id, id),
  CONSTRAINT plans_screening_of_patient FOREIGN KEY (patient_id, screening_id)
    REFERENCES screenings (patient_id, id),
  CONSTRAINT plans_approval CHECK (
    (status = 'approved' AND approved_by IS NOT NULL AND approved_at IS NOT NULL) OR
    (status = 'proposed' AND approved_by IS NULL AND approved_at IS NULL))
))sql",
           "CREATE INDEX plans_by_patient ON plans (patient_id, id)",
           R"sql(CREATE TABLE record_history (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity <> ''),
  entity_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  changed_by BIGINT REFERENCES users (id),
  changed_at BIGINT NOT NULL,
  snapshot_json TEXT NOT NULL,
  CONSTRAINT record_history_version_unique UNIQUE (entity, entity_id, version)
))sql",
           R"sql(CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL REFERENCES users (id),
  idem_key TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 255),
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idem_key)
))sql",
           "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at)",
           R"sql(CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor_role TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  request_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
))sql",
           "CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, seq)",
           "CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id, seq)",
           R"sql(CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)sql",
           R"sql(CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)sql",
           R"sql(CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL
))sql",
           "INSERT INTO audit_head (id, last_seq, last_hash) VALUES "
           "(1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
       }},
      {2,
       "recovery: check-ins and alerts",
       {
           R"sql(CREATE TABLE check_ins (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  day_after_session INTEGER NOT NULL CHECK (day_after_session BETWEEN 0 AND 365),
  redness INTEGER NOT NULL CHECK (redness BETWEEN 0 AND 3),
  swelling INTEGER NOT NULL CHECK (swelling BETWEEN 0 AND 3),
  pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
  warning_signs TEXT NOT NULL,
  products_applied TEXT NOT NULL,
  sunscreen_used INTEGER NOT NULL CHECK (sunscreen_used IN (0, 1)),
  makeup_used INTEGER NOT NULL CHECK (makeup_used IN (0, 1))
))sql",
           "CREATE INDEX check_ins_by_patient ON check_ins (patient_id, id)",
           R"sql(CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  check_in_id BIGINT REFERENCES check_ins (id),
  urgency TEXT NOT NULL CONSTRAINT alerts_urgency CHECK (urgency IN ('urgent', 'soon', 'routine')),
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL CONSTRAINT alerts_status CHECK (status IN ('open', 'acknowledged', 'resolved')),
  created_at BIGINT NOT NULL,
  acknowledged_by BIGINT REFERENCES users (id),
  acknowledged_at BIGINT,
  acknowledged_note TEXT,
  resolved_by BIGINT REFERENCES users (id),
  resolved_at BIGINT,
  resolved_note TEXT,
  session_id BIGINT,
  missed_day INTEGER,
  CONSTRAINT alerts_missed_check_in_unique UNIQUE (session_id, missed_day)
))sql",
           "CREATE INDEX alerts_by_status ON alerts (status, id)",
           "CREATE INDEX alerts_by_patient ON alerts (patient_id, id)",
       }},
      {3,
       "session day: charted sessions (append-only) and their amendments",
       {
           R"sql(CREATE TABLE treatment_sessions (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  session_number INTEGER NOT NULL CHECK (session_number >= 1),
  appointment_id BIGINT,
  screening_id BIGINT NOT NULL REFERENCES screenings (id),
  charted_by BIGINT NOT NULL REFERENCES users (id),
  charted_at BIGINT NOT NULL,
  ended_at BIGINT NOT NULL,
  end_offset_minutes INTEGER NOT NULL,
  chart_json TEXT NOT NULL,
  CONSTRAINT treatment_sessions_number_unique UNIQUE (plan_id, session_number)
))sql",
           "CREATE INDEX treatment_sessions_by_patient ON treatment_sessions (patient_id, id)",
           R"sql(CREATE TABLE session_amendments (
  id INTEGER PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES treatment_sessions (id),
  amended_by BIGINT NOT NULL REFERENCES users (id),
  amended_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  changes_json TEXT NOT NULL
))sql",
           "CREATE INDEX session_amendments_by_session ON session_amendments (session_id, id)",
           R"sql(CREATE TRIGGER treatment_sessions_no_update BEFORE UPDATE ON treatment_sessions
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END)sql",
           R"sql(CREATE TRIGGER treatment_sessions_no_delete BEFORE DELETE ON treatment_sessions
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END)sql",
           R"sql(CREATE TRIGGER session_amendments_no_update BEFORE UPDATE ON session_amendments
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END)sql",
           R"sql(CREATE TRIGGER session_amendments_no_delete BEFORE DELETE ON session_amendments
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END)sql",
       }},
      {4,
       "scheduling: clinic calendar, practitioners, rooms and devices, appointments and their claimed quarter hours",
       {
           R"sql(CREATE TABLE clinic_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  time_zone TEXT NOT NULL,
  opening_hours_json TEXT NOT NULL,
  closed_dates_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1)
))sql",
           R"sql(CREATE TABLE resources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CONSTRAINT resources_kind CHECK (kind IN ('practitioner', 'room', 'device')),
  name TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id),
  schedule_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1)
))sql",
           R"sql(CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  session_number INTEGER NOT NULL CHECK (session_number >= 1),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  practitioner_id BIGINT NOT NULL REFERENCES resources (id),
  room_id BIGINT NOT NULL REFERENCES resources (id),
  device_id BIGINT NOT NULL REFERENCES resources (id),
  booked_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL CONSTRAINT appointments_status CHECK (status IN ('booked', 'cancelled', 'no_show', 'completed')),
  sequence INTEGER NOT NULL CHECK (sequence >= 0),
  updated_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
))sql",
           "CREATE UNIQUE INDEX appointments_booked_session ON appointments (plan_id, session_number) WHERE status = "
           "'booked'",
           "CREATE INDEX appointments_by_start ON appointments (starts_at, id)",
           "CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at)",
           "CREATE INDEX appointments_by_plan ON appointments (plan_id, session_number)",
           R"sql(CREATE TABLE resource_slots (
  resource_id BIGINT NOT NULL REFERENCES resources (id),
  cell BIGINT NOT NULL,
  appointment_id BIGINT NOT NULL REFERENCES appointments (id),
  CONSTRAINT resource_slots_taken PRIMARY KEY (resource_id, cell)
))sql",
           "CREATE INDEX resource_slots_by_appointment ON resource_slots (appointment_id)",
           R"sql(CREATE TABLE calendar_feeds (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL CONSTRAINT calendar_feeds_token_hash_unique UNIQUE,
  patient_id BIGINT REFERENCES patients (id),
  practitioner_id BIGINT REFERENCES resources (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CHECK ((patient_id IS NULL) <> (practitioner_id IS NULL))
))sql",
           R"sql(CREATE TABLE outbox_messages (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  patient_id BIGINT REFERENCES patients (id),
  appointment_id BIGINT REFERENCES appointments (id),
  appointment_sequence INTEGER NOT NULL,
  dedupe_key TEXT NOT NULL CONSTRAINT outbox_messages_dedupe_unique UNIQUE,
  due_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  status TEXT NOT NULL CONSTRAINT outbox_messages_status CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL,
  sent_at BIGINT
))sql",
           "CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at, id)",
           R"sql(CREATE TABLE product_checks (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  checked_by BIGINT NOT NULL REFERENCES users (id),
  checked_at BIGINT NOT NULL,
  day_after_session INTEGER NOT NULL CHECK (day_after_session >= 0),
  product_type TEXT NOT NULL,
  inci TEXT NOT NULL,
  result_json TEXT NOT NULL
))sql",
           "CREATE INDEX product_checks_by_patient ON product_checks (patient_id, id)",
       }},
      {5,
       "audit trail of each record indexed in bulk, off the path of the request that appends it",
       {
           // A read's audit entry is committed before its answer leaves; an index keyed by
           // record made every such commit rewrite one random index page per entry. The log
           // itself only grows at its end; audit_trail indexes it behind, in bulk
           // (IndexAuditTrail), and a query by record reads the unindexed tail directly.
           "DROP INDEX audit_log_by_entity",
           R"sql(CREATE TABLE audit_trail (
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (entity, entity_id, seq)
) WITHOUT ROWID)sql",
           R"sql(CREATE TABLE audit_trail_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_seq BIGINT NOT NULL
))sql",
           "INSERT INTO audit_trail_head (id, indexed_seq) VALUES (1, 0)",
       }},
      {6,
       "portal accounts opened by invitation (single-use, expiring links); alerts repeated, not raised again",
       {
           R"sql(CREATE TABLE portal_invitations (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL CONSTRAINT portal_invitations_token_hash_unique UNIQUE,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
))sql",
           "CREATE INDEX portal_invitations_by_user ON portal_invitations (user_id)",
           // One alert per sign and session: later check-ins with the same sign repeat it.
           "ALTER TABLE alerts ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0",
           "ALTER TABLE alerts ADD COLUMN last_check_in_id BIGINT REFERENCES check_ins (id)",
           "ALTER TABLE alerts ADD COLUMN last_seen_at BIGINT",
       }},
      {7,
       "security issue 17: revocable, rate-limited calendar feeds; sign-in failures per (account, address)",
       {
           // The audit chain is keyed from this version on (HMAC-SHA-256 under a key kept
           // outside the database) without a schema change: the entries written before keep
           // their plain SHA-256 hashes, and VerifyAudit accepts them only as the prefix that
           // the first keyed entry seals (docs/security.md).
           "ALTER TABLE calendar_feeds ADD COLUMN revoked_at BIGINT",
           "ALTER TABLE calendar_feeds ADD COLUMN last_fetched_at BIGINT",
           "CREATE INDEX calendar_feeds_by_patient ON calendar_feeds (patient_id, id)",
           R"sql(CREATE TABLE login_failures (
  email_key TEXT NOT NULL,
  address TEXT NOT NULL,
  failures BIGINT NOT NULL CHECK (failures >= 1),
  last_failure_at BIGINT NOT NULL,
  refusal_audited INTEGER NOT NULL DEFAULT 0 CHECK (refusal_audited IN (0, 1)),
  PRIMARY KEY (email_key, address)
) WITHOUT ROWID)sql",
           "CREATE INDEX login_failures_by_time ON login_failures (last_failure_at)",
       }},
      {8,
       "staff two-factor sign-in: TOTP enrolments, hashed one-time recovery codes, the clinic's sign-in policy",
       {
           // The TOTP secret is kept as is: sign-in computes the expected codes from it.
           // last_step is the newest time step accepted, so that a code works once.
           R"sql(CREATE TABLE two_factor (
  user_id BIGINT PRIMARY KEY REFERENCES users (id),
  secret TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  last_step BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
))sql",
           // Only the SHA-256 of each recovery code; used_at is set when it is used.
           R"sql(CREATE TABLE recovery_codes (
  user_id BIGINT NOT NULL REFERENCES users (id),
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
))sql",
           R"sql(CREATE TABLE security_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  require_two_factor_for_staff INTEGER NOT NULL CHECK (require_two_factor_for_staff IN (0, 1)),
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users (id)
))sql",
       }},
  };
  return kMigrations;
}

}  // namespace scarwise::storage::sql
