#!/usr/bin/env bash
# Installs what is missing, builds the release binary and the web app, and runs the main job:
# the records server with the browser app at / on 127.0.0.1:8080, the embedded SQLite
# database (./scarwise.db) and a demo clinic; it prints the URL and the demo logins.
# Stop it with Ctrl-C.
# Environment: SCARWISE_DB (default sqlite:./scarwise.db), SCARWISE_LISTEN (127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target scarwise
# The browser app: clinician workspace and patient portal, served from web/dist.
(cd web && npm run --silent build)

exec build/release/scarwise serve --demo \
  --db "${SCARWISE_DB:-sqlite:./scarwise.db}" \
  --listen "${SCARWISE_LISTEN:-127.0.0.1:8080}" \
  --web-root web/dist
