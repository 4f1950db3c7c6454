#!/usr/bin/env bash
# The production TLS set-up end to end: deploy/nginx/scarwise.conf, unchanged but for its
# ports, certificate paths and log path, in a private nginx with a throwaway certificate,
# in front of the real server. Checks: plain HTTP only redirects; TLS 1.2+ only; HTTP/2;
# security headers; session cookies are Secure behind the proxy (and only there); /metrics
# is refused through the proxy (403/404) and served on loopback; the
# API's own 413 envelope reaches the client; request ids reach the proxy log, query
# strings (which may hold names) do not.
# Usage: nginx_tls.sh SCARWISE_BINARY
set -euo pipefail
bin=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
chmod 755 "$work"
server=
proxy=
cleanup() {
  [ -n "$proxy" ] && kill "$proxy" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
app_port=$(free_port)
http_port=$(free_port)
https_port=$(free_port)

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=scarwise.test" \
  -addext "subjectAltName=DNS:scarwise.test" -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null

sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$app_port;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e "/listen \[::\]/d" \
    -e "s|/etc/scarwise/tls/|$work/|" \
    -e "s|/var/log/nginx/scarwise.access.log|$work/access.log|" \
    "$source_dir/deploy/nginx/scarwise.conf" >"$work/scarwise.conf"
mkdir -m 777 "$work/tmp"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $work/scarwise.conf;
}
CONF
nginx -t -q -p "$work" -c "$work/nginx.conf" || fail "nginx refuses the configuration"
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
proxy=$!

echo "tls test admin password" | "$bin" user add --db "sqlite:$work/clinic.db" --email admin@tls.test --name Admin --role admin >/dev/null
# A built web app in miniature: a content-hashed asset (with the build's .gz) and the index.
mkdir -p "$work/web/assets"
printf '<!doctype html><title>Scarwise</title>' >"$work/web/index.html"
head -c 4000 /dev/zero | tr '\0' 'x' | sed 's/^/console.log("/; s/$/");/' >"$work/web/assets/app-0123abcd.js"
gzip -9 -k "$work/web/assets/app-0123abcd.js"
"$bin" serve --db "sqlite:$work/clinic.db" --listen "127.0.0.1:$app_port" --web-root "$work/web" >"$work/server.log" 2>&1 &
server=$!
https="https://scarwise.test:$https_port"
tls=(--cacert "$work/fullchain.pem" --resolve "scarwise.test:$https_port:127.0.0.1" -sS)
until curl "${tls[@]}" -f -o /dev/null "$https/healthz" 2>/dev/null; do
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; fail "server died"; }
  kill -0 "$proxy" 2>/dev/null || { cat "$work/error.log"; fail "nginx died"; }
  sleep 0.1
done

# Plain HTTP: a redirect to HTTPS and nothing else.
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/api/v1/me")
[[ $redirect == "301 https://127.0.0.1/api/v1/me" ]] || fail "plain HTTP answered '$redirect', not a redirect to HTTPS"

# TLS: the certificate verifies, HTTP/2 is spoken, TLS 1.1 is refused.
[ "$(curl "${tls[@]}" -o /dev/null -w '%{http_version}' "$https/healthz")" = 2 ] || fail "no HTTP/2"
if curl "${tls[@]}" --tls-max 1.1 -o /dev/null "$https/healthz" 2>/dev/null; then fail "TLS 1.1 accepted"; fi

# Security headers on every answer, errors included.
headers=$(curl "${tls[@]}" -D - -o /dev/null "$https/api/v1/me")
for header in "strict-transport-security: max-age=31536000" "x-content-type-options: nosniff" \
              "x-frame-options: DENY" "content-security-policy: default-src 'self'"; do
  grep -qi "^$header" <<<"$headers" || fail "missing header '$header' on a 401"
done

# Session cookies are Secure through the proxy, not when the server is reached directly.
login='{"email": "admin@tls.test", "password": "tls test admin password"}'
cookies=$(curl "${tls[@]}" -D - -o "$work/login.json" -X POST -d "$login" "$https/api/v1/auth/login" | grep -i '^set-cookie')
grep -qi 'scarwise_session=.*HttpOnly.*SameSite=Strict.*Secure' <<<"$cookies" || fail "session cookie not Secure behind TLS: $cookies"
direct=$(curl -sS -D - -o /dev/null -X POST -d "$login" "http://127.0.0.1:$app_port/api/v1/auth/login" | grep -i '^set-cookie')
if grep -qi 'Secure' <<<"$direct"; then fail "cookie marked Secure without TLS: $direct"; fi
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$work/login.json")

# An oversized body gets the API's own 413 envelope through the proxy.
head -c 1500000 /dev/zero | tr '\0' 'x' >"$work/big.json"
status=$(curl "${tls[@]}" -o "$work/big.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
  --data-binary @"$work/big.json" "$https/api/v1/patients")
[ "$status" = 413 ] && grep -q '"code":"payload_too_large"' "$work/big.out" || fail "oversized body: $status $(head -c 200 "$work/big.out")"

# The server's metrics stay on loopback: the proxy refuses them, however the path is spelled.
for path in /metrics /metrics/ /metrics?x=1 /metrics/x /%6Detrics //metrics /./metrics; do
  status=$(curl "${tls[@]}" --path-as-is -o /dev/null -w '%{http_code}' "$https$path")
  [[ $status == 403 || $status == 404 ]] || fail "$path answered $status through the proxy, not 403/404"
done
[ "$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/metrics")" = 200 ] ||
  fail "/metrics is not served on loopback"

# The proxy log ties lines to the server's request ids and never holds a query string.
id=$(curl "${tls[@]}" -D - -o /dev/null -H "Authorization: Bearer $token" "$https/api/v1/patients?q=Zoe-Secretname" |
     awk -F': ' 'tolower($1) == "x-request-id" {print $2}' | tr -d '\r')
[ -n "$id" ] || fail "no X-Request-Id on the answer"
# A calendar feed's token never reaches the proxy log (the request still reaches the server).
feed=$(curl "${tls[@]}" -o /dev/null -w '%{http_code}' "$https/api/v1/calendar-feeds/FeedTokenSecret123.ics")
[ "$feed" = 404 ] || fail "calendar feed through the proxy: $feed, expected the server's 404"
# Delivery through the proxy: the asset precompressed and immutable, the index revalidated,
# a large API answer gzipped.
asset=$(curl "${tls[@]}" -D - -o /dev/null -H 'Accept-Encoding: gzip' "$https/assets/app-0123abcd.js" | tr -d '\r')
grep -qi '^content-encoding: gzip' <<<"$asset" || fail "asset not sent gzip-compressed: $asset"
grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$asset" || fail "asset not cached as immutable: $asset"
index=$(curl "${tls[@]}" -D - -o /dev/null "$https/patients" | tr -d '\r')
grep -qi '^cache-control: no-cache' <<<"$index" || fail "index.html not revalidated: $index"
grep -qi '^etag: ' <<<"$index" || fail "index.html without an ETag: $index"
spec=$(curl "${tls[@]}" -D - -o /dev/null -H 'Accept-Encoding: gzip' "$https/api/openapi.json" | tr -d '\r')
grep -qi '^content-encoding: gzip' <<<"$spec" || fail "large API answer not compressed: $spec"
kill -USR1 "$proxy"  # reopen (flush) the log
sleep 0.3
grep -q "$id" "$work/access.log" || fail "request id $id not in the proxy log"
if grep -q "Secretname" "$work/access.log"; then fail "the proxy log holds a query string"; fi
if grep -q "FeedTokenSecret123" "$work/access.log"; then fail "the proxy log holds a calendar feed token"; fi
echo "nginx TLS proxy: redirect, TLS 1.2+, HTTP/2, security headers, Secure cookies, 413 envelope, no /metrics, safe log, no feed tokens, compressed and cached delivery: all hold"
