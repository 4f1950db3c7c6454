-- SQLite only: what PostgreSQL writes differently (see 003_session_day.postgresql.sql)
CREATE TRIGGER treatment_sessions_no_update BEFORE UPDATE ON treatment_sessions
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END;

CREATE TRIGGER treatment_sessions_no_delete BEFORE DELETE ON treatment_sessions
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END;

CREATE TRIGGER session_amendments_no_update BEFORE UPDATE ON session_amendments
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END;

CREATE TRIGGER session_amendments_no_delete BEFORE DELETE ON session_amendments
BEGIN SELECT RAISE(ABORT, 'charted sessions are append-only'); END;
