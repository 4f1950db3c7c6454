#!/usr/bin/env bash
# Accounts from the console while the server runs: `scarwise user disable` ends the account's
# open session at once and refuses its sign-in; `scarwise user enable` lets it sign in again;
# an unknown e-mail address is refused, naming the field.
# Usage: user_accounts.sh SCARWISE_BINARY
set -euo pipefail
bin=$1
work=$(mktemp -d)
db="sqlite:$work/clinic.db"
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "first admin password" | "$bin" user add --db "$db" --email admin@clinic.test --name Admin --role admin >/dev/null
echo "locum password 1" | "$bin" user add --db "$db" --email locum@clinic.test --name Locum --role clinician >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
"$bin" serve --db "$db" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
until curl -fsS "$base/healthz" >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done

login() { curl -s -o "$work/login.json" -w '%{http_code}' -X POST "$base/api/v1/auth/login" \
  -d '{"email": "locum@clinic.test", "password": "locum password 1"}'; }
me() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$base/api/v1/me"; }
expect() { [ "$2" = "$3" ] || { echo "$1: expected $2, got $3" >&2; exit 1; }; }

expect "sign-in" 200 "$(login)"
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$work/login.json")
"$bin" user disable --db "$db" --email locum@clinic.test | grep -q "disabled clinician locum@clinic.test"
expect "the open session after disable" 401 "$(me "$token")"
expect "sign-in while disabled" 401 "$(login)"
"$bin" user enable --db "$db" --email LOCUM@clinic.test | grep -q "enabled clinician"
expect "sign-in after enable" 200 "$(login)"
if "$bin" user disable --db "$db" --email nobody@clinic.test 2>"$work/unknown.txt"; then
  echo "an unknown e-mail address was not refused" >&2
  exit 1
fi
grep -q "email" "$work/unknown.txt" || { cat "$work/unknown.txt" >&2; exit 1; }
"$bin" audit verify --db "$db" >/dev/null
echo "disable ends the session and refuses sign-in; enable restores it; unknown e-mail refused"
