#!/usr/bin/env bash
# A clinic chain on one machine: a private PostgreSQL, N Scarwise servers and nginx in front
# of them (deploy/nginx/scarwise-fleet.conf, its ports substituted), all on loopback, for a
# developer to try several servers and for the fleet test (tests/contract/fleet_test.py).
#
#   scripts/fleet.sh [--servers N] [--bin PATH] [--demo] [--db URL] [CMD ARGS...]
#
# --servers  how many servers (default 3);  --bin  the scarwise binary (default
# build/dev/apps/scarwise);  --demo  the first server seeds the demo clinic before the
# others start;  --claim SECONDS  the servers' --outbox-claim-seconds (default 300);
# --db URL  this database instead of a private PostgreSQL (bench/fleet.sh runs one server on
# `sqlite:FILE` behind the same nginx, to compare). PG_DURABLE=1 keeps the private
# PostgreSQL's durable settings (scripts/with-postgres.sh), for benchmarks.
# Without CMD the fleet runs until Ctrl-C; with CMD, CMD runs against it and the script
# exits with CMD's status. Either way everything is stopped and removed at the end.
# CMD sees:
#   SCARWISE_FLEET_URL      http://127.0.0.1:PORT, nginx in front of every server
#   SCARWISE_FLEET_DB       the database URL (the CLI reads it with SCARWISE_AUDIT_KEY)
#   SCARWISE_FLEET_SERVERS  N
#   SCARWISE_FLEET_DIR      server-I.url, server-I.pid, server-I.log (I = 1..N), mail/ (the
#                           mail sink all servers write to), nginx.log; and the command
#                           `start-server I`, which starts server I again (after a kill)
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
servers=3
bin=$source_dir/build/dev/apps/scarwise
demo=0
claim=300
db=
while [ $# -gt 0 ]; do
  case $1 in
    --servers) servers=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --demo) demo=1; shift ;;
    --claim) claim=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ -z "$db" ] && [ -z "${SCARWISE_TEST_POSTGRES:-}" ]; then  # a private PostgreSQL around all of it
  args=(--servers "$servers" --bin "$bin" --claim "$claim")
  [ "$demo" = 1 ] && args+=(--demo)
  exec "$source_dir/scripts/with-postgres.sh" "$0" "${args[@]}" "$@"
fi
command -v nginx >/dev/null || { echo "fleet: nginx is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }

work=$(mktemp -d /tmp/scarwise-fleet.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/mail" "$work/tmp"
proxy=
cleanup() {
  [ -n "$proxy" ] && kill "$proxy" 2>/dev/null
  for pid_file in "$work"/server-*.pid; do
    [ -f "$pid_file" ] && kill "$(cat "$pid_file")" 2>/dev/null
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

export SCARWISE_FLEET_DB=${db:-"postgresql:$SCARWISE_TEST_POSTGRES"}
export SCARWISE_FLEET_DIR=$work
export SCARWISE_FLEET_SERVERS=$servers
# Servers sharing a database share its audit key (docs/security.md).
export SCARWISE_AUDIT_KEY=${SCARWISE_AUDIT_KEY:-$(openssl rand -hex 32)}

# start-server I [--demo]: starts server I on its port (chosen once) and waits until it answers.
cat >"$work/start-server" <<SCRIPT
#!/usr/bin/env bash
set -euo pipefail
i=\$1; shift
port_file=$work/server-\$i.port
[ -f "\$port_file" ] || python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' >"\$port_file"
port=\$(cat "\$port_file")
web=()
[ -d "$source_dir/web/dist" ] && web=(--web-root "$source_dir/web/dist")
"$bin" serve --db "$SCARWISE_FLEET_DB" --listen "127.0.0.1:\$port" --mail-dir "$work/mail" \
  --protocol "$source_dir/protocol/default" --outbox-claim-seconds $claim "\${web[@]}" "\$@" >>"$work/server-\$i.log" 2>&1 &
echo \$! >"$work/server-\$i.pid"
echo "http://127.0.0.1:\$port" >"$work/server-\$i.url"
for _ in \$(seq 300); do
  curl -fs "http://127.0.0.1:\$port/readyz" >/dev/null 2>&1 && exit 0
  kill -0 \$(cat "$work/server-\$i.pid") 2>/dev/null || { cat "$work/server-\$i.log" >&2; exit 1; }
  sleep 0.1
done
echo "fleet: server \$i did not become ready" >&2
exit 1
SCRIPT
chmod +x "$work/start-server"

for i in $(seq "$servers"); do
  if [ "$i" = 1 ] && [ "$demo" = 1 ]; then "$work/start-server" 1 --demo; else "$work/start-server" "$i"; fi
done

# nginx: the fleet upstream of deploy/nginx/scarwise-fleet.conf with these servers' ports, and a
# plain-HTTP server on loopback that forwards as scarwise.conf's does.
proxy_port=$(free_port)
upstream_servers=""
for i in $(seq "$servers"); do
  upstream_servers+="    server 127.0.0.1:$(cat "$work/server-$i.port") max_fails=1 fail_timeout=5s;\\n"
done
sed -e '/^    server 127\.0\.0\.1:808[0-9]/d' \
    -e "s|^    least_conn;|    least_conn;\\n$upstream_servers|" \
    "$source_dir/deploy/nginx/scarwise-fleet.conf" >"$work/fleet-upstream.conf"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  access_log $work/nginx.log;
  include $work/fleet-upstream.conf;
  server {
    listen 127.0.0.1:$proxy_port;
    client_max_body_size 2m;
    location / {
      proxy_pass http://scarwise;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Request-Id \$request_id;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_next_upstream_tries 3;
      proxy_next_upstream_timeout 10s;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
}
CONF
nginx -t -q -p "$work" -c "$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
proxy=$!
export SCARWISE_FLEET_URL="http://127.0.0.1:$proxy_port"
for _ in $(seq 100); do
  curl -fs "$SCARWISE_FLEET_URL/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

if [ $# -eq 0 ]; then
  echo "Scarwise fleet: $servers servers on one PostgreSQL behind nginx at $SCARWISE_FLEET_URL/"
  for i in $(seq "$servers"); do echo "  server $i: $(cat "$work/server-$i.url") (log $work/server-$i.log)"; done
  echo "  mail: $work/mail; stop with Ctrl-C"
  wait "$proxy"
else
  "$@"
fi
