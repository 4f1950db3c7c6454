-- recovery: check-ins and alerts
CREATE TABLE check_ins (
  id {{ID}},
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
);

CREATE INDEX check_ins_by_patient ON check_ins (patient_id, id);

CREATE TABLE alerts (
  id {{ID}},
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
);

CREATE INDEX alerts_by_status ON alerts (status, id);

CREATE INDEX alerts_by_patient ON alerts (patient_id, id);
