#!/usr/bin/env bash
# Installs web/node_modules with `npm ci` when it is missing or older than package-lock.json
# (npm writes node_modules/.package-lock.json on every install). Prefers the npm cache, so
# a warm machine installs without the network. Never downloads a browser.
#   web/scripts/ensure-node-modules.sh
set -euo pipefail
web_dir=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$web_dir/node_modules/.package-lock.json" ] || [ "$web_dir/package-lock.json" -nt "$web_dir/node_modules/.package-lock.json" ]; then
  echo "web: npm ci" >&2
  (cd "$web_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
fi
