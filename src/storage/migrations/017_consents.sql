-- consent per purpose (issue 22): what was shown, who signed, the drawn signature, withdrawal
CREATE TABLE consents (
  id {{ID}},
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('treatment', 'photos_record', 'photos_teaching', 'photos_marketing')),
  text_version TEXT NOT NULL,
  shown_text TEXT NOT NULL,
  text_sha256 TEXT NOT NULL CHECK (length(text_sha256) = 64),
  signer TEXT NOT NULL CHECK (signer IN ('patient', 'guardian')),
  signer_name TEXT NOT NULL,
  guardian_relationship TEXT,
  signature_method TEXT NOT NULL CHECK (signature_method IN ('drawn', 'typed')),
  signature_svg_path TEXT NOT NULL,
  signed_at BIGINT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  withdrawn_at BIGINT,
  withdrawn_by BIGINT REFERENCES users (id)
);

CREATE INDEX consents_by_patient ON consents (patient_id, purpose, id);
