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
  # storage: SOCI over SQLite (embedded default) and PostgreSQL 15 (soci.h needs Boost headers)
  libsoci-dev libsqlite3-dev libpq-dev postgresql libboost-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 libcpp-httplib-dev curl wrk
  # the documented TLS reverse proxy, tested with a throwaway certificate
  nginx-light openssl
)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
SUDO=()
[ "$(id -u)" = 0 ] || SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive
# Packages install their daemons (nginx, PostgreSQL) but must not start them: the tests
# start private instances on their own ports. policy-rc.d is Debian's switch for that.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
  trap '"${SUDO[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
