#!/usr/bin/env bash
# CTest `web.unit`: type-checks the web app and runs its Vitest unit tests.
#   tests/web/run_web_unit.sh            (from anywhere)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/web/scripts/ensure-node-modules.sh"
cd "$root/web"
npm run --silent typecheck
npx --no-install vitest run --reporter=dot
