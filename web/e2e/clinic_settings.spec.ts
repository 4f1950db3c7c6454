// Clinic settings (admin): the opening hours form puts client-side and server errors next to
// their fields and keeps the input; a room is added with the keyboard only; an absence is
// added for a practitioner (also after someone else changed that practitioner meanwhile:
// 412, the list is reloaded and the input kept) and both are listed.
import type { Page } from '@playwright/test';
import { expect, test } from './contract';
import type { Resource } from '../src/api/types';
import { apiPatch, DEMO, expectAccessible, runId, screenshots, signIn } from './support';

const SAM = 'Sam Okoye (nurse practitioner)';

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Clinic settings' }).click();
  await expect(page.getByRole('heading', { name: 'Clinic settings', level: 1 })).toBeVisible();
  await expect(page.getByTestId('practitioner').first()).toBeVisible();
}

const practitionerCard = (page: Page, name: string) =>
  page.getByTestId('practitioner').filter({ has: page.getByRole('heading', { name, exact: true }) });

test('the admin sets opening hours: errors next to the field, input kept, then saved', async ({ page }) => {
  await signIn(page, DEMO.admin);
  await openSettings(page);
  const hours = page.locator('form', { has: page.getByRole('heading', { name: 'Opening hours' }) });
  await expect(hours.getByLabel('Time zone')).toHaveValue('Europe/Amsterdam');
  await expect(hours.getByLabel('Monday: From')).toHaveValue('09:00');
  await expect(hours.getByLabel('Saturday: Until')).toHaveValue('13:00');
  await expect(hours.getByLabel('Closed date 1', { exact: true })).toHaveValue('2026-12-25');
  await expectAccessible(page);
  await screenshots(page, 'clinic-settings');

  // Not on the quarter hour: refused in the browser, next to Monday's hours.
  await hours.getByLabel('Monday: From').fill('09:10');
  await hours.getByLabel('Time zone').fill('Mars/Olympus_Mons');
  await hours.getByRole('button', { name: 'Save the opening hours' }).click();
  await expect(hours.getByText('Times must be on the quarter hour (:00, :15, :30, :45).')).toBeVisible();
  await expect(hours.getByLabel('Monday: From')).toHaveAttribute('aria-invalid', 'true');

  // The server refuses the time zone: its message sits under the time zone field, the input stays.
  await hours.getByLabel('Monday: From').fill('09:00');
  await hours.getByRole('button', { name: 'Save the opening hours' }).click();
  await expect(hours.getByText('Is not a time zone of the IANA database (e.g. Europe/Amsterdam).')).toBeVisible();
  await expect(hours.getByLabel('Time zone')).toHaveAttribute('aria-invalid', 'true');
  await expect(hours.getByLabel('Time zone')).toHaveValue('Mars/Olympus_Mons');
  await expect(hours.getByLabel('Monday: From')).toHaveValue('09:00');
  await expectAccessible(page);
  await screenshots(page, 'clinic-settings-error');

  await hours.getByLabel('Time zone').fill('Europe/Amsterdam');
  await hours.getByRole('button', { name: 'Save the opening hours' }).click();
  await expect(hours.getByText('Saved. Open: Mon–Fri 09:00–17:30 · Sat 09:00–13:00.')).toBeVisible();
  expect((await (await page.request.get('/api/v1/clinic')).json()).time_zone).toBe('Europe/Amsterdam');
});

test('the admin adds a room (keyboard only) and an absence for a practitioner, and sees them listed', async ({ page }) => {
  await signIn(page, DEMO.admin);
  await openSettings(page);

  const room = `Laser room ${runId()}`;
  const rooms = page.locator('section', { has: page.getByRole('heading', { name: 'Rooms', exact: true }) });
  await expect(rooms.getByText('Treatment room 1')).toBeVisible();
  await rooms.getByLabel('New room name').focus();
  await page.keyboard.type(room);
  await page.keyboard.press('Enter');
  await expect(rooms.getByText(`${room} is added.`)).toBeVisible();
  await expect(page.getByTestId('rooms').getByText(room, { exact: true })).toBeVisible();
  await expect(rooms.getByLabel('New room name')).toHaveValue('');
  const listed = (await (await page.request.get('/api/v1/rooms')).json()).items as Resource[];
  expect(listed.map((r) => r.name)).toContain(room);

  const sam = practitionerCard(page, SAM);
  await expect(sam.getByTestId('absences').getByText('15 Feb 2027 – 19 Feb 2027')).toBeVisible();
  await sam.getByLabel('First day away').fill('2028-03-06');
  await sam.getByLabel('Last day away').fill('2028-03-10');

  // Meanwhile someone else changes Sam (another absence): the app's save is refused (412),
  // the card shows their version, and the dates typed are kept.
  const before = ((await (await page.request.get('/api/v1/practitioners')).json()).items as Resource[]).find((p) => p.name === SAM)!;
  const other = await apiPatch(page, `/api/v1/practitioners/${before.id}`,
    { name: before.name, working_hours: before.working_hours, absences: [...before.absences!, { from: '2028-01-03', to: '2028-01-04' }] },
    { 'If-Match': `"${before.version}"` });
  expect(other.status()).toBe(200);
  await sam.getByRole('button', { name: 'Add the absence' }).click();
  await expect(sam.getByText(`Someone else changed ${SAM} meanwhile.`, { exact: false })).toBeVisible();
  await expect(sam.getByTestId('absences').getByText('3 Jan 2028 – 4 Jan 2028')).toBeVisible();
  await expect(sam.getByLabel('First day away')).toHaveValue('2028-03-06');
  await expect(sam.getByLabel('Last day away')).toHaveValue('2028-03-10');

  // Tried again against the new version: added, and listed with the others.
  await sam.getByRole('button', { name: 'Add the absence' }).click();
  await expect(sam.getByText('Absence added: 6 Mar 2028 – 10 Mar 2028.')).toBeVisible();
  const absences = sam.getByTestId('absences').getByRole('listitem');
  await expect(absences).toHaveText([/15 Feb 2027 – 19 Feb 2027/, /3 Jan 2028 – 4 Jan 2028/, /6 Mar 2028 – 10 Mar 2028/]);
  const after = ((await (await page.request.get('/api/v1/practitioners')).json()).items as Resource[]).find((p) => p.id === before.id)!;
  expect(after.absences).toContainEqual({ from: '2028-03-06', to: '2028-03-10' });
  await expectAccessible(page);
  await screenshots(page, 'clinic-settings-absence');

  // An absence that ends before it starts is refused next to the last day, nothing is sent.
  await sam.getByLabel('First day away').fill('2028-05-10');
  await sam.getByLabel('Last day away').fill('2028-05-01');
  await sam.getByRole('button', { name: 'Add the absence' }).click();
  await expect(sam.getByText('The last day must not be before the first.')).toBeVisible();

  // Removing one (the other engineer's) takes it off the list.
  await sam.getByRole('button', { name: 'Remove the absence 3 Jan 2028 – 4 Jan 2028' }).click();
  await expect(sam.getByText('Absence removed: 3 Jan 2028 – 4 Jan 2028.')).toBeVisible();
  await expect(absences).toHaveCount(2);
});

test('only the admin sees the clinic settings', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Messages' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Clinic settings' })).toHaveCount(0);
  await page.goto('/settings');
  await expect(page.getByText('Only an administrator can change the clinic\'s settings.')).toBeVisible();
});
