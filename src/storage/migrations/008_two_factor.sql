-- staff two-factor sign-in: TOTP enrolments, hashed one-time recovery codes, the clinic's sign-in policy
CREATE TABLE two_factor (
  user_id BIGINT PRIMARY KEY REFERENCES users (id),
  secret TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  last_step BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
  user_id BIGINT NOT NULL REFERENCES users (id),
  code_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE security_settings (
  id {{INTEGER_KEY}} CHECK (id = 1),
  require_two_factor_for_staff INTEGER NOT NULL CHECK (require_two_factor_for_staff IN (0, 1)),
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users (id)
);
