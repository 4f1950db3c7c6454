-- progress: re-assessments at sessions and follow-up visits, against the approved plan they
-- measure (issue 21). input_json: the scar inventory, grade, optional ECCA and the patient's
-- ratings as recorded; result_json: the scores computed from them and the improvement.
CREATE TABLE reassessments (
  id {{ID}},
  patient_id BIGINT NOT NULL REFERENCES patients (id),
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  visit TEXT NOT NULL CONSTRAINT reassessments_visit CHECK (visit IN ('session', 'follow_up')),
  after_session INTEGER NOT NULL CHECK (after_session BETWEEN 0 AND 50),
  input_json TEXT NOT NULL,
  result_json TEXT NOT NULL
);

CREATE INDEX reassessments_by_patient ON reassessments (patient_id, id);
