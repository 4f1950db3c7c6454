#!/usr/bin/env bash
# CTest `web.e2e`: builds the web app, starts the real server on a free loopback port with a
# fresh SQLite database and the demo clinic, its e-mails written as .eml files to a folder the
# tests read (SCARWISE_MAIL_DIR), runs the Playwright tests in Debian's chromium, and stops the
# server. Screenshots land in <build dir>/web-artifacts/.
#   tests/web/run_e2e.sh PATH/TO/scarwise [playwright args...]
set -euo pipefail
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/scarwise [playwright args...]" >&2
  exit 2
fi
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
chromium=${SCARWISE_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "run_e2e: $chromium is missing (scripts/install-deps.sh installs Debian's chromium)" >&2
  exit 1
fi
"$root/web/scripts/ensure-node-modules.sh"
(cd "$root/web" && npm run --silent build >/dev/null)

work=$(mktemp -d /tmp/scarwise-e2e.XXXXXX)
artifacts=$(dirname "$binary")/web-artifacts
rm -rf "$artifacts" && mkdir -p "$artifacts"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# No SMTP: the outbox writes each e-mail (e.g. a portal invitation) as an .eml file to
# $work/mail, where the tests read it (SCARWISE_MAIL_DIR).
mkdir -p "$work/mail"
"$binary" serve --demo --db "sqlite:$work/e2e.db" --listen "127.0.0.1:$port" --web-root "$root/web/dist" \
  --mail-dir "$work/mail" >"$work/server.log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
  sleep 0.2
done

cd "$root/web"
set +e
SCARWISE_BASE_URL="http://127.0.0.1:$port" SCARWISE_MAIL_DIR="$work/mail" SCARWISE_ARTIFACTS="$artifacts" SCARWISE_PW_OUTPUT="$artifacts/playwright" \
  SCARWISE_CHROMIUM="$chromium" npx --no-install playwright test "$@"
status=$?
set -e
[ $status -eq 0 ] || tail -n 40 "$work/server.log" >&2
echo "run_e2e: screenshots in $artifacts"
exit $status
