#!/usr/bin/env bash
# Installs what is missing, builds the release binary and runs the main job: the records
# server on 127.0.0.1:8080 with the embedded SQLite database (./scarwise.db) and a demo
# clinic; it prints the URL and the demo logins. Stop it with Ctrl-C.
# Environment: SCARWISE_DB (default sqlite:./scarwise.db), SCARWISE_LISTEN (127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target scarwise

exec build/release/scarwise serve --demo \
  --db "${SCARWISE_DB:-sqlite:./scarwise.db}" \
  --listen "${SCARWISE_LISTEN:-127.0.0.1:8080}"
