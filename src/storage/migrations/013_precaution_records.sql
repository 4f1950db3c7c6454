-- precautions recorded for a plan: what the screening's precaution asks for, by whom and when
CREATE TABLE precaution_records (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  code TEXT NOT NULL,
  details_json TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  recorded_at BIGINT NOT NULL,
  CONSTRAINT precaution_records_plan_code_unique UNIQUE (plan_id, code)
);
