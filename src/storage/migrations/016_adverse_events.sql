-- the adverse-event register: what happened after a session, how it was treated, how it ended
CREATE TABLE adverse_events (
  id {{ID}},
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  type TEXT NOT NULL,
  severity TEXT NOT NULL CONSTRAINT adverse_events_severity CHECK (severity IN ('mild', 'moderate', 'severe')),
  onset_on TEXT NOT NULL,
  session_id BIGINT REFERENCES treatment_sessions (id),
  lot TEXT NOT NULL,
  alert_id BIGINT REFERENCES alerts (id),
  treatment TEXT NOT NULL,
  outcome TEXT NOT NULL CONSTRAINT adverse_events_outcome
    CHECK (outcome IN ('ongoing', 'resolved', 'resolved_with_sequelae', 'unknown')),
  resolved_on TEXT NOT NULL,
  notes TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL
);

CREATE INDEX adverse_events_by_patient ON adverse_events (patient_id, id);
