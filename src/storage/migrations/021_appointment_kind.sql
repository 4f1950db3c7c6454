-- appointment kinds (issue 21): a booked series also books a follow-up visit after its last
-- session. Existing appointments are treatment sessions. A follow-up's session_number is the
-- plan's last session, so the one-booked-per-session index now counts per kind.
ALTER TABLE appointments ADD COLUMN kind TEXT NOT NULL DEFAULT 'session'
  CONSTRAINT appointments_kind CHECK (kind IN ('session', 'follow_up'));

DROP INDEX appointments_booked_session;

CREATE UNIQUE INDEX appointments_booked_session ON appointments (plan_id, kind, session_number)
  WHERE status = 'booked';
