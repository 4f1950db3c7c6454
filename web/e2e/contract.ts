// The Playwright `test` of every spec, with one automatic check: each JSON answer (2xx) the
// real server sends the app during a test must match the schema the OpenAPI document
// (src/http/openapi.json) gives for its path and method, the document the app's types are
// generated from. A server that drifts from its document fails the test that saw it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Response } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020.js';

export { expect };

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = JSON.parse(readFileSync(path.join(here, '..', '..', 'src', 'http', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
};

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(doc as object, 'openapi.json');

/** The document's path templates as regular expressions, most literal first ("/plans/{id}" after "/plans/new"). */
const templates = Object.keys(doc.paths)
  .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
  .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const validators = new Map<string, ReturnType<typeof ajv.getSchema>>();

/** What is wrong with `body` as the answer of `method pathname` with `status`, or undefined when it fits (or has no schema). */
export function contractProblem(method: string, pathname: string, status: number, body: unknown): string | undefined {
  const found = templates.find((t) => t.pattern.test(pathname));
  if (!found) return `${method} ${pathname}: not in the OpenAPI document`;
  const op = doc.paths[found.template][method.toLowerCase()];
  if (!op) return `${method} ${found.template}: not in the OpenAPI document`;
  const schema = op.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return undefined;
  const key = pointer('paths', found.template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema');
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json#/${key}` });
    validators.set(key, validate);
  }
  if (validate!(body)) return undefined;
  const errors = (validate!.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(answer)'} ${e.message}`).join('; ');
  return `${method} ${found.template} ${status}: ${errors}`;
}

export const test = base.extend<{ contract: void }>({
  contract: [async ({ page }, use) => {
    const problems: string[] = [];
    const pending: Promise<void>[] = [];
    const check = async (response: Response) => {
      const url = new URL(response.url());
      const type = response.headers()['content-type'] ?? '';
      if (!url.pathname.startsWith('/api/') || !type.includes('application/json') || response.status() < 200 || response.status() >= 300) return;
      const body = await response.json().catch(() => undefined);
      if (body === undefined) return;
      const problem = contractProblem(response.request().method(), url.pathname, response.status(), body);
      if (problem) problems.push(problem);
    };
    page.on('response', (response) => { pending.push(check(response)); });
    await use();
    await Promise.allSettled(pending);
    expect([...new Set(problems)], 'answers that do not match src/http/openapi.json').toEqual([]);
  }, { auto: true }],
});
