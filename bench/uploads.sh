#!/usr/bin/env bash
# Memory of the records server under slow uploads (issue 25, item 2): a release server on
# loopback with a fresh SQLite database; N connections (default 300) each announce a body of
# SIZE bytes (default 4,000,000: over the 1 MiB limit) and send it at about 64 KB/s, without
# signing in. Prints the server's resident memory before, at its peak (VmHWM) and after, and
# what the clients were answered. With SIZE=1000000 (under the limit) the bodies are taken,
# up to the in-flight budget (64 MiB), and the rest are asked to come back (503).
# Usage: bench/uploads.sh [N] [SIZE]   (needs: cmake --preset release && cmake --build --preset release --target scarwise)
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-300}
size=${2:-4000000}
bin=build/release/scarwise
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" serve --create --db "sqlite:$work/uploads.db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.1; done

python3 - "$port" "$server" "$connections" "$size" <<'PY'
import asyncio, collections, re, sys
port, pid, n, size = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def memory():
    status = open(f"/proc/{pid}/status").read()
    kb = lambda key: int(re.search(key + r":\s+(\d+)", status).group(1))
    return kb("VmRSS") / 1024, kb("VmHWM") / 1024

async def upload(answers):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"POST /api/v1/patients HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {size}\r\n\r\n".encode())
    sent, piece = 0, b"x" * 16384
    answer = asyncio.ensure_future(reader.read(200))
    try:
        while sent < size and not answer.done():
            writer.write(piece[: size - sent])
            sent += min(len(piece), size - sent)
            await writer.drain()
            await asyncio.sleep(0.25)  # about 64 KB/s
        head = (await asyncio.wait_for(answer, 60)).decode(errors="replace")
        answers[head.split("\r\n")[0] or "closed without an answer"] += 1
    except (ConnectionError, asyncio.TimeoutError) as e:
        answers[type(e).__name__] += 1
    finally:
        writer.close()

async def main():
    before, _ = memory()
    answers = collections.Counter()
    await asyncio.gather(*(upload(answers) for _ in range(n)))
    await asyncio.sleep(1)
    after, peak = memory()
    print(f"{n} uploads of {size} bytes: resident {before:.0f} MB before, peak {peak:.0f} MB, {after:.0f} MB after")
    for line, count in answers.most_common():
        print(f"  {count:4d} x {line}")

asyncio.run(main())
PY
