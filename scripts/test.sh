#!/usr/bin/env bash
# Installs what is missing, builds with the `dev` preset (Debug, ASan+UBSan, warnings as
# errors) and runs every test: unit, protocol, CLI contract, layer check, fuzz-corpus replay,
# and the web app's units and browser end-to-end tests (ctest label `web`).
# Then builds the fuzz targets with clang-14 and runs each for a short smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)

cmake --preset dev >/dev/null
cmake --build --preset dev -j"$jobs"
ctest --preset dev -j"$jobs"

# libFuzzer smoke run: each target starts from its saved corpus for a few seconds.
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$jobs" --target consultation_decoder_fuzz inci_parser_fuzz request_body_fuzz
# The 10^6-level body first, as one input (the smoke run below truncates inputs to -max_len).
build/fuzz/fuzz/request_body_fuzz build/fuzz/fuzz/nested_1e6.json 2>&1 | tail -n 1
for target in consultation_decoder_fuzz inci_parser_fuzz request_body_fuzz; do
  work=$(mktemp -d)
  cp -r "fuzz/corpus/$target/." "$work/"
  "build/fuzz/fuzz/$target" -max_total_time=10 -max_len=8192 -print_final_stats=0 "$work" 2>&1 | tail -n 2
  rm -rf "$work"
done
echo "scripts/test.sh: all tests passed"
