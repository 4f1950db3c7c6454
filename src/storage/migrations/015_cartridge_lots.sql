-- the clinic's catalogue of cartridge lots, and the lot each charted session used (recalls)
CREATE TABLE device_lots (
  id {{ID}},
  device TEXT NOT NULL,
  lot TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CONSTRAINT device_lots_device_lot_unique UNIQUE (device, lot)
);

CREATE TABLE session_lots (
  session_id BIGINT NOT NULL REFERENCES treatment_sessions (id),
  lot TEXT NOT NULL,
  device TEXT NOT NULL,
  device_lot_id BIGINT REFERENCES device_lots (id),
  CONSTRAINT session_lots_pk PRIMARY KEY (session_id, lot)
);

CREATE INDEX session_lots_by_lot ON session_lots (lot, session_id);
