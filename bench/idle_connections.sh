#!/usr/bin/env bash
# Accept latency after a burst of idle connections (issue 25, item 1): a release server on
# loopback whose open-file limit is 1,024 (soft and hard, as on a default machine), with a
# fresh SQLite database. 1,100 TCP connections are opened and held idle for HOLD seconds
# (default 10), then closed; GET /healthz on a new connection is timed right after, 200 times.
# Prints how the 1,100 were answered and the latency of the first /healthz and its p50/p99.
# Usage: bench/idle_connections.sh [HOLD]   (needs: cmake --preset release && cmake --build --preset release --target scarwise)
set -euo pipefail
cd "$(dirname "$0")/.."
hold=${1:-10}
bin=build/release/scarwise
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

prlimit --nofile=1024:1024 "$bin" serve --create --db "sqlite:$work/idle.db" --listen "127.0.0.1:$port" \
  >"$work/server.log" 2>&1 &
server=$!
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.1; done

python3 - "$port" "$hold" <<'PY'
import collections, resource, socket, sys, time
port, hold = int(sys.argv[1]), float(sys.argv[2])
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, max(4096, resource.getrlimit(resource.RLIMIT_NOFILE)[1])))

def healthz():
    start = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    answer = b""
    while chunk := s.recv(4096):
        answer += chunk
    s.close()
    return (time.perf_counter() - start) * 1000, answer.split(b"\r\n")[0].decode()

idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(1100)]
time.sleep(hold)
answered = collections.Counter()
for s in idle:  # a connection over the cap was answered 503 and closed; the others are open
    s.setblocking(False)
    try:
        data = s.recv(200)
        answered[data.split(b"\r\n")[0].decode() if data else "closed"] += 1
    except BlockingIOError:
        answered["held open"] += 1
    except ConnectionError as e:
        answered[type(e).__name__] += 1
    s.close()
first_ms, first_status = healthz()
times = sorted(healthz()[0] for _ in range(200))
print(f"1,100 idle connections for {hold:.0f} s: " + ", ".join(f"{n} {what}" for what, n in answered.most_common()))
print(f"first /healthz after they closed: {first_ms:.1f} ms ({first_status}); "
      f"next 200: p50 {times[100]:.2f} ms, p99 {times[197]:.2f} ms")
PY
