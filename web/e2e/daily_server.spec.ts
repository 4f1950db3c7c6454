// Issue 20, the items that change the server too: stale reminders are withdrawn when a
// session moves (1), patients never see internal notes, sources or "unverified" (3), the
// urgent reply after a check-in is worded for the patient with the clinic's number (16),
// booking honours the plan's skin priming (7), the clinic's identity is set by an admin and
// shown to patients (8), and every time is on the clinic's clock, labelled once (4).
// (Item 2, charting only on the session's day, is in scheduling.spec.ts.)
import type { Page } from '@playwright/test';
import { expect, test } from './contract';
import type { Appointment, OutboxMessage } from '../src/api/types';
import { formatDateTime } from '../src/lib/labels';
import { clinicIso, localInput } from '../src/lib/scheduling';
import { apiPost, DEMO, expectAccessible, patientId, screenshots, signIn, treatmentConsentBody } from './support';

const ZONE = 'Europe/Amsterdam'; // the demo clinic's time zone
const CLINIC_PHONE = '+31 20 555 0100'; // the demo clinic's phone (its identity, seeded)

/** What a patient must never read: sources, file names, verification flags, the clinician's notes. */
const INTERNAL = [/\.ya?ml\b/i, /REFERENCE\.md/i, /\bunverified\b/i, /"source"/, /"because"/, /"notes"/, /"explanation"/, /§/];

async function appointmentsOf(page: Page, patient: number): Promise<Appointment[]> {
  return (await (await page.request.get(`/api/v1/patients/${patient}/appointments`)).json()).items;
}

async function outbox(page: Page): Promise<OutboxMessage[]> {
  return (await (await page.request.get('/api/v1/outbox?limit=1000')).json()).items;
}

function plusDays(local: string, days: number): string {
  const d = new Date(`${local.slice(0, 10)}T00:00:00Z`);
  return `${new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10)}${local.slice(10)}`;
}

test('a reschedule withdraws the old reminder and queues one for the new time; the portal shows the new time (item 1)', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  const ada = await patientId(page, 'Lindqvist');
  const next = (await appointmentsOf(page, ada)).filter((a) => a.status === 'booked').sort((a, b) => a.session_number - b.session_number)[0];
  expect(next, 'a booked session of Ada').toBeTruthy();
  const before = (await outbox(page)).filter((m) => m.appointment_id === next.id);
  expect(before.filter((m) => m.status === 'pending'), 'one pending reminder before').toHaveLength(1);

  let moved: string | undefined;
  for (const days of [7, 14, 21, 28, 35]) {
    const local = plusDays(localInput(next.starts_at), days);
    const response = await apiPost(page, `/api/v1/appointments/${next.id}/reschedule`, { starts_at: clinicIso(local, ZONE) });
    if (response.ok()) { moved = clinicIso(local, ZONE); break; }
  }
  expect(moved, 'a free later start').toBeTruthy();

  // The outbox rows, as the same transaction left them: the old reminder skipped with its reason, one new pending.
  const after = (await outbox(page)).filter((m) => m.appointment_id === next.id);
  const old = after.find((m) => m.id === before[0].id)!;
  expect(old.status).toBe('skipped');
  expect(old.last_error).toBe('cancelled: the session was moved');
  const fresh = after.filter((m) => m.status === 'pending');
  expect(fresh).toHaveLength(1);
  expect(fresh[0].id).toBeGreaterThan(old.id);
  expect(fresh[0].subject).toContain(formatSpokenDay(moved!));

  await page.getByRole('navigation').getByRole('link', { name: 'Messages' }).click();
  await page.getByLabel('Show').selectOption('skipped');
  const item = page.locator('li.message', { hasText: old.subject }).filter({ hasText: 'Why not sent' }).first();
  await expect(item.getByText('cancelled: the session was moved')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'daily-reminder-withdrawn');

  // The patient's portal shows the new time, not the old one.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, DEMO.ada);
  await expect(page.getByTestId('next-session')).toContainText(formatDateTime(moved!));
  await expect(page.getByTestId('next-session')).not.toContainText(formatDateTime(next.starts_at));
});

/** "7 December 2026" of an ISO time with the clinic's offset (as the reminder e-mail says it). */
function formatSpokenDay(iso: string): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

test('a patient reads no source, file name, "unverified" or note anywhere (item 3)', async ({ page }) => {
  await signIn(page, DEMO.ada);
  const me = (await (await page.request.get('/api/v1/me')).json()).patient_id as number;
  // Every patient-visible answer of the API, field by field: none carries an internal member.
  for (const path of ['/api/v1/faq', `/api/v1/patients/${me}/faq`, `/api/v1/patients/${me}/plans`, `/api/v1/patients/${me}/aftercare`,
    `/api/v1/patients/${me}/sessions`, `/api/v1/patients/${me}/screenings`, `/api/v1/patients/${me}/assessments`]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const text = await response.text();
    for (const bad of INTERNAL) expect(text, `${path} must not match ${bad}`).not.toMatch(bad);
  }
  // And the pages.
  for (const [link, heading] of [['FAQ', 'Questions and answers'], ['My plan', /^Hello/], ['Today', /.+/], ['Progress', 'My progress']] as const) {
    await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    if (link === 'FAQ') await page.locator('details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    const text = await page.locator('main').innerText();
    for (const bad of [/\.ya?ml\b/i, /REFERENCE\.md/i, /\bunverified\b/i, /Source:/, /§/]) expect(text, `${link} page must not show ${bad}`).not.toMatch(bad);
  }
  await page.getByRole('navigation').getByRole('link', { name: 'FAQ', exact: true }).click();
  await page.locator('details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
  await screenshots(page, 'daily-portal-faq-no-sources');
});

test('clinicians see each source as words linked to the reference page, never a file name (item 3)', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  const rosa = await patientId(page, 'Esposito');
  const plan = (await (await page.request.get(`/api/v1/patients/${rosa}/plans`)).json()).items[0] as { id: number };
  await page.goto(`/plans/${plan.id}`);
  const why = page.locator('section', { has: page.getByRole('heading', { name: 'Why: explanation and sources' }) });
  await expect(why.getByRole('link').first()).toBeVisible();
  expect(await why.innerText()).not.toMatch(/\.ya?ml\b|REFERENCE\.md/);
  const link = why.getByRole('link', { name: /protocol|clinical reference/ }).first();
  expect(await link.getAttribute('href')).toMatch(/^\/reference#/);
  await expectAccessible(page);
  await screenshots(page, 'daily-plan-sources');
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Protocol reference' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Clinical reference' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'daily-protocol-reference');
});

test('the urgent reply after a check-in tells the patient to call the clinic on its number (item 16)', async ({ page }) => {
  await signIn(page, DEMO.ada);
  await page.getByRole('navigation').getByRole('link', { name: 'Check-in' }).click();
  await page.getByLabel('Day after the session (the session day is 0)').fill('1');
  await page.getByRole('group', { name: 'Redness (0 none – 3 strong)' }).getByRole('radio', { name: '1', exact: true }).check();
  await page.getByRole('group', { name: 'Swelling (0 none – 3 strong)' }).getByRole('radio', { name: '1', exact: true }).check();
  await page.getByRole('group', { name: 'Pain (0 none – 10 worst)' }).getByRole('radio', { name: '2', exact: true }).check();
  await page.getByLabel('Pus, yellow crusts or oozing from the treated skin').check();
  await page.getByRole('group', { name: 'Did you use sunscreen?' }).getByRole('radio', { name: 'Yes' }).check();
  await page.getByRole('group', { name: 'Did you wear makeup?' }).getByRole('radio', { name: 'No' }).check();
  await page.getByRole('button', { name: 'Send my check-in' }).click();
  const result = page.locator('#check-in-result');
  await expect(result).toContainText(`Call the clinic now on ${CLINIC_PHONE}`);
  await expect(page.getByTestId('reported-signs')).toContainText('Pus, yellow crusts or oozing from the treated skin');
  // Staff wording and rule names stay with the clinic.
  const main = await page.locator('main').innerText();
  expect(main).not.toMatch(/contact the patient/i);
  expect(main).not.toMatch(/possible_infection|Pus reported/);
  await expectAccessible(page);
  await screenshots(page, 'daily-check-in-urgent');
});

test('booking honours the plan\'s three weeks of skin priming for Fitzpatrick IV-VI (item 7)', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  const kiri = await patientId(page, 'Tane'); // Fitzpatrick IV, plan proposed by the demo
  const plans = (await (await page.request.get(`/api/v1/patients/${kiri}/plans`)).json()).items as { id: number; status: string; version: number; proposal: { plan: { priming_days: number } } }[];
  const plan = plans.find((p) => p.status === 'proposed') ?? plans.find((p) => p.status === 'approved')!;
  expect(plan.proposal.plan.priming_days).toBe(21);
  if (plan.status === 'proposed') {
    // Approval needs the treatment consent and every precaution recorded (issues 22 and 19).
    const consents = (await (await page.request.get(`/api/v1/patients/${kiri}/consents`)).json()).items as { purpose: string; current: boolean }[];
    if (!consents.some((c) => c.purpose === 'treatment' && c.current)) {
      const texts = await (await page.request.get('/api/v1/consent-texts')).json();
      expect((await apiPost(page, `/api/v1/patients/${kiri}/consents`, treatmentConsentBody(texts, 'Kiri Tane'))).status()).toBe(201);
    }
    const precautions = (await (await page.request.get(`/api/v1/plans/${plan.id}/precautions`)).json()).items as
      { code: string; recorded: unknown; record: { fields: { key: string; type: string }[] } }[];
    for (const p of precautions.filter((x) => !x.recorded)) {
      const details = Object.fromEntries(p.record.fields.map((f) => [f.key, f.type === 'confirm' ? true : f.type === 'date' ? '2026-11-30' : 'Recorded by the test']));
      expect((await apiPost(page, `/api/v1/plans/${plan.id}/precautions`, { code: p.code, details })).status()).toBe(201);
    }
    const approved = await apiPost(page, `/api/v1/plans/${plan.id}/approve`);
    expect(approved.status(), await approved.text()).toBe(200);
  }
  const approved = (await (await page.request.get(`/api/v1/plans/${plan.id}`)).json()) as { approved_at: string };
  const primedFrom = new Date(Date.parse(`${approved.approved_at.slice(0, 10)}T00:00:00Z`) + 21 * 86_400_000).toISOString().slice(0, 10);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, DEMO.coordinator);
  await page.goto(`/plans/${plan.id}/booking`);
  await expect(page.locator('#priming')).toContainText('21 days of skin priming');
  // Asked for tomorrow: the first offered session is still after the priming.
  await page.getByLabel('Earliest first session').fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Preview alternatives' }).click();
  await expect(page.getByRole('button', { name: 'Book alternative 1' })).toBeVisible();
  const preview = await page.request.get(`/api/v1/plans/${plan.id}/bookings?dry_run=true&earliest=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`);
  expect(preview.status()).toBe(200);
  const alternatives = (await preview.json()).alternatives as { appointments: { session_number: number; starts_at: string }[] }[];
  expect(alternatives.length).toBeGreaterThan(0);
  for (const a of alternatives) {
    const first = a.appointments.find((s) => s.session_number === 1)!;
    expect(first.starts_at.slice(0, 10) >= primedFrom, `session 1 on ${first.starts_at} is after the priming (from ${primedFrom})`).toBe(true);
  }
  await expectAccessible(page);
  await screenshots(page, 'daily-booking-priming');
});

/** A 1×1 PNG and an SVG that claims to be a PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');

test('the admin sets the clinic\'s identity and logo; patients see them (item 8)', async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole('navigation').getByRole('link', { name: 'Clinic settings' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'The clinic', exact: true }) });
  await expect(form.getByLabel('Clinic name')).toHaveValue('Huidkliniek De Vries (demo)');
  await expect(form.getByLabel('Phone')).toHaveValue(CLINIC_PHONE);

  // An SVG is refused in the browser, and by the server whatever type it claims (sniffed by content).
  await form.getByLabel(/^Logo/).setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SVG, 'base64') });
  await expect(form.getByText('Choose a PNG or JPEG image (SVG and other formats are not accepted).')).toBeVisible();
  const csrf = (await page.context().cookies()).find((c) => c.name === 'scarwise_csrf')?.value ?? '';
  const sneaky = await page.request.put('/api/v1/clinic/identity', {
    data: { name: 'Huidkliniek De Vries (demo)', logo: `data:image/png;base64,${SVG}` }, headers: { 'X-CSRF-Token': csrf },
  });
  expect(sneaky.status()).toBe(422);
  expect((await sneaky.json()).error.field).toBe('logo');
  const big = await page.request.put('/api/v1/clinic/identity', {
    data: { name: 'Huidkliniek De Vries (demo)', logo: `data:image/png;base64,${Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(210 * 1024)]).toString('base64')}` },
    headers: { 'X-CSRF-Token': csrf },
  });
  expect(big.status()).toBe(422);

  await form.getByLabel(/^Logo/).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
  await form.getByLabel('Address').fill('Prinsengracht 100\n1015 EA Amsterdam');
  await form.getByRole('button', { name: 'Save the clinic\'s details' }).click();
  await expect(form.getByText('Saved. Patients now see Huidkliniek De Vries (demo).')).toBeVisible();
  await expect(form.getByTestId('identity-logo')).toBeVisible();
  const logo = await page.request.get('/api/v1/clinic/logo');
  expect(logo.headers()['content-type']).toBe('image/png');
  expect(logo.headers()['x-content-type-options']).toBe('nosniff');
  await expectAccessible(page);
  await screenshots(page, 'daily-clinic-identity');

  // The portal's header names the clinic with its logo.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, DEMO.ada);
  await expect(page.getByTestId('clinic-brand')).toContainText('Huidkliniek De Vries (demo)');
  await expect(page.getByTestId('clinic-brand').locator('img')).toBeVisible();
  await screenshots(page, 'daily-portal-header');
});
