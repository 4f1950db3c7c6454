-- servers sharing one database: a server claims outbox messages for a while before sending them, and runs a periodic job under a lease that one server holds at a time
ALTER TABLE outbox_messages ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';

ALTER TABLE outbox_messages ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;

CREATE TABLE job_leases (
  job TEXT NOT NULL PRIMARY KEY,
  holder TEXT NOT NULL,
  held_until BIGINT NOT NULL
);
