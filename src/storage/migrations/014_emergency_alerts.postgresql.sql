-- PostgreSQL only: the urgency check allows emergency (see 011_emergency_alerts.sqlite.sql)
ALTER TABLE alerts DROP CONSTRAINT alerts_urgency;

ALTER TABLE alerts ADD CONSTRAINT alerts_urgency
  CHECK (urgency IN ('emergency', 'urgent', 'soon', 'routine'));
