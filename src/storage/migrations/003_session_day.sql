-- session day: charted sessions (append-only) and their amendments
CREATE TABLE treatment_sessions (
  id {{ID}},
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
);

CREATE INDEX treatment_sessions_by_patient ON treatment_sessions (patient_id, id);

CREATE TABLE session_amendments (
  id {{ID}},
  session_id BIGINT NOT NULL REFERENCES treatment_sessions (id),
  amended_by BIGINT NOT NULL REFERENCES users (id),
  amended_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  changes_json TEXT NOT NULL
);

CREATE INDEX session_amendments_by_session ON session_amendments (session_id, id);
