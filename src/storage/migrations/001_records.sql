-- records server: accounts, sessions, patients, evaluations, plans, history, idempotency, audit
CREATE TABLE patients (
  id {{ID}},
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CONSTRAINT patients_sex CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  fitzpatrick INTEGER NOT NULL CONSTRAINT patients_fitzpatrick CHECK (fitzpatrick BETWEEN 1 AND 6),
  sort_key TEXT{{BYTEWISE}} NOT NULL,
  search_text TEXT{{BYTEWISE}} NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1)
);

CREATE INDEX patients_by_name ON patients (sort_key, id);

CREATE TABLE users (
  id {{ID}},
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
);

CREATE TABLE sessions (
  id {{ID}},
  token_hash TEXT NOT NULL CONSTRAINT sessions_token_hash_unique UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE assessments (
  id {{ID}},
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  input_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  CONSTRAINT assessments_of_patient UNIQUE (patient_id, id)
);

CREATE TABLE screenings (
  id {{ID}},
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  input_json TEXT NOT NULL,
  result_json TEXT NOT NULL,
  CONSTRAINT screenings_of_patient UNIQUE (patient_id, id)
);

CREATE TABLE plans (
  id {{ID}},
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
);

CREATE INDEX plans_by_patient ON plans (patient_id, id);

CREATE TABLE record_history (
  id {{ID}},
  entity TEXT NOT NULL CHECK (entity <> ''),
  entity_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  changed_by BIGINT REFERENCES users (id),
  changed_at BIGINT NOT NULL,
  snapshot_json TEXT NOT NULL,
  CONSTRAINT record_history_version_unique UNIQUE (entity, entity_id, version)
);

CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL REFERENCES users (id),
  idem_key TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 255),
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idem_key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE audit_log (
  seq {{INTEGER_KEY}},
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
);

CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, seq);

CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id, seq);

-- @dialect-statements: 001_records.sqlite.sql or 001_records.postgresql.sql go here

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);

INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
