#!/usr/bin/env bash
# Installs what is missing, builds the release binary and runs the main job. Until the
# records server lands, that is the clinical engine on a demo consultation: the screened,
# explained plan, the aftercare timeline and a product check.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"

bin=build/release/scarwise
echo "== scarwise plan --input examples/consultation.json"
"$bin" plan --input examples/consultation.json
echo
echo "== scarwise aftercare --session-end 2026-11-23T15:30:00+01:00 --at 2026-11-24T09:00:00+01:00"
"$bin" aftercare --session-end 2026-11-23T15:30:00+01:00 --at 2026-11-24T09:00:00+01:00
echo
echo "== scarwise check-product --day 1 (a retinol serum)"
"$bin" check-product --day 1 --product-type serum \
  --inci "Water, Glycerin, Squalane, Retinol, Tocopheryl Acetate, Phenoxyethanol, Parfum"
