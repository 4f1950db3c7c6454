-- PostgreSQL: as 019_session_lots_backfill.sqlite.sql. The charts are JSON the server wrote;
-- an amendment's changes are the client's JSON object as the server parsed it.
INSERT INTO session_lots (session_id, lot, device, device_lot_id)
  SELECT s.id, s.chart_json::jsonb ->> 'cartridge_lot', COALESCE(s.chart_json::jsonb ->> 'device', ''), NULL::BIGINT
  FROM treatment_sessions s
  WHERE COALESCE(s.chart_json::jsonb ->> 'cartridge_lot', '') <> ''
    AND NOT EXISTS (SELECT 1 FROM session_lots l WHERE l.session_id = s.id);

INSERT INTO session_lots (session_id, lot, device, device_lot_id)
  SELECT DISTINCT a.session_id, a.changes_json::jsonb ->> 'cartridge_lot',
    COALESCE(NULLIF(a.changes_json::jsonb ->> 'device', ''), s.chart_json::jsonb ->> 'device', ''), NULL::BIGINT
  FROM session_amendments a JOIN treatment_sessions s ON s.id = a.session_id
  WHERE jsonb_typeof(a.changes_json::jsonb -> 'cartridge_lot') = 'string'
    AND a.changes_json::jsonb ->> 'cartridge_lot' <> ''
    AND NOT EXISTS (SELECT 1 FROM session_lots l
                    WHERE l.session_id = a.session_id AND l.lot = a.changes_json::jsonb ->> 'cartridge_lot');
