#!/usr/bin/env bash
# Runs a command against a private, throwaway PostgreSQL cluster, then stops and deletes it.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# The cluster lives in a fresh `mktemp -d` (data directory and Unix socket), listens on its
# own port (PGPORT, default: a free one from 55432 up) on 127.0.0.1 only, and runs with
# fsync off: it is for tests, never for records. initdb and postgres refuse to run as root,
# so as root they run as the `postgres` system user (created by Debian's postgresql package).
# While CMD runs, SCARWISE_TEST_POSTGRES holds a libpq conninfo string for the database
# `test`. The script exits with CMD's status; the cluster is removed even when CMD fails.
# PG_DURABLE=1 keeps PostgreSQL's durable defaults (fsync, synchronous commit) for
# benchmarks of durable writes. SCARWISE_TEST_PG_STOP and SCARWISE_TEST_PG_START hold shell
# commands that kill the cluster (pg_ctl stop -m immediate, as a crash would) and start it
# again on the same port, for tests of a lost database.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

PGBIN=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server binaries found (scripts/install-deps.sh installs them)" >&2
  exit 1
fi

# A free TCP port: the first from PGPORT (or 55432) on that nobody listens on.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PGPORT=${PGPORT:-55432}
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" = 1 ] && durability=""
while port_in_use "$PGPORT"; do PGPORT=$((PGPORT + 1)); done

PGROOT=$(mktemp -d /tmp/scarwise-pg.XXXXXX)  # under /tmp so user postgres can reach it
chmod 0755 "$PGROOT"
AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$PGROOT"
  AS=(runuser -u postgres --)
fi

pg_down() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT" || true
}
trap pg_down EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! "${AS[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$PGROOT/initdb.log" 2>&1; then
  cat "$PGROOT/initdb.log" >&2
  exit 1
fi
# Another test may take the same free port between the check and the bind (ctest -j): then
# the next free port is tried, up to 20 times.
for attempt in $(seq 20); do
  pg_options="-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT $durability"
  if "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
    -o "$pg_options" start >/dev/null; then
    break
  fi
  if [ "$attempt" = 20 ] || ! grep -q "could not bind\|could not create any TCP/IP sockets" "$PGROOT/server.log"; then
    cat "$PGROOT/server.log" >&2
    exit 1
  fi
  PGPORT=$((PGPORT + 1 + RANDOM % 16))
  while port_in_use "$PGPORT"; do PGPORT=$((PGPORT + 1)); done
done
"${AS[@]}" "$PGBIN/createdb" -h "$PGROOT" -p "$PGPORT" -U postgres test

export SCARWISE_TEST_POSTGRES="host=$PGROOT port=$PGPORT user=postgres dbname=test"
pg_ctl_command="${AS[*]} $(printf '%q' "$PGBIN/pg_ctl") -D $(printf '%q' "$PGROOT/data")"
export SCARWISE_TEST_PG_STOP="$pg_ctl_command -m immediate -w -t 60 stop >/dev/null"
export SCARWISE_TEST_PG_START="$pg_ctl_command -l $(printf '%q' "$PGROOT/server.log") -w -t 60 -o $(printf '%q' "$pg_options") start >/dev/null"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') at $SCARWISE_TEST_POSTGRES" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
