#!/usr/bin/env bash
# Clinic-chain benchmark (issue 23): read and write throughput and p99 through nginx with 1, 2
# and 3 release servers on one durable private PostgreSQL, beside /healthz through the same
# nginx in the same run, and the same load on one server on SQLite behind the same nginx.
# Each 1-server setup also gets the read straight to the server (no nginx): the
# "PostgreSQL read against SQLite read" of issue 23, side by side in one run.
#
#   bench/fleet.sh [PATIENTS]          (default 5000; one command, prints one table)
#
# Needs a release build (cmake --preset release && cmake --build --preset release --target
# scarwise), wrk and nginx (scripts/install-deps.sh). Environment:
#   SETUPS     which setups, in order (default "sqlite pg1 pg2 pg3")
#   DURATION   wrk's -d per phase (default 10s); CONNECTIONS wrk's -c (default 64)
#   BIN        the server binary (default build/release/scarwise), e.g. to compare two builds
#   PROFILE=1  also `perf record` the whole machine during each setup's direct read (5 s) and
#              print its top symbols of scarwise and postgres (linux-perf)
# Each phase starts once the machine has settled (see settle). Every row carries the 1-minute
# load average (/proc/loadavg) read just before its phase, and the CPU time our processes
# used per request during it (wrk, nginx, the servers, our PostgreSQL's processes), from
# /proc/PID/stat: on a shared 2-core machine that, not the req/s, is the number that carries
# over to other machines.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ "${1:-}" = --inner ]; then  # one setup, run by scripts/fleet.sh: SETUP PATIENTS RESULTS
  setup=$2 patients=$3 results=$4
  bin=${BIN:-$root/build/release/scarwise}
  base=$SCARWISE_FLEET_URL
  work=$SCARWISE_FLEET_DIR
  duration=${DURATION:-10s}
  conns=${CONNECTIONS:-64}
  echo "load admin password" | "$bin" user add --db "$SCARWISE_FLEET_DB" --email load@bench.test --name Load --role admin >/dev/null
  echo "load doctor password" | "$bin" user add --db "$SCARWISE_FLEET_DB" --email doc@bench.test --name Doc --role clinician >/dev/null
  token=$(curl -fsS -X POST "$base/api/v1/auth/login" -d '{"email":"doc@bench.test","password":"load doctor password"}' |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  python3 "$root/bench/seed_patients.py" "$base" "$token" "$patients" >/dev/null
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
  # The processes whose CPU time a request costs, as "GROUP PID" lines: the servers, nginx
  # (master and worker), our PostgreSQL (the postmaster and its children: backends, WAL
  # writer, checkpointer); wrk is timed by itself.
  our_pids() {
    for f in "$work"/server-*.pid; do echo "server $(cat "$f")"; done
    nginx_pid=$(cat "$work/nginx.pid")
    for p in $nginx_pid $(pgrep -P "$nginx_pid" || true); do echo "nginx $p"; done
    case $SCARWISE_FLEET_DB in
      postgresql:*)
        pgdata=$(sed -E 's/.*host=([^ ]+).*/\1/' <<<"$SCARWISE_FLEET_DB")/data
        if [ -f "$pgdata/postmaster.pid" ]; then
          postmaster=$(head -1 "$pgdata/postmaster.pid")
          for p in $postmaster $(pgrep -P "$postmaster" || true); do echo "pg $p"; done
        fi ;;
    esac
  }
  # CPU ticks (user+system) used so far, as "GROUP PID TICKS" lines.
  ticks() {
    while read -r group p; do
      [ -r "/proc/$p/stat" ] && awk -v g="$group" -v p="$p" '{sub(/.*\) /, ""); print g, p, $12 + $13}' "/proc/$p/stat"
    done <<<"$1"
    true
  }
  # Waits (up to a minute) until the machine was at least 90 % idle for a second: what the
  # last phase left behind (PostgreSQL's autovacuum of the audit log, the servers indexing the
  # audit trail once idle, a checkpoint) would otherwise take cores from the next phase, and
  # more after some phases than others.
  settle() {
    local i a b
    for i in $(seq 60); do
      a=$(awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5}' /proc/stat)
      sleep 1
      b=$(awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5}' /proc/stat)
      awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " "); exit !((y[2] - x[2]) >= 0.9 * (y[1] - x[1]))}' && return
    done
    echo "fleet: the machine did not settle within a minute before $setup's next phase" >&2
  }
  phase() {  # phase NAME URL [SCRIPT]
    local name=$1 url=$2 script=${3:-} pids before after load out wrk_cpu
    settle
    pids=$(our_pids)
    load=$(cut -d' ' -f1 /proc/loadavg)
    before=$(ticks "$pids")
    out=$( { /usr/bin/time -f 'wrkcpu %U %S' wrk -t2 -c"$conns" -d"$duration" --latency ${script:+-s "$script"} "$url"; } 2>&1)
    after=$(ticks "$pids")
    wrk_cpu=$(awk '/^wrkcpu/ {print $2 + $3}' <<<"$out")
    python3 - "$setup" "$name" "$load" "$wrk_cpu" "$results" "$before" "$after" "$out" <<'PY'
import re, sys
setup, name, load, wrk_cpu, results, before, after, out = sys.argv[1:]
def parse(t):
    return {tuple(l.split()[:2]): int(l.split()[2]) for l in t.splitlines() if l.strip()}
b, a = parse(before), parse(after)
def used(group):  # ticks the group's processes used during the phase
    return sum(v - b.get(k, 0) for k, v in a.items() if k[0] == group)
def ms(x):
    v, unit = float(re.match(r"([\d.]+)", x).group(1)), re.match(r"[\d.]+(\w+)", x).group(1)
    return v * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
total = int(re.search(r"(\d+) requests in", out).group(1))
p50 = ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))  # the latency distribution line, not a "+/- Stdev" ending in 50%
p99 = ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors = re.search(r"Socket errors: (.*)", out)
us = lambda ticks: ticks * 10000 / max(total, 1)  # 100 ticks a second
with open(results, "a") as f:
    f.write("\t".join([setup, name, f"{rps:.0f}", f"{p50:.2f}", f"{p99:.2f}",
                       non2xx.group(1) if non2xx else "0", load,
                       f"{us(used('server')):.0f}", f"{us(used('nginx')):.0f}", f"{us(used('pg')):.0f}",
                       f"{float(wrk_cpu or 0) * 1e6 / max(total, 1):.0f}",
                       (errors.group(1).replace(" ", "") if errors else "")]) + "\n")
PY
  }
  direct=$(cat "$work/server-1.url")
  phase "healthz" "$base/healthz"
  phase "read" "$base" "$work/read.lua"
  if [ "$SCARWISE_FLEET_SERVERS" = 1 ]; then
    phase "healthz direct" "$direct/healthz"
    if [ "${PROFILE:-0}" = 1 ]; then
      (sleep 2; perf record -a -F 999 -o "$work/perf.data" -- sleep 5 >/dev/null 2>&1) &
      profiler=$!
    fi
    phase "read direct" "$direct" "$work/read.lua"
    if [ "${PROFILE:-0}" = 1 ]; then
      wait "$profiler" || true
      ours=$(our_pids | awk '$1 != "nginx" {print $2}' | paste -sd, -)
      {
        set +o pipefail
        echo "== $setup, read direct: perf record -a, 5 s; the machine's CPU by thread name (other builders' included)"
        perf report -i "$work/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -10
        echo "== $setup, read direct: the server's and PostgreSQL's samples by thread and library"
        perf report -i "$work/perf.data" --no-children --percentage relative --pid "$ours" --sort comm,dso --stdio 2>/dev/null |
          grep -E '^ +[0-9]' | head -15
        echo "== $setup, read direct: their top symbols"
        perf report -i "$work/perf.data" --no-children --percentage relative --pid "$ours" --sort dso,sym --stdio 2>/dev/null |
          grep -E '^ +[0-9]' | head -25
        set -o pipefail
      } >>"${results%.tsv}.profile" 2>&1 || true
    fi
  fi
  phase "write" "$base" "$work/write.lua"
  exit 0
fi

patients=${1:-5000}
setups=${SETUPS:-"sqlite pg1 pg2 pg3"}
bin=${BIN:-$root/build/release/scarwise}
[ -x "$bin" ] || { echo "bench/fleet.sh: no release build at $bin (cmake --preset release && cmake --build --preset release --target scarwise)" >&2; exit 1; }
out=$(mktemp -d /tmp/scarwise-bench.XXXXXX)
chmod 755 "$out"
trap 'rm -rf "$out"' EXIT
results=$out/results.tsv
: >"$results"
echo "bench/fleet.sh: $patients patients, setups: $setups; $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')); $(date -u '+%F %H:%M UTC'); uptime:$(uptime | sed 's/.*load average/ load average/')" >&2
for setup in $setups; do
  echo "bench/fleet.sh: $setup ..." >&2
  case $setup in
    sqlite) scripts/fleet.sh --servers 1 --bin "$bin" --db "sqlite:$out/bench.db" "$root/bench/fleet.sh" --inner sqlite "$patients" "$results" ||
              echo "bench/fleet.sh: $setup failed" >&2 ;;
    pg[1-9]) PG_DURABLE=1 scripts/fleet.sh --servers "${setup#pg}" --bin "$bin" "$root/bench/fleet.sh" --inner "$setup" "$patients" "$results" ||
               echo "bench/fleet.sh: $setup failed" >&2 ;;
    *) echo "bench/fleet.sh: unknown setup $setup" >&2; exit 2 ;;
  esac
done

python3 - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
healthz = {r[0]: float(r[2]) for r in rows if r[1] == "healthz"}
direct = {r[0]: float(r[2]) for r in rows if r[1] == "healthz direct"}
sqlite_read = {r[1]: float(r[2]) for r in rows if r[0] == "sqlite"}
print("| setup | phase | req/s | p50 ms | p99 ms | non-2xx | load 1m | vs /healthz same path | vs SQLite same phase | CPU us/req: servers / nginx / PostgreSQL / wrk |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    setup, phase, rps, p50, p99, non2xx, load, srv, ngx, pg, wrk, errs = r
    ref = direct.get(setup) if phase.endswith("direct") else healthz.get(setup)
    share = f"{float(rps) / ref:.0%}" if ref and not phase.startswith("healthz") else ""
    sq = sqlite_read.get(phase)
    vs = f"{float(rps) / sq:.2f}x" if sq and setup != "sqlite" else ""
    print(f"| {setup} | {phase} | {float(rps):,.0f} | {p50} | {p99} | {non2xx}{' ' + errs if errs else ''} | {load} | {share} | {vs} | {srv} / {ngx} / {pg} / {wrk} |")
PY
[ -f "$out/results.profile" ] && cat "$out/results.profile"
echo "uptime at the end:$(uptime | sed 's/.*load average/ load average/')"
