// Daily use (issue 20, items 6, 9-15, 17): what a clinic and its patients trip over in a real
// browser, each proved here at 1280×800 (and 390×844 where the layout differs), with a
// screenshot under the artifacts folder.
import path from 'node:path';
import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test } from './contract';
import { apiPatch, apiPost, DEMO, patientId, runId, signIn } from './support';

const ARTIFACTS = process.env.SCARWISE_ARTIFACTS ?? path.resolve('test-results', 'shots');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(ARTIFACTS, `daily-${name}.png`), fullPage: true });
}

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.loading')).toHaveCount(0);
}

test('(11) the dashboard loads in one request, with every patient (500+), and renders in under 1 s', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO.coordinator);
  // Enough patients for the test: 500 beyond the demo's (created once per database).
  const total = async () => (await (await page.request.get('/api/v1/dashboard?limit=1000')).json()).patients.length as number;
  const id = runId();
  for (let have = await total(), i = 0; have < 520; i++, have++) {
    const created = await apiPost(page, '/api/v1/patients', {
      given_name: `Load${i}`, family_name: `Zz Dashboard ${id}`, birth_date: '1990-01-01', fitzpatrick: 2,
    });
    expect(created.status()).toBe(201);
  }
  const count = await total();
  expect(count).toBeGreaterThanOrEqual(520);

  const api: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/') && url.pathname !== '/api/v1/me') api.push(`${r.method()} ${url.pathname}`);
  });
  await page.goto('/');
  const dashboard = page.getByTestId('dashboard');
  await expect(dashboard).toBeVisible();
  // Rendered: from the navigation's start to the dashboard on screen.
  const renderedMs = await page.evaluate(() => performance.now());
  await expect(dashboard).toHaveAttribute('data-patients', String(count));
  await settled(page);
  // One request for the summary of every patient, the courses behind their band included; the
  // header's clinic identity and logo are the layout's, not the page's.
  const asked = api.filter((r) => !r.startsWith('GET /api/v1/clinic/'));
  expect(asked, 'the dashboard asks one summary, not one request per patient').toEqual(['GET /api/v1/dashboard']);
  test.info().annotations.push({ type: 'dashboard render (ms)', description: renderedMs.toFixed(0) });
  console.log(`dashboard with ${count} patients: rendered ${renderedMs.toFixed(0)} ms after navigation start; requests ${api.join(', ')}`);
  expect(renderedMs).toBeLessThan(1000);
  await expect(page.getByRole('heading', { name: /Waiting for booking/ })).toBeVisible();
  await shot(page, 'dashboard-500');
});

test('(10) alerts show name, phone and session; an acknowledged alert stays under "Acknowledged" with who and when', async ({ page, browser }) => {
  await signIn(page, DEMO.clinician);
  const adaId = await patientId(page, 'Lindqvist');
  // In a reused database the sign may already be alerted (and acknowledged): start from a new alert.
  for (const status of ['open', 'acknowledged']) {
    const earlier = (await (await page.request.get(`/api/v1/alerts?status=${status}&patient_id=${adaId}`)).json()).items as { id: number }[];
    for (const a of earlier) await apiPost(page, `/api/v1/alerts/${a.id}/resolve`);
  }
  // Ada (charted yesterday) reports severe pain: an alert.
  const ada = await browser.newPage();
  await signIn(ada, DEMO.ada);
  const checkIn = await apiPost(ada, `/api/v1/patients/${adaId}/check-ins`, {
    day_after_session: 1, redness: 1, swelling: 1, pain: 9, warning_signs: [], products_applied: '', sunscreen_used: true, makeup_used: false,
  });
  expect(checkIn.status()).toBe(201);
  await ada.close();

  const record = await (await page.request.get(`/api/v1/patients/${adaId}`)).json();
  if (!record.phone) {
    const patched = await apiPatch(page, `/api/v1/patients/${adaId}`, { phone: '+31 20 555 0101' }, { 'If-Match': `"${record.version}"` });
    expect(patched.status()).toBe(200);
  }
  const phone = record.phone || '+31 20 555 0101';
  await page.setViewportSize(LAPTOP);
  await page.goto('/alerts');
  const alert = page.getByTestId('alert').filter({ hasText: 'Ada Lindqvist' }).filter({ hasText: 'Severe pain' }).first();
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('link', { name: 'Ada Lindqvist' })).toBeVisible();
  await expect(alert.getByRole('link', { name: phone })).toHaveAttribute('href', /^tel:\+?\d+$/);
  await expect(alert).toContainText(/after session 1 \(/);
  await shot(page, 'alerts-open');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByText('The alert is acknowledged.')).toBeVisible();
  const acknowledged = page.getByTestId('acknowledged').getByTestId('alert').filter({ hasText: 'Ada Lindqvist' }).first();
  await expect(acknowledged).toBeVisible();
  await expect(acknowledged.getByTestId('acknowledged-by')).toContainText(/Acknowledged by .+ on /);
  await expect(acknowledged.getByRole('button', { name: 'Resolve' })).toBeVisible();
  await shot(page, 'alerts-acknowledged');
});

test('(6) scar counts never go negative and numbers are checked as they are typed', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await page.setViewportSize(LAPTOP);
  const id = await patientId(page, 'Schulz');
  await page.goto(`/patients/${id}/consultation`);
  await page.getByRole('button', { name: /Left cheek/ }).first().click();
  const count = page.getByRole('group', { name: 'Left cheek' }).getByRole('spinbutton').first();
  await count.fill('-3');
  await expect(count).toHaveValue('0');
  await expect(page.getByText('Cannot be less than 0.')).toBeVisible();
  await expect(count).toHaveAttribute('aria-invalid', 'true');
  await count.fill('4');
  await expect(count).toHaveValue('4');
  await expect(page.getByText('Cannot be less than 0.')).toHaveCount(0);
  await count.fill('-1');
  await expect(count).toHaveValue('0');
  await shot(page, 'numbers');
});

test('(9) calendar: previous, next, today, a month view, details in view, a day list on a phone', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.setViewportSize(LAPTOP);
  await page.goto('/calendar');
  await expect(page.locator('#calendar[data-ready="true"]')).toBeVisible();
  const range = page.getByTestId('calendar-range');
  const week = await range.textContent();
  await page.getByRole('button', { name: 'Next week ›' }).click();
  await expect(range).not.toHaveText(week!);
  await page.getByRole('button', { name: '‹ Previous week' }).click();
  await expect(range).toHaveText(week!);
  await page.getByRole('button', { name: 'Next week ›' }).click();
  await page.getByRole('button', { name: 'Today', exact: true }).click();
  await expect(range).toHaveText(week!);
  await page.getByLabel('View', { exact: true }).selectOption('month');
  await expect(range).toHaveText(/^[A-Z][a-z]+ \d{4}$/);
  await expect(page.locator('#calendar .ec-day-grid, #calendar .ec-month')).toHaveCount(1);
  await settled(page);
  await shot(page, 'calendar-month-laptop');
  // A booking opens where the user is, and stays on screen.
  const booking = page.getByRole('region', { name: 'Bookings in this view' }).getByRole('button').first();
  await page.mouse.wheel(0, 600);
  await booking.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + Math.min(box.height, 300)).toBeLessThanOrEqual(LAPTOP.height);
  await page.keyboard.press('Escape');

  // Phone: a list of days, no 7-column grid.
  await page.setViewportSize(PHONE);
  await expect(page.getByTestId('day-list')).toBeVisible();
  await expect(page.locator('#calendar')).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByTestId('day-list').getByRole('button').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  const phoneBox = (await page.getByRole('dialog').boundingBox())!;
  expect(phoneBox.x).toBeGreaterThanOrEqual(0);
  expect(phoneBox.x + phoneBox.width).toBeLessThanOrEqual(PHONE.width);
  await shot(page, 'calendar-phone-details');
  await page.keyboard.press('Escape');
  await shot(page, 'calendar-phone');
});

test('(12) a patient without a session: "no session booked yet" on Today, no handout error, no red banner', async ({ page }) => {
  await signIn(page, DEMO.bea);
  for (const size of [LAPTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.goto('/today');
    await expect(page.getByTestId('no-session')).toBeVisible();
    await expect(page.getByRole('heading', { name: /No session booked yet|Your first session is booked/ })).toBeVisible();
    await expect(page.locator('.notice--error, [role="alert"]')).toHaveCount(0);
    await shot(page, `today-empty-${size.width}`);
    await page.goto('/');
    await expect(page.getByTestId('next-session')).toBeVisible();
    await expect(page.getByText('Your aftercare handout is ready after your first session.')).toBeVisible();
    await expect(page.getByRole('link', { name: /aftercare handout/ })).toHaveCount(0);
    await expect(page.locator('.notice--error, [role="alert"]')).toHaveCount(0);
    await shot(page, `home-empty-${size.width}`);
  }
});

test('(13) the patient\'s aftercare handout can be printed or downloaded from the patient\'s page', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await page.setViewportSize(LAPTOP);
  const id = await patientId(page, 'Lindqvist');
  await page.goto(`/patients/${id}`);
  const handout = page.getByTestId('handout');
  await expect(handout.getByRole('link', { name: 'print' })).toHaveAttribute('href', `/api/v1/patients/${id}/handout.pdf`);
  const [download] = await Promise.all([page.waitForEvent('download'), handout.getByRole('link', { name: 'download (PDF)' }).click()]);
  const pdf = await download.path();
  expect(pdf).toBeTruthy();
  const { readFile } = await import('node:fs/promises');
  expect((await readFile(pdf!)).subarray(0, 5).toString()).toBe('%PDF-');
  await shot(page, 'patient-handout');
});

test('(14) portal accounts: status and resend; change my password; disabling asks first', async ({ page, browser }) => {
  await signIn(page, DEMO.clinician);
  await page.setViewportSize(LAPTOP);
  const bea = await patientId(page, 'Okafor');
  await page.goto(`/patients/${bea}`);
  const portal = page.getByRole('region', { name: 'Patient portal access' });
  await expect(portal.getByTestId('portal-status')).toContainText('Active');
  await expect(portal.getByRole('button', { name: 'Resend invitation' })).toBeVisible();
  await expect(portal.getByRole('button', { name: 'Send portal invitation' })).toHaveCount(0);
  await shot(page, 'portal-account-status');

  // A patient changes their password: the current one is required; other sessions end.
  const other = await browser.newPage();
  await signIn(other, DEMO.ada);
  const ada = await browser.newPage();
  await signIn(ada, DEMO.ada);
  await ada.goto('/account');
  const form = ada.getByRole('form', { name: 'Change my password' });
  const fresh = `a new long password ${runId()}`;
  await form.getByLabel('Current password').fill('not my password 123');
  await form.getByLabel('New password', { exact: true }).fill(fresh);
  await form.getByLabel('New password again').fill(fresh);
  await form.getByRole('button', { name: 'Change my password' }).click();
  await expect(form.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Current password').fill(DEMO.ada.password);
  await form.getByRole('button', { name: 'Change my password' }).click();
  await expect(ada.getByText('Your password is changed.')).toBeVisible();
  await shot(ada, 'password-changed');
  expect((await ada.request.get('/api/v1/me')).status()).toBe(200); // still signed in here
  expect((await other.request.get('/api/v1/me')).status()).toBe(401); // the other session ended
  // Back to the demo password (other tests sign in with it).
  const back = await apiPost(ada, '/api/v1/me/password', { current_password: fresh, new_password: DEMO.ada.password });
  expect(back.status()).toBe(200);
  await other.close();
  await ada.close();

  // Disabling an account asks first (an accessible dialog); Cancel changes nothing.
  const admin = await browser.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto('/accounts');
  const row = admin.getByTestId('accounts').getByRole('row').filter({ hasText: DEMO.bea.email });
  await row.getByRole('button', { name: /^Disable the account of / }).click();
  const dialog = admin.getByRole('dialog', { name: /^Disable the account of .+\?$/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(admin, 'confirm-disable');
  await admin.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(row.getByText('Active')).toBeVisible();
  await admin.close();
});

test('(15) Today: the must-dos first, labelled as what to do, and it fits a phone', async ({ page }) => {
  await signIn(page, DEMO.ada);
  for (const size of [LAPTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.goto('/today');
    await settled(page);
    const first = page.locator('main section.card').first();
    await expect(first.getByRole('heading', { name: 'Do today' })).toBeVisible();
    await expect(page.getByText('allowed', { exact: true })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Allowed now' })).toHaveCount(0);
    await shot(page, `today-${size.width}`);
  }
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`Today at 390×844: ${height} px tall`);
  expect(height, 'the Today page at 390×844').toBeLessThan(2400);
});

/** Every route of every role, loaded fresh: fails on any console error (or uncaught exception). */
const ROUTES: Record<string, string[]> = {
  admin: ['/', '/patients', '/calendar', '/alerts', '/messages', '/settings', '/accounts', '/account'],
  clinician: ['/', '/patients', '/calendar', '/alerts', '/messages', '/account'],
  coordinator: ['/', '/patients', '/calendar', '/messages', '/account'],
  ada: ['/', '/today', '/check-in', '/products', '/progress', '/faq', '/account'],
};

test('(17) no console error on load, for every page of every role (and the sign-in page)', async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    errors.push(`${page.url()}: ${m.text()} (${m.location().url})`);
  };
  page.on('console', onConsole);
  page.on('pageerror', (e) => errors.push(`${page.url()}: uncaught ${e.message}`));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await settled(page);
  for (const [role, routes] of Object.entries(ROUTES)) {
    await page.context().clearCookies();
    await signIn(page, DEMO[role as keyof typeof DEMO]);
    const patient = role === 'ada' ? undefined : await patientId(page, 'Esposito');
    const extra = patient ? [`/patients/${patient}`] : [];
    for (const route of [...routes, ...extra]) {
      await page.goto(route);
      await settled(page);
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }
  // After signing out, a reload asks /me once (401: expected, handled by showing the sign-in page).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await settled(page);
  const unexpected = errors.filter((e) => !/status of 401.*\/api\/v1\/me\)$/.test(e));
  expect(unexpected).toEqual([]);
});
