-- photographs (issue 22): each photo's record, and its bytes (original, thumbnail, display, aligned) in the database
CREATE TABLE photos (
  id {{ID}},
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  view TEXT NOT NULL,
  visit INTEGER NOT NULL CHECK (visit >= 0),
  purposes TEXT NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  width BIGINT NOT NULL CHECK (width > 0),
  height BIGINT NOT NULL CHECK (height > 0),
  stored_bytes BIGINT NOT NULL CHECK (stored_bytes > 0),
  alignment_json TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users (id),
  uploaded_at BIGINT NOT NULL
);

CREATE INDEX photos_by_patient ON photos (patient_id, view, visit, id);

CREATE TABLE photo_blobs (
  photo_id BIGINT NOT NULL REFERENCES photos (id),
  variant TEXT NOT NULL CHECK (variant IN ('original', 'thumbnail', 'display', 'aligned')),
  bytes {{BYTES}} NOT NULL,
  PRIMARY KEY (photo_id, variant)
);
