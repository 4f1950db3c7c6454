#!/usr/bin/env node
// Generates src/api/openapi.gen.ts, the TypeScript shapes of the Scarwise API, from the
// server's OpenAPI document (src/http/openapi.json, the same file the binary serves at
// /api/openapi.json). `npm run build`, `npm run typecheck` and tests/web/run_web_unit.sh run
// it before tsc, so an app that no longer matches the server fails to compile.
//
// openapi-typescript needs TypeScript 5's compiler API, which TypeScript 7 (this app's
// compiler) no longer ships; the document uses a small subset of JSON Schema, translated here:
// $ref, type (one or a list, null included), enum, const, oneOf/anyOf, allOf, properties +
// required, additionalProperties (+ propertyNames), items, minItems = maxItems (a tuple).
//
// Output: `Schemas` (components.schemas by name) and `Paths` (path → method → { body, answer },
// the request body and the 2xx JSON answer; `void` when there is none).
//   node scripts/openapi-types.mjs [openapi.json] [out.ts]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2] ?? path.join(web, '..', 'src', 'http', 'openapi.json');
const output = process.argv[3] ?? path.join(web, 'src', 'api', 'openapi.gen.ts');
const doc = JSON.parse(readFileSync(input, 'utf8'));
const schemas = doc.components?.schemas ?? {};

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k) => (identifier.test(k) ? k : JSON.stringify(k));
const pad = (depth) => '  '.repeat(depth);

function fail(where, message) {
  throw new Error(`openapi-types: ${where}: ${message}`);
}

function refName(ref, where) {
  const m = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/.exec(ref);
  if (!m) fail(where, `unsupported $ref ${ref}`);
  if (!(m[1] in schemas)) fail(where, `$ref to a missing schema ${m[1]}`);
  return m[1];
}

function comment(schema, depth) {
  return schema.description ? `${pad(depth)}/** ${schema.description.replace(/\*\//g, '*\u200b/')} */\n` : '';
}

/** The TypeScript type of `schema`, written at indentation `depth`. */
function typeOf(schema, depth, where) {
  if (schema === true || schema === undefined || (typeof schema === 'object' && Object.keys(schema).length === 0)) return 'unknown';
  if (schema.$ref) return `Schemas[${JSON.stringify(refName(schema.$ref, where))}]`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.oneOf || schema.anyOf) {
    return (schema.oneOf ?? schema.anyOf).map((s, i) => `(${typeOf(s, depth, `${where}/oneOf/${i}`)})`).join(' | ');
  }
  if (schema.allOf) return schema.allOf.map((s, i) => `(${typeOf(s, depth, `${where}/allOf/${i}`)})`).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ['object'] : [];
  if (types.length === 0) fail(where, 'a schema without a type');
  return types.map((t) => single(t, schema, depth, where)).join(' | ');
}

function single(type, schema, depth, where) {
  switch (type) {
    case 'null': return 'null';
    case 'boolean': return 'boolean';
    case 'integer': case 'number': return 'number';
    case 'string': return 'string';
    case 'array': {
      const item = typeOf(schema.items ?? {}, depth, `${where}/items`);
      if (schema.minItems !== undefined && schema.minItems === schema.maxItems && schema.minItems <= 4) {
        return `[${Array(schema.minItems).fill(item).join(', ')}]`;
      }
      return `(${item})[]`;
    }
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      for (const r of required) if (!(r in props)) fail(where, `required member ${r} is not among the properties`);
      const lines = Object.entries(props).map(([name, s]) =>
        `${comment(s, depth + 1)}${pad(depth + 1)}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(s, depth + 1, `${where}/${name}`)};`);
      const extra = schema.additionalProperties;
      if (extra && typeof extra === 'object') {
        const value = typeOf(extra, depth + 1, `${where}/additionalProperties`);
        if (lines.length === 0) {
          const names = schema.propertyNames ? typeOf(schema.propertyNames, depth, `${where}/propertyNames`) : 'string';
          return schema.propertyNames ? `Partial<Record<${names}, ${value}>>` : `Record<string, ${value}>`;
        }
        lines.push(`${pad(depth + 1)}[member: string]: ${value} | undefined;`);
      }
      if (lines.length === 0) return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
      return `{\n${lines.join('\n')}\n${pad(depth)}}`;
    }
    default: return fail(where, `unsupported type ${type}`);
  }
}

function jsonSchema(content) {
  return content?.['application/json']?.schema;
}

let out = '// GENERATED by web/scripts/openapi-types.mjs from src/http/openapi.json: do not edit.\n';
out += '// Regenerate with `npm run api-types` (every build and type check does).\n\n';
out += '/* eslint-disable */\nexport interface Schemas {\n';
for (const [name, schema] of Object.entries(schemas)) {
  out += `${comment(schema, 1)}  ${key(name)}: ${typeOf(schema, 1, `#/components/schemas/${name}`)};\n`;
}
out += '}\n\nexport interface Paths {\n';
for (const [p, item] of Object.entries(doc.paths ?? {})) {
  out += `  ${JSON.stringify(p)}: {\n`;
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const where = `${method.toUpperCase()} ${p}`;
    const body = jsonSchema(op.requestBody?.content);
    const ok = Object.entries(op.responses ?? {}).find(([code]) => /^2/.test(code));
    const answerSchema = ok ? jsonSchema(ok[1].content) : undefined;
    const answer = answerSchema ? typeOf(answerSchema, 3, `${where} answer`) : ok?.[1].content?.['application/json'] ? 'unknown' : 'void';
    out += `    ${method}: {\n      body: ${body ? typeOf(body, 3, `${where} body`) : 'undefined'};\n      answer: ${answer};\n    };\n`;
  }
  out += '  };\n';
}
out += '}\n';

mkdirSync(path.dirname(output), { recursive: true });
let previous = '';
try { previous = readFileSync(output, 'utf8'); } catch { /* first run */ }
if (previous !== out) writeFileSync(output, out);
