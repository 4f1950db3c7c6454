-- PostgreSQL only: what SQLite writes differently (see 003_session_day.sqlite.sql)
CREATE FUNCTION charted_sessions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'charted sessions are append-only';
END
$$;

CREATE TRIGGER treatment_sessions_append_only BEFORE UPDATE OR DELETE ON treatment_sessions
FOR EACH ROW EXECUTE FUNCTION charted_sessions_refuse_change();

CREATE TRIGGER session_amendments_append_only BEFORE UPDATE OR DELETE ON session_amendments
FOR EACH ROW EXECUTE FUNCTION charted_sessions_refuse_change();
