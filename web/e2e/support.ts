// Shared steps of the end-to-end tests: signing in, accessibility checks, screenshots at
// laptop and phone width, reading the e-mails the server wrote.
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, request, type Page } from '@playwright/test';

export const DEMO = {
  admin: { email: 'admin@demo.scarwise.test', password: 'demo-admin-2026' },
  clinician: { email: 'clinician@demo.scarwise.test', password: 'demo-clinician-2026' },
  coordinator: { email: 'coordinator@demo.scarwise.test', password: 'demo-coordinator-2026' },
  ada: { email: 'ada@demo.scarwise.test', password: 'demo-patient-2026' },
  bea: { email: 'bea@demo.scarwise.test', password: 'demo-patient-2026' },
};

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core (WCAG 2.1 A/AA) on the page and fails on serious or critical violations in
 * our own markup. The calendar and the chart canvas are third-party widgets: they are
 * excluded here and their findings are reported separately by the calendar test.
 */
export async function expectAccessible(page: Page, exclude: string[] = ['#calendar', '.uplot']): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (excluded) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run({ exclude: excluded.map((s) => [s]) }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  }, exclude);
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `axe violations on ${page.url()}`).toEqual([]);
}

/** axe findings (any impact) inside one third-party widget, as "rule (impact)" strings. */
export async function thirdPartyFindings(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
    const r = await axe.run({ include: [[sel]] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact})`);
  }, selector);
}

const ARTIFACTS = process.env.SCARWISE_ARTIFACTS ?? path.resolve('test-results', 'shots');

/** Full-page screenshots of the current page at 1280×800 and 390×844, named `<name>-laptop.png` / `-phone.png`. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const [label, size] of [['laptop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** Questions whose "Yes" raises no concern (the clinician's judgement after counselling). */
const YES_IS_CLEAR = ['expectations realistic'];

/**
 * Answers every screening question on the page (generated from the protocol's list, the
 * clinical-safety questions included): "Yes" to those whose legend contains one of `yes`,
 * otherwise the answer that raises no concern ("No" / "None" / "Never"; "Yes" for realistic
 * expectations).
 */
export async function answerScreening(page: Page, yes: string[]): Promise<void> {
  const groups = page.locator('fieldset.radio-group');
  // The questions come from the protocol (GET /api/v1/protocol/questions): wait until they are on the page.
  await groups.locator('legend', { hasText: /\?$/ }).first().waitFor();
  const count = await groups.count();
  for (let i = 0; i < count; i++) {
    const group = groups.nth(i);
    const legend = (await group.locator('legend').textContent()) ?? '';
    if (!legend.endsWith('?') && !legend.startsWith('Isotretinoin')) continue;
    const options = group.getByRole('radio');
    const labels = await options.evaluateAll((els) => els.map((e) => (e.parentElement?.textContent ?? '').trim()));
    const clear = YES_IS_CLEAR.some((y) => legend.includes(y)) ? 'Yes'
      : labels.includes('No') ? 'No' : labels.includes('None') ? 'None' : 'Never';
    const wanted = yes.some((y) => legend.includes(y)) ? (clear === 'Yes' ? 'No' : 'Yes') : clear;
    await group.getByRole('radio', { name: wanted, exact: true }).check();
  }
}

/** A unique suffix so each run's records are distinct even in a reused database. */
export const runId = () => Date.now().toString(36);

/** A write through the API as the signed-in user of `page` (with the CSRF header the app would send). */
export async function apiPost(page: Page, path: string, data?: unknown, headers: Record<string, string> = {}) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'scarwise_csrf')?.value ?? '';
  return page.request.post(path, { data, headers: { 'X-CSRF-Token': csrf, ...headers } });
}

/** The treatment consent as the text the API shows (version and SHA-256), signed for `name`: the body of POST /patients/{id}/consents. */
export function treatmentConsentBody(texts: { items: { purpose: string; version: string; sha256: string }[] }, name: string) {
  const text = texts.items.find((t) => t.purpose === 'treatment')!;
  return { purpose: 'treatment', text_version: text.version, text_sha256: text.sha256, signer: 'patient', signer_name: name,
    signature_svg_path: 'M 10 20 L 30 40 L 50 10' };
}

/** A PATCH through the API as the signed-in user of `page` (CSRF header and extra headers such as If-Match). */
export async function apiPatch(page: Page, path: string, data: unknown, headers: Record<string, string> = {}) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'scarwise_csrf')?.value ?? '';
  return page.request.patch(path, { data, headers: { 'X-CSRF-Token': csrf, ...headers } });
}

/** The demo patient's id by family name (staff only). */
export async function patientId(page: Page, family: string): Promise<number> {
  const list = await (await page.request.get(`/api/v1/patients?q=${encodeURIComponent(family)}`)).json();
  const found = list.items.find((p: { family_name: string }) => p.family_name === family);
  expect(found, `demo patient ${family}`).toBeTruthy();
  return found.id;
}

/** Undoes quoted-printable (soft line breaks "=\r\n", escapes like "=3D") of an e-mail's text. */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = joined.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * The text (quoted-printable undone) of the newest e-mail to `recipient` the server wrote as
 * an .eml file to its --mail-dir (SCARWISE_MAIL_DIR, set by tests/web/run_e2e.sh) that also
 * contains `containing`; waits up to `timeoutMs` for the outbox to deliver it.
 */
export async function newestMailTo(recipient: string, containing = '', timeoutMs = 10_000): Promise<string> {
  const dir = process.env.SCARWISE_MAIL_DIR;
  expect(dir, 'SCARWISE_MAIL_DIR (the server\'s --mail-dir; tests/web/run_e2e.sh sets it)').toBeTruthy();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = (await readdir(dir!).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
    const files = await Promise.all(names.map(async (n) => {
      const file = path.join(dir!, n);
      return { file, mtime: (await stat(file)).mtimeMs };
    }));
    files.sort((a, b) => b.mtime - a.mtime || b.file.localeCompare(a.file));
    for (const { file } of files) {
      const text = decodeQuotedPrintable(await readFile(file, 'utf8'));
      if (text.toLowerCase().includes(recipient.toLowerCase()) && text.includes(containing)) return text;
    }
    if (Date.now() > deadline) throw new Error(`no e-mail to ${recipient} containing "${containing}" in ${dir} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The token of the newest portal invitation e-mailed to `email` ({public_url}/invitation#token=TOKEN). */
export async function invitationToken(email: string): Promise<string> {
  const mail = await newestMailTo(email, '/invitation#token=');
  const token = /\/invitation#token=([A-Za-z0-9_-]+)/.exec(mail)?.[1];
  expect(token, `invitation link in the e-mail to ${email}`).toBeTruthy();
  return token!;
}

/** Signs the consent titled `title` on the page: typed name, a signature drawn with the pointer, agreement. */
export async function signConsent(page: Page, title: string, name: string): Promise<void> {
  const form = page.getByRole('form', { name: title });
  await expect(form).toBeVisible();
  await form.getByLabel(/Your full name/).fill(name);
  const pad = form.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
  await page.mouse.down();
  for (const [dx, dy] of [[40, 0.2], [70, 0.75], [100, 0.3], [140, 0.7], [180, 0.25]] as const) {
    await page.mouse.move(box.x + dx, box.y + box.height * dy, { steps: 4 });
  }
  await page.mouse.up();
  await expect(form.getByText('Signed in the box.')).toBeVisible();
  await form.getByLabel('I have read this text and I agree').check();
  await form.getByRole('button', { name: `Sign: ${title}` }).click();
  await expect(page.getByRole('region', { name: title }).getByText('Signed', { exact: true })).toBeVisible();
}

/** Adds lots to the clinic's cartridge catalogue as the demo admin (the catalogue is the admin's to keep), in a request context of its own. */
export async function catalogueLots(page: Page, lots: { device: string; lot: string; expires_on?: string }[]): Promise<void> {
  const admin = await request.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const login = await admin.post('/api/v1/auth/login', { data: DEMO.admin });
    expect(login.status()).toBe(200);
    const { token } = await login.json();
    for (const lot of lots) {
      const added = await admin.post('/api/v1/device-lots', { data: lot, headers: { Authorization: `Bearer ${token}` } });
      expect([201, 409], await added.text()).toContain(added.status());
    }
  } finally {
    await admin.dispose();
  }
}
