-- audit trail of each record indexed in bulk, off the path of the request that appends it
DROP INDEX audit_log_by_entity;

CREATE TABLE audit_trail (
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (entity, entity_id, seq)
){{WITHOUT_ROWID}};

CREATE TABLE audit_trail_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_seq BIGINT NOT NULL
);

INSERT INTO audit_trail_head (id, indexed_seq) VALUES (1, 0);
