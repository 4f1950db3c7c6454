-- security issue 17: revocable, rate-limited calendar feeds; sign-in failures per (account, address)
ALTER TABLE calendar_feeds ADD COLUMN revoked_at BIGINT;

ALTER TABLE calendar_feeds ADD COLUMN last_fetched_at BIGINT;

CREATE INDEX calendar_feeds_by_patient ON calendar_feeds (patient_id, id);

CREATE TABLE login_failures (
  email_key TEXT NOT NULL,
  address TEXT NOT NULL,
  failures BIGINT NOT NULL CHECK (failures >= 1),
  last_failure_at BIGINT NOT NULL,
  refusal_audited INTEGER NOT NULL DEFAULT 0 CHECK (refusal_audited IN (0, 1)),
  PRIMARY KEY (email_key, address)
){{WITHOUT_ROWID}};

CREATE INDEX login_failures_by_time ON login_failures (last_failure_at);
