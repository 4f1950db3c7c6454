-- portal accounts opened by invitation (single-use, expiring links); alerts repeated, not raised again
CREATE TABLE portal_invitations (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL CONSTRAINT portal_invitations_token_hash_unique UNIQUE,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);

CREATE INDEX portal_invitations_by_user ON portal_invitations (user_id);

ALTER TABLE alerts ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;

ALTER TABLE alerts ADD COLUMN last_check_in_id BIGINT REFERENCES check_ins (id);

ALTER TABLE alerts ADD COLUMN last_seen_at BIGINT;
