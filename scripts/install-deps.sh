#!/usr/bin/env bash
# Installs every Debian 12 package that Scarwise needs to build, test and run.
# A no-op when everything is already installed. Needs root (or sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang-14 libclang-rt-14-dev clang-format clang-tidy
  # libraries
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  # HTTP server (RESTinio needs standalone asio, which its package does not declare)
  librestinio-dev libasio-dev libhttp-parser-dev libspdlog-dev libsodium-dev
  # gzip of API answers over 1 KB
  zlib1g-dev
  # staff two-factor sign-in: TOTP codes (liboath, RFC 6238) and the enrolment QR code (libqrencode)
  liboath-dev libqrencode-dev
  # storage: SOCI over SQLite (embedded default) and PostgreSQL 15 (soci.h needs Boost headers)
  libsoci-dev libsqlite3-dev libpq-dev postgresql libboost-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 libcpp-httplib-dev curl wrk
  # bench/fleet.sh PROFILE=1: where a request's time goes (perf record / perf report)
  linux-perf
  # scheduling in the clinic's IANA time zone; calendar feeds (libical) and their test parser
  libhowardhinnant-date-dev tzdata libical-dev python3-icalendar
  # reminders by e-mail (libcurl's SMTP client)
  libcurl4-openssl-dev
  # the printable aftercare handout (cairo + pango, DejaVu fonts) and its tests (pdftotext, pdftoppm)
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
  # clinical photographs: decoding, thumbnails and alignment to the baseline (OpenCV), and the
  # tests' EXIF reader (python3-pil)
  libopencv-dev python3-pil
  # the documented TLS reverse proxy, tested with a throwaway certificate
  nginx-light openssl
  # web app browser tests: Debian's chromium (Playwright never downloads one) and fonts
  chromium fonts-liberation fonts-dejavu-core ca-certificates gnupg
)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
SUDO=()
[ "$(id -u)" = 0 ] || SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  # Packages install their daemons (nginx, PostgreSQL) but must not start them: the tests
  # start private instances on their own ports. policy-rc.d is Debian's switch for that.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
    trap '"${SUDO[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---- web app (web/) ----
# Vite 8 needs Node.js >= 20.19; Debian 12 ships 18, so Node 20 comes from NodeSource's
# apt repository (web/README.md says why). Then `npm ci` when web/node_modules is missing
# or older than web/package-lock.json.
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  echo "install-deps: installing Node.js 20 from deb.nodesource.com" >&2
  "${SUDO[@]}" install -d -m 0755 /usr/share/keyrings
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | "${SUDO[@]}" gpg --dearmor --yes -o /usr/share/keyrings/nodesource.gpg
  printf 'Types: deb\nURIs: https://deb.nodesource.com/node_20.x\nSuites: nodistro\nComponents: main\nSigned-By: /usr/share/keyrings/nodesource.gpg\n' |
    "${SUDO[@]}" tee /etc/apt/sources.list.d/nodesource.sources >/dev/null
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq nodejs
fi
"$(dirname "$0")/../web/scripts/ensure-node-modules.sh"
