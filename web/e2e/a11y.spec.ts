// WCAG 2.1 A/AA in a real browser over every route of every role, at laptop (1280×800) and
// phone (390×844) size, failing on any axe violation of any impact, the calendar included;
// and reflow: at 320 px wide no page scrolls sideways (1.4.10, the 400 % zoom case).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './contract';
import { DEMO, patientId, signIn } from './support';

const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Every axe violation on the page, as "rule (impact): targets". */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
}

/** Waits until the page has loaded what it shows (no request in flight, no spinner, the calendar drawn). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.loading')).toHaveCount(0);
  if (await page.locator('#calendar').count()) await expect(page.locator('#calendar[data-ready="true"] .ec-body')).toBeVisible();
}

/** The document's width beyond the viewport at 320 px (0 when the page reflows). */
async function overflowAt320(page: Page): Promise<number> {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.waitForTimeout(100);
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Visits each route at both sizes and at 320 px; returns every problem found. */
async function audit(page: Page, routes: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.goto(route);
      await settled(page);
      for (const v of await axeViolations(page)) problems.push(`${route} @${size.width}: ${v}`);
    }
    const over = await overflowAt320(page);
    if (over > 0) problems.push(`${route} @320: ${over} px of horizontal scroll`);
  }
  return problems;
}

/** Ids of demo records to open: a patient with a plan and a booked series. */
async function demoRecords(page: Page) {
  const patient = await patientId(page, 'Esposito');
  const plans = (await (await page.request.get(`/api/v1/patients/${patient}/plans`)).json()).items as { id: number }[];
  const appointments = (await (await page.request.get(`/api/v1/patients/${patient}/appointments`)).json()).items as { id: number; status: string }[];
  return { patient, plan: plans[0].id, appointment: (appointments.find((a) => a.status === 'booked') ?? appointments[0]).id };
}

const staffRoutes = (r: { patient: number; plan: number; appointment: number }) => [
  '/', '/patients', `/patients/${r.patient}`, `/patients/${r.patient}/consultation`, `/plans/${r.plan}`, `/plans/${r.plan}/booking`,
  '/calendar', `/appointments/${r.appointment}/session`, '/alerts', '/messages', '/settings', '/accounts', '/account', '/no-such-page',
];

for (const role of ['admin', 'clinician', 'coordinator'] as const) {
  test(`every ${role} route passes axe at both sizes and reflows at 320 px`, async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, DEMO[role]);
    const records = await demoRecords(page);
    expect(await audit(page, staffRoutes(records))).toEqual([]);
  });
}

test('every patient route passes axe at both sizes and reflows at 320 px', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO.ada);
  expect(await audit(page, ['/', '/today', '/check-in', '/products', '/progress', '/faq', '/account', '/no-such-page'])).toEqual([]);
});

test('the public pages pass axe at both sizes and reflow at 320 px', async ({ page }) => {
  expect(await audit(page, ['/', '/invitation'])).toEqual([]);
});

test('the error states pass axe: empty forms sent, errors next to their fields', async ({ page }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  const check = async (name: string) => {
    for (const v of await axeViolations(page)) problems.push(`${name}: ${v}`);
  };
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your e-mail address.')).toBeVisible();
  await check('sign-in, empty');

  await signIn(page, DEMO.clinician);
  const records = await demoRecords(page);
  await page.goto(`/patients/${records.patient}/consultation`);
  await page.getByRole('button', { name: 'Save consultation and propose a plan' }).click();
  await expect(page.getByText('Answer this question.').first()).toBeVisible();
  await check('consultation, empty');
  await page.goto(`/appointments/${records.appointment}/session`);
  await page.getByRole('button', { name: 'Save the session chart' }).click();
  await expect(page.getByText('Answer this question.').first()).toBeVisible();
  await check('session chart, empty');
  await page.goto(`/plans/${records.plan}/booking`);
  for (const day of ['Tue', 'Thu']) await page.getByRole('checkbox', { name: day }).uncheck();
  await page.getByRole('button', { name: 'Preview alternatives' }).click();
  await expect(page.getByText('Choose at least one weekday.')).toBeVisible();
  await check('booking, no weekday');
  await page.goto('/patients?new=1');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  await check('new patient, empty');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, DEMO.ada);
  await page.goto('/check-in');
  await page.getByRole('button', { name: 'Send my check-in' }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  await check('check-in, empty');
  await page.goto('/products');
  await page.getByRole('button', { name: 'Check this product' }).click();
  await expect(page.getByText('Paste the ingredient list from the package.')).toBeVisible();
  await check('product checker, empty');
  expect(problems).toEqual([]);
});

test('the calendar with bookings, and with one open, passes axe; Enter opens a booking where the user is, Escape returns', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.coordinator);
  const patient = await patientId(page, 'Esposito');
  const appointments = (await (await page.request.get(`/api/v1/patients/${patient}/appointments`)).json()).items as { id: number; status: string; starts_at: string }[];
  const booked = appointments.find((a) => a.status === 'booked')!;
  const requested: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/appointments?')) requested.push(new URL(r.url()).searchParams.get('from') ?? ''); });
  await page.goto('/calendar');
  await settled(page);
  // A half-typed year is not asked for; the whole date is, once.
  const date = page.getByLabel('Date', { exact: true });
  await date.fill('0002-12-02');
  await date.fill('0020-12-02');
  await date.fill(booked.starts_at.slice(0, 10));
  await expect(page.locator('#calendar .ec-event').first()).toBeVisible();
  await settled(page);
  expect(requested.filter((from) => !from.startsWith('20')), 'no request for a half-typed year').toEqual([]);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await settled(page);
    expect(await axeViolations(page), `calendar with bookings @${size.width}`).toEqual([]);
  }
  await page.setViewportSize(SIZES[0]);
  const event = page.locator('#calendar .ec-event[role="button"]').first();
  await event.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2 })).toBeFocused();
  const box = (await dialog.boundingBox())!;
  expect(box.y, 'the details open in view').toBeLessThan(800);
  expect(box.y + Math.min(box.height, 200)).toBeLessThanOrEqual(800);
  expect(await axeViolations(page), 'calendar with a booking open').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(event).toBeFocused();
});

test('after signing in again in the session-expired dialog, the page shows its data and the focus is back', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await page.goto('/patients');
  await settled(page);
  const search = page.locator('#patient-search');
  await search.focus();
  // The session ends (its cookie is gone): the next request is answered 401.
  await page.context().clearCookies();
  await search.fill('Esposito');
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Password').fill(DEMO.clinician.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Rosa Esposito' })).toBeVisible();
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('Esposito');
});
