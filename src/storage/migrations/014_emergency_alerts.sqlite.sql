-- SQLite only: a CHECK constraint cannot be altered, so the alerts table is rebuilt with the
-- same columns (002 and 006), ids and indexes, and an urgency check that allows emergency.
-- No table refers to alerts, so dropping the old one checks no foreign key.
CREATE TABLE alerts_rebuilt (
  id INTEGER PRIMARY KEY,
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  check_in_id BIGINT REFERENCES check_ins (id),
  urgency TEXT NOT NULL CONSTRAINT alerts_urgency CHECK (urgency IN ('emergency', 'urgent', 'soon', 'routine')),
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
  repeats INTEGER NOT NULL DEFAULT 0,
  last_check_in_id BIGINT REFERENCES check_ins (id),
  last_seen_at BIGINT,
  CONSTRAINT alerts_missed_check_in_unique UNIQUE (session_id, missed_day)
);

INSERT INTO alerts_rebuilt (id, patient_id, check_in_id, urgency, code, message, source, status, created_at,
  acknowledged_by, acknowledged_at, acknowledged_note, resolved_by, resolved_at, resolved_note, session_id,
  missed_day, repeats, last_check_in_id, last_seen_at)
SELECT id, patient_id, check_in_id, urgency, code, message, source, status, created_at, acknowledged_by,
  acknowledged_at, acknowledged_note, resolved_by, resolved_at, resolved_note, session_id, missed_day, repeats,
  last_check_in_id, last_seen_at FROM alerts;

DROP TABLE alerts;

ALTER TABLE alerts_rebuilt RENAME TO alerts;

CREATE INDEX alerts_by_status ON alerts (status, id);

CREATE INDEX alerts_by_patient ON alerts (patient_id, id);
