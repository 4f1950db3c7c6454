#!/usr/bin/env bash
# HTTP load benchmark of the records server (issue 3): a release server on loopback with
# N demo patients (default 10,000) in a fresh SQLite database, then wrk (64 connections,
# 2 threads, 10 s each) against GET /healthz, an authenticated GET /api/v1/patients/{id}
# (random ids) and an authenticated POST of an assessment (durable commits).
# Usage: bench/load.sh [PATIENTS]   (needs a release build: cmake --preset release && cmake --build --preset release)
# On PostgreSQL (a private durable cluster):
#   PG_DURABLE=1 scripts/with-postgres.sh sh -c 'SCARWISE_BENCH_DB="postgresql:$SCARWISE_TEST_POSTGRES" bench/load.sh'
# Each endpoint runs ROUNDS times (default 1), healthz and read interleaved, so a busy
# machine shifts both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
patients=${1:-10000}
bin=build/release/scarwise
work=$(mktemp -d)
db=${SCARWISE_BENCH_DB:-"sqlite:$work/load.db"}
rounds=${ROUNDS:-1}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "load admin password" | "$bin" user add --db "$db" --email load@bench.test --name Load --role admin >/dev/null
echo "load doctor password" | "$bin" user add --db "$db" --email doc@bench.test --name Doc --role clinician >/dev/null
"$bin" serve --db "$db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
until curl -fsS "$base/healthz" >/dev/null 2>&1; do sleep 0.1; done
token=$(curl -fsS -X POST "$base/api/v1/auth/login" -d '{"email":"doc@bench.test","password":"load doctor password"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

python3 bench/seed_patients.py "$base" "$token" "$patients"

cat >"$work/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format("GET", "/api/v1/patients/" .. math.random(1, $patients)) end
LUA
cat >"$work/write.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"date": "2026-11-20", "qualitative_grade": 2, "zones": [{"zone": "cheek_left", "counts": {"macular": 1, "ice_pick": 0, "boxcar_shallow": 3, "boxcar_deep": 0, "rolling": 3, "papular": 0}, "keloid_area_cm2": 0}]}'
request = function() return wrk.format(nil, "/api/v1/patients/" .. math.random(1, $patients) .. "/assessments") end
LUA
for what in $(for _ in $(seq "$rounds"); do echo healthz read; done) write; do
  echo "== $what"
  case $what in
    healthz) wrk -t2 -c64 -d10s --latency "$base/healthz" ;;
    read) wrk -t2 -c64 -d10s --latency -s "$work/read.lua" "$base" ;;
    write) wrk -t2 -c64 -d10s --latency -s "$work/write.lua" "$base" ;;
  esac | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
done
