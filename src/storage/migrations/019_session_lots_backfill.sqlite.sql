-- SQLite: each chart (JSON, written by the server) has named its device and cartridge lot since
-- the session day (003); 015 started linking them. A session without a link gets its chart's
-- lot, not catalogued (the catalogue did not exist then), so a recall lists it.
INSERT INTO session_lots (session_id, lot, device, device_lot_id)
  SELECT s.id, json_extract(s.chart_json, '$.cartridge_lot'), COALESCE(json_extract(s.chart_json, '$.device'), ''), NULL
  FROM treatment_sessions s
  WHERE json_valid(s.chart_json)
    AND COALESCE(json_extract(s.chart_json, '$.cartridge_lot'), '') <> ''
    AND NOT EXISTS (SELECT 1 FROM session_lots l WHERE l.session_id = s.id);

-- A lot an amendment corrected to before 015, recalled too (the amendment's device, else the chart's).
INSERT INTO session_lots (session_id, lot, device, device_lot_id)
  SELECT DISTINCT a.session_id, json_extract(a.changes_json, '$.cartridge_lot'),
    COALESCE(NULLIF(json_extract(a.changes_json, '$.device'), ''), json_extract(s.chart_json, '$.device'), ''), NULL
  FROM session_amendments a JOIN treatment_sessions s ON s.id = a.session_id
  WHERE json_valid(a.changes_json) AND json_valid(s.chart_json)
    AND json_type(a.changes_json, '$.cartridge_lot') = 'text'
    AND json_extract(a.changes_json, '$.cartridge_lot') <> ''
    AND NOT EXISTS (SELECT 1 FROM session_lots l
                    WHERE l.session_id = a.session_id AND l.lot = json_extract(a.changes_json, '$.cartridge_lot'));
