-- scheduling: clinic calendar, practitioners, rooms and devices, appointments and their claimed quarter hours
CREATE TABLE clinic_settings (
  id {{INTEGER_KEY}} CHECK (id = 1),
  time_zone TEXT NOT NULL,
  opening_hours_json TEXT NOT NULL,
  closed_dates_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1)
);

CREATE TABLE resources (
  id {{ID}},
  kind TEXT NOT NULL CONSTRAINT resources_kind CHECK (kind IN ('practitioner', 'room', 'device')),
  name TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id),
  schedule_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1)
);

CREATE TABLE appointments (
  id {{ID}},
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
);

CREATE UNIQUE INDEX appointments_booked_session ON appointments (plan_id, session_number) WHERE status = 'booked';

CREATE INDEX appointments_by_start ON appointments (starts_at, id);

CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at);

CREATE INDEX appointments_by_plan ON appointments (plan_id, session_number);

CREATE TABLE resource_slots (
  resource_id BIGINT NOT NULL REFERENCES resources (id),
  cell BIGINT NOT NULL,
  appointment_id BIGINT NOT NULL REFERENCES appointments (id),
  CONSTRAINT resource_slots_taken PRIMARY KEY (resource_id, cell)
);

CREATE INDEX resource_slots_by_appointment ON resource_slots (appointment_id);

CREATE TABLE calendar_feeds (
  id {{ID}},
  token_hash TEXT NOT NULL CONSTRAINT calendar_feeds_token_hash_unique UNIQUE,
  patient_id BIGINT REFERENCES patients (id),
  practitioner_id BIGINT REFERENCES resources (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CHECK ((patient_id IS NULL) <> (practitioner_id IS NULL))
);

CREATE TABLE outbox_messages (
  id {{ID}},
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
);

CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at, id);

CREATE TABLE product_checks (
  id {{ID}},
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  checked_by BIGINT NOT NULL REFERENCES users (id),
  checked_at BIGINT NOT NULL,
  day_after_session INTEGER NOT NULL CHECK (day_after_session >= 0),
  product_type TEXT NOT NULL,
  inci TEXT NOT NULL,
  result_json TEXT NOT NULL
);

CREATE INDEX product_checks_by_patient ON product_checks (patient_id, id);
