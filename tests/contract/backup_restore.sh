#!/usr/bin/env bash
# The database commands end to end: a demo clinic is seeded, backed up, restored into a
# fresh database, and backed up again; the two backups must be identical and the restored
# audit chain must verify. Restoring into a database that has records must be refused.
# The database and every backup are readable by their owner only (mode 600), even under a
# permissive umask, and the backup command says so.
# Usage: backup_restore.sh SCARWISE_BINARY
set -euo pipefail
bin=$1
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
umask 022
mode_is_600() { [ "$(stat -c %a "$1")" = 600 ] || { echo "$1 has mode $(stat -c %a "$1"), not 600" >&2; exit 1; }; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --demo --db "sqlite:$work/clinic.db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done
# Photographs of a demo patient (issue 22): they live in the database, so the backup carries them.
base="http://127.0.0.1:$port/api/v1"
token=$(curl -fsS -H 'Content-Type: application/json' -d '{"email":"clinician@demo.scarwise.test","password":"demo-clinician-2026"}' \
  "$base/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
ada=$(curl -fsS -H "Authorization: Bearer $token" "$base/patients?q=Lindqvist" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
/usr/bin/python3 "$(dirname "$0")/../http/photo_exif.py" make "$work/baseline.jpg" 1600 1200
for visit in 0 1; do
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: image/jpeg' --data-binary "@$work/baseline.jpg" \
    "$base/patients/$ada/photos?view=frontal&visit=$visit"
done
kill "$server"; wait "$server" 2>/dev/null || true; server=

"$bin" migrate --db "sqlite:$work/clinic.db"
mode_is_600 "$work/clinic.db"
"$bin" backup --db "sqlite:$work/clinic.db" --out "$work/first.backup" | tee "$work/backup.txt"
mode_is_600 "$work/first.backup"
grep -q "readable by its owner only (mode 0600)" "$work/backup.txt" || { echo "backup does not say its mode" >&2; exit 1; }
"$bin" backup --help | grep -q "0600" || { echo "backup --help does not say its mode" >&2; exit 1; }
"$bin" restore --db "sqlite:$work/restored.db" --in "$work/first.backup"
mode_is_600 "$work/restored.db"
# The audit key stays outside the database and its backups: the restored log verifies with the
# original's key (created beside clinic.db by serve), and not without it.
if "$bin" audit verify --db "sqlite:$work/restored.db" 2>/dev/null; then
  echo "the restored audit log verified without its key" >&2
  exit 1
fi
"$bin" audit verify --db "sqlite:$work/restored.db" --audit-key-file "$work/clinic.db.audit-key"
"$bin" backup --db "sqlite:$work/restored.db" --out "$work/second.backup"
cmp "$work/first.backup" "$work/second.backup"
# Each photo's original in the backup hashes to the SHA-256 recorded at upload.
python3 - "$work/first.backup" <<'PY'
import hashlib, json, sys
tables, rows, current = {}, {}, None
for line in open(sys.argv[1], encoding="utf-8"):
    value = json.loads(line)
    if isinstance(value, dict) and "table" in value:
        current = value["table"]; tables[current] = value["columns"]; rows[current] = []
    elif isinstance(value, list):
        rows[current].append(dict(zip(tables[current], value)))
photos = {p["id"]: p for p in rows["photos"]}
originals = [b for b in rows["photo_blobs"] if b["variant"] == "original"]
assert len(photos) == 2 and len(originals) == 2, (len(photos), len(originals))
for blob in originals:
    assert hashlib.sha256(bytes.fromhex(blob["bytes"])).hexdigest() == photos[blob["photo_id"]]["sha256"]
PY
if "$bin" restore --db "sqlite:$work/clinic.db" --in "$work/first.backup" 2>"$work/refused.txt"; then
  echo "restore into a database with records was not refused" >&2
  exit 1
fi
echo "backup -> restore -> backup is identical (photographs included, each original matching its SHA-256); the restored audit chain verifies; a non-empty target is refused; database and backups are mode 600"
