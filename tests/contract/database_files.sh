#!/usr/bin/env bash
# CTest durability.database_files: what `serve` and `check` do with the files a clinic's disk
# can hold. An empty file is refused without --create (it is a mistake, never a clinic's
# records) and becomes a database with it; a file that is not a database says so on the first
# line; `check` says a healthy database is intact (exit 0) and lists a damaged one's problems
# (exit 1), and `serve` refuses to start on it.
#   tests/contract/database_files.sh PATH/TO/scarwise
set -euo pipefail
bin=$1
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# An empty file: refused, left as it was.
: >"$work/empty.db"
if "$bin" serve --db "sqlite:$work/empty.db" --listen "127.0.0.1:$(free_port)" >"$work/out" 2>"$work/err"; then
  fail "serve took an empty file as the database"
fi
grep -q "is an empty file, not a clinic database" "$work/err" || fail "no clear refusal of the empty file: $(cat "$work/err")"
[ ! -s "$work/empty.db" ] || fail "the refused empty file was written to"

# ... and with --create it becomes a new database the server serves.
port=$(free_port)
"$bin" serve --create --db "sqlite:$work/empty.db" --listen "127.0.0.1:$port" >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || fail "serve --create did not start: $(cat "$work/err")"
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || fail "serve --create does not answer"
kill "$server"; wait "$server" 2>/dev/null || true; server=
[ -s "$work/empty.db" ] || fail "serve --create left the file empty"

# A file that is not a database: said on the first line, by serve and by check.
echo "a patient list, not a database" >"$work/notes.db"
for command in "serve --listen 127.0.0.1:$(free_port)" "check"; do
  # shellcheck disable=SC2086
  if "$bin" $command --db "sqlite:$work/notes.db" >"$work/out" 2>"$work/err"; then fail "$command took a text file"; fi
  head -n 1 "$work/err" | grep -q "notes.db is not a SQLite database" ||
    fail "$command does not say so on its first line: $(head -n 1 "$work/err")"
done

# A healthy database is intact; a damaged one is listed and refused.
echo "database files admin 1" | "$bin" user add --db "sqlite:$work/clinic.db" --email a@clinic.test --name A --role admin >/dev/null 2>&1
"$bin" check --db "sqlite:$work/clinic.db" >"$work/out" || fail "check of a healthy database failed: $(cat "$work/out")"
grep -q "database intact: ok" "$work/out" || fail "check did not say the database is intact"
python3 - "$work/clinic.db" <<'PY'
import sys
path = sys.argv[1]
with open(path, "r+b") as f:
    page = int.from_bytes(open(path, "rb").read()[16:18], "big") or 65536
    f.seek(page * 2)  # the third page: a table's B-tree
    f.write(b"\xff" * page)
PY
status=0
"$bin" check --db "sqlite:$work/clinic.db" >"$work/out" 2>"$work/err" || status=$?
[ "$status" -eq 1 ] || fail "check of a damaged database exited $status: $(cat "$work/out" "$work/err")"
grep -q "database damaged" "$work/out" || fail "check did not list the damage: $(cat "$work/out")"
if "$bin" serve --db "sqlite:$work/clinic.db" --listen "127.0.0.1:$(free_port)" >"$work/out" 2>"$work/err"; then
  fail "serve started on a damaged database"
fi
grep -q "the database is damaged" "$work/err" || fail "serve did not say why it refused: $(cat "$work/err")"
echo "database files: empty file refused and created on request, a text file named, damage found and refused: all hold"
