#!/usr/bin/env bash
# The export and import commands through the real binary, on the demo clinic (issue 24):
# `scarwise export fhir --patient` writes one patient's Bundle, `--all` one NDJSON file per
# resource type (no progress bar when standard error is not a terminal), `export csv` every
# list, `import patients` checks first and writes only what it is told to; bad input is
# refused with status 2, naming the option.
# Usage: export_cli.sh SCARWISE_BINARY
set -euo pipefail
bin=$(realpath "$1")
work=$(mktemp -d)
cd "$work"  # the server's mail sink (./scarwise-mail) and every file written stay in here
db="sqlite:$work/clinic.db"
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "export_cli: $*" >&2; exit 1; }

# The demo clinic, seeded by the server, which is stopped before the commands run.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --demo >"$work/server.log" 2>&1 &
server=$!
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; fail "the server did not start"; }
  sleep 0.2
done
kill "$server"
wait "$server" || true
server=

# CSV lists: a header row each, the demo's 20 patients.
for kind in patients adverse-events outcomes audit; do
  "$bin" export csv "$kind" --db "$db" --out "$work/$kind.csv" | grep -q "wrote $kind to $work/$kind.csv" ||
    fail "export csv $kind"
done
for kind in appointments sessions; do
  "$bin" export csv "$kind" --db "$db" --from 2020-01-01 --to 2035-12-31 --out "$work/$kind.csv" >/dev/null ||
    fail "export csv $kind"
done
head -1 "$work/patients.csv" | grep -q '^id,given_name,family_name,birth_date,' || fail "patients.csv header"
head -1 "$work/adverse-events.csv" | grep -q '^id,patient_id,patient,type,' || fail "adverse-events.csv header"
head -1 "$work/outcomes.csv" | grep -q '^patient_id,patient,plan_id,sessions_planned,' || fail "outcomes.csv header"
head -1 "$work/appointments.csv" | grep -q '^id,patient_id,patient,plan_id,' || fail "appointments.csv header"
[ "$(($(wc -l <"$work/patients.csv") - 1))" = 20 ] || fail "patients.csv: expected 20 patients"
[ "$(wc -l <"$work/outcomes.csv")" -gt 1 ] || fail "outcomes.csv: the demo's approved courses are missing"
[ "$(wc -l <"$work/appointments.csv")" -gt 1 ] || fail "appointments.csv: the demo's series are missing"
if "$bin" export csv appointments --db "$db" --from 2026-13-01 --to 2026-12-31 --out "$work/x.csv" 2>"$work/err.txt"; then
  fail "a bad --from was accepted"
else
  [ $? = 2 ] || fail "a bad --from: expected status 2"
fi
grep -q -- "--from" "$work/err.txt" || fail "a bad --from is not named: $(cat "$work/err.txt")"

# One patient's Bundle: every reference resolves inside it.
patient=$(sed -n 2p "$work/patients.csv" | cut -d, -f1)
"$bin" export fhir --db "$db" --patient "$patient" --out "$work/bundle.json" |
  grep -q "wrote the FHIR Bundle of patient $patient to $work/bundle.json" || fail "export fhir --patient"
python3 - "$work/bundle.json" "$patient" <<'EOF'
import json, sys
bundle = json.load(open(sys.argv[1]))
assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection", "not a collection Bundle"
urls = {e["fullUrl"] for e in bundle["entry"]}
patients = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
assert [p["id"] for p in patients] == [sys.argv[2]], patients
def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "reference" and isinstance(v, str):
                yield v
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)
for e in bundle["entry"]:
    for r in refs(e["resource"]):
        assert r.startswith("#") or r in urls, f"{e['fullUrl']} names {r}, not in the Bundle"
EOF
if "$bin" export fhir --db "$db" --patient 999999 --out "$work/none.json" 2>"$work/err.txt"; then
  fail "an unknown patient was exported"
fi
grep -q "not found\|no such\|patient" "$work/err.txt" || fail "unknown patient: $(cat "$work/err.txt")"
if "$bin" export fhir --db "$db" --out "$work/none.json" 2>"$work/err.txt"; then
  fail "export fhir without --patient or --all was accepted"
else
  [ $? = 2 ] || fail "export fhir without --patient: expected status 2"
fi
grep -q -- "--patient" "$work/err.txt" || fail "the missing --patient is not named"

# The whole clinic as FHIR Bulk Data: one NDJSON file per type, one resource a line, each
# Patient once, references relative; nothing on standard error (not a terminal).
"$bin" export fhir --db "$db" --all --out "$work/bulk" >"$work/all.txt" 2>"$work/all.err"
grep -q "^exported 20 patients as FHIR Bulk Data to $work/bulk" "$work/all.txt" || fail "export fhir --all: $(cat "$work/all.txt")"
[ ! -s "$work/all.err" ] || fail "export fhir --all wrote to standard error: $(cat "$work/all.err")"
python3 - "$work/bulk" <<'EOF'
import json, os, sys
folder = sys.argv[1]
ids = set()
kinds = {}
for name in sorted(os.listdir(folder)):
    kind = name[: -len(".ndjson")]
    assert name.endswith(".ndjson"), name
    for line in open(os.path.join(folder, name)):
        r = json.loads(line)
        assert r["resourceType"] == kind, (name, r["resourceType"])
        key = kind + "/" + r["id"]
        assert key not in ids, "twice: " + key
        ids.add(key)
        kinds[kind] = kinds.get(kind, 0) + 1
assert kinds.get("Patient") == 20, kinds
for kind in ("CarePlan", "Consent", "Observation", "Provenance", "Questionnaire"):
    assert kinds.get(kind, 0) > 0, (kind, kinds)
def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "reference" and isinstance(v, str):
                yield v
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)
for name in os.listdir(folder):
    for line in open(os.path.join(folder, name)):
        for r in refs(json.loads(line)):
            assert r.startswith("#") or r in ids, f"{name} names {r}, not exported"
EOF

# Import: a dry run lists the bad row by line and column and writes nothing; without
# --valid-rows nothing is written (status 2); with it, the valid rows only; again, duplicates.
cat >"$work/import.csv" <<'EOF'
given_name,family_name,birth_date,sex,email,phone,fitzpatrick
Imke,Import,1985-04-04,female,imke@import.test,,2
Bad,Date,1985-02-30,female,bad@import.test,,2
EOF
"$bin" import patients --db "$db" --in "$work/import.csv" --dry-run >"$work/dry.txt"
grep -q "line 3, column birth_date" "$work/dry.txt" || fail "dry run: $(cat "$work/dry.txt")"
grep -q "nothing written (dry run)" "$work/dry.txt" || fail "dry run wrote: $(cat "$work/dry.txt")"
if "$bin" import patients --db "$db" --in "$work/import.csv" >"$work/refused.txt"; then
  fail "a file with a bad row was imported"
else
  [ $? = 2 ] || fail "a file with a bad row: expected status 2"
fi
"$bin" import patients --db "$db" --in "$work/import.csv" --valid-rows | grep -q "imported 1 patients" ||
  fail "import --valid-rows"
"$bin" import patients --db "$db" --in "$work/import.csv" --valid-rows >"$work/again.txt" ||
  fail "a second import --valid-rows: $(cat "$work/again.txt")"
grep -q "1 duplicate(s); nothing written" "$work/again.txt" || fail "a second import: $(cat "$work/again.txt")"
"$bin" export csv patients --db "$db" --out "$work/after.csv" >/dev/null
[ "$(($(wc -l <"$work/after.csv") - 1))" = 21 ] || fail "expected 21 patients after the import"
"$bin" audit verify --db "$db" >/dev/null
echo "export fhir --patient/--all, export csv (6 lists) and import patients through the binary: ok"
