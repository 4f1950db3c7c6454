// Scheduling and the session day against the demo clinic, whose approved plans are booked:
// the coordinator reschedules a session on the calendar (the dry run shows the reflow of the
// later sessions before anything changes) and cancels one (it is rebooked within its window);
// the clinician charts a patient's next session from the patient's page, after a screening
// that defers is refused next to the screening.
import type { Page } from '@playwright/test';
import { expect, test } from './contract';
import type { Appointment, Reflow } from '../src/api/types';
import { formatDateTime } from '../src/lib/labels';
import { clinicIso, localInput } from '../src/lib/scheduling';
import { answerScreening, apiPost, catalogueLots, DEMO, expectAccessible, patientId, screenshots, signIn } from './support';

const ZONE = 'Europe/Amsterdam'; // the demo clinic's time zone

async function appointmentsOf(page: Page, patient: number): Promise<Appointment[]> {
  return (await (await page.request.get(`/api/v1/patients/${patient}/appointments`)).json()).items;
}

/** Today's date (YYYY-MM-DD) in the clinic's time zone. */
function clinicToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** `local` (YYYY-MM-DDTHH:MM) moved by `days` calendar days, same wall-clock time. */
function plusDays(local: string, days: number): string {
  const d = new Date(`${local.slice(0, 10)}T00:00:00Z`);
  return `${new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10)}${local.slice(10)}`;
}

/**
 * A new start for `appointment` a week or more later at the same time that the server
 * accepts and that moves the later sessions: asked as dry runs, so nothing changes.
 */
async function freeLaterStart(page: Page, appointment: Appointment): Promise<{ local: string; reflow: Reflow }> {
  for (const days of [7, 14, 21, 28]) {
    const local = plusDays(localInput(appointment.starts_at), days);
    const response = await apiPost(page, `/api/v1/appointments/${appointment.id}/reschedule?dry_run=true`, { starts_at: clinicIso(local, ZONE) });
    if (!response.ok()) continue;
    const reflow = (await response.json()) as Reflow;
    if (reflow.moved.length > 0 && !reflow.unresolved) return { local, reflow };
  }
  throw new Error(`no free start found for appointment ${appointment.id}`);
}

async function openOnCalendar(page: Page, appointment: Appointment, patient: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('heading', { name: 'Calendar', level: 1 })).toBeVisible();
  await page.getByLabel('Date', { exact: true }).fill(appointment.starts_at.slice(0, 10));
  const booking = page.getByRole('button', { name: `${formatDateTime(appointment.starts_at)} · ${patient} · session ${appointment.session_number}` });
  await expect(booking).toBeVisible();
  await booking.click();
  await expect(page.getByRole('heading', { name: `Session ${appointment.session_number} · ${patient}` })).toBeVisible();
}

test('the coordinator previews a reschedule on the calendar, sees the reflow, and confirms', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  const chen = await patientId(page, 'Wei');
  const before = await appointmentsOf(page, chen);
  const first = before.find((a) => a.session_number === 1 && a.status === 'booked')!;
  const second = before.find((a) => a.session_number === 2 && a.status === 'booked')!;
  expect(first && second).toBeTruthy();
  const { local, reflow } = await freeLaterStart(page, first);
  const movedSecond = reflow.moved.find((a) => a.session_number === 2)!;

  await openOnCalendar(page, first, 'Chen Wei');
  const panel = page.getByTestId('appointment-panel');
  // Names, not ids: the demo's practitioners and rooms.
  await expect(panel.getByRole('definition').filter({ hasText: /^(Dr Anouk de Vries|Sam Okoye \(nurse practitioner\))$/ })).toBeVisible();
  await expect(panel.getByRole('definition').filter({ hasText: /^Treatment room \d$/ })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-calendar-booking');

  await panel.getByLabel('New start').fill(local);
  await panel.getByRole('button', { name: 'Preview the reflow' }).click();
  const preview = page.getByTestId('reflow');
  await expect(preview.getByText(`Session 1 moves from ${formatDateTime(first.starts_at)} to ${formatDateTime(clinicIso(local, ZONE))}`)).toBeVisible();
  await expect(preview.getByText(`Session 2 moves from ${formatDateTime(second.starts_at)} to ${formatDateTime(movedSecond.starts_at)}`)).toBeVisible();
  await expect(preview.getByText('Nothing is changed until you confirm.')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-calendar-reflow');
  // The preview was a dry run.
  expect((await (await page.request.get(`/api/v1/appointments/${first.id}`)).json()).starts_at).toBe(first.starts_at);

  await preview.getByRole('button', { name: 'Confirm the new dates' }).click();
  await expect(page.getByText(`Session 1 moved to ${formatDateTime(clinicIso(local, ZONE))}; ${reflow.moved.length} later sessions moved.`)).toBeVisible();
  await expect(page.getByTestId('appointment-panel')).toHaveCount(0);
  const after = await appointmentsOf(page, chen);
  expect(after.find((a) => a.id === first.id)?.starts_at).toBe(clinicIso(local, ZONE));
  expect(after.find((a) => a.id === second.id)?.starts_at).toBe(movedSecond.starts_at);
});

test('the coordinator previews a cancellation (the session is rebooked in its window) and confirms', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  const ines = await patientId(page, 'Moreau');
  const first = (await appointmentsOf(page, ines)).find((a) => a.session_number === 1 && a.status === 'booked')!;
  expect(first).toBeTruthy();

  await openOnCalendar(page, first, 'Ines Moreau');
  const panel = page.getByTestId('appointment-panel');
  await panel.getByRole('button', { name: 'Preview cancelling' }).click();
  const preview = page.getByTestId('reflow');
  await expect(preview.getByText(`Session 1 on ${formatDateTime(first.starts_at)} is cancelled.`)).toBeVisible();
  await expect(preview.getByText(/Session 1 is rebooked for/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-calendar-cancel');
  await preview.getByRole('button', { name: 'Confirm the cancellation' }).click();
  await expect(page.getByText(/^Session 1 is cancelled and rebooked for /)).toBeVisible();

  const after = await appointmentsOf(page, ines);
  expect(after.find((a) => a.id === first.id)?.status).toBe('cancelled');
  expect(after.filter((a) => a.session_number === 1 && a.status === 'booked')).toHaveLength(1);
  // The cancelled booking stays in the list, marked; it can no longer be changed.
  await page.locator('li', { hasText: 'Cancelled' }).getByRole('button', { name: `${formatDateTime(first.starts_at)} · Ines Moreau · session 1` }).click();
  await expect(page.getByTestId('appointment-panel').getByText('Only a booked session can be changed.')).toBeVisible();
});

test('the admin keeps the cartridge catalogue: each lot with its use-by date', async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto('/settings');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Cartridge catalogue' }) });
  const form = section.getByRole('form', { name: 'Add a cartridge lot' });
  await form.getByRole('button', { name: 'Add the lot' }).click();
  await expect(form.getByLabel('Device')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Enter the lot number printed on the box.')).toBeVisible();
  for (const [lot, useBy] of [['LOT-E2E-7', '2099-12-31'], ['LOT-E2E-8', '2099-12-31'], ['LOT-E2E-OLD', '2020-01-31']] as const) {
    await form.getByLabel('Device').fill('Dermapen 4');
    await form.getByLabel('Lot number').fill(lot);
    await form.getByLabel('Use by (optional)').fill(useBy);
    await form.getByRole('button', { name: 'Add the lot' }).click();
    await expect(section.locator('#lot-added')).toHaveText(`Lot ${lot} of Dermapen 4 is in the catalogue.`);
  }
  await expect(section.getByTestId('lots').getByRole('row')).toHaveCount(4);
  // A lot listed twice is refused next to the lot number.
  await form.getByLabel('Lot number').fill('LOT-E2E-8');
  await form.getByRole('button', { name: 'Add the lot' }).click();
  await expect(form.getByLabel('Lot number')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await screenshots(page, 'clinic-settings-cartridge-catalogue');
});

/**
 * Fills the chart of a first session (the plan's depths are prefilled). The demo's session is
 * booked ahead, and a session is charted once it has happened: it was held yesterday.
 */
async function fillChart(page: Page): Promise<void> {
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel('Started', { exact: true }).fill(`${yesterday}T10:00`);
  await page.getByLabel('Ended', { exact: true }).fill(`${yesterday}T10:40`);
  await page.getByLabel('Device').fill('Dermapen 4');
  await page.getByLabel('Cartridge lot').fill('LOT-E2E-7');
  await page.getByLabel('Numbing product (optional)').fill('Lidocaine 4 % cream');
  for (const passes of await page.getByLabel(/: passes$/).all()) await passes.fill('3');
  await page.getByLabel('Endpoint reached').fill('pinpoint bleeding');
  await page.getByRole('group', { name: 'Immediate redness (0–3)' }).getByRole('radio', { name: '2', exact: true }).check();
  await page.getByRole('group', { name: 'Immediate swelling (0–3)' }).getByRole('radio', { name: '1', exact: true }).check();
  await page.getByRole('group', { name: 'Bleeding', exact: true }).getByRole('radio', { name: 'Pinpoint', exact: true }).check();
}

test('the clinician charts the next session from the patient page; a deferring screening is refused next to it', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  const rosa = await patientId(page, 'Esposito');
  // The clinic keeps a cartridge catalogue (issue 19 §3): a chart names one of its lots, not expired.
  await catalogueLots(page, [
    { device: 'Dermapen 4', lot: 'LOT-E2E-7', expires_on: '2099-12-31' },
    { device: 'Dermapen 4', lot: 'LOT-E2E-8', expires_on: '2099-12-31' },
    { device: 'Dermapen 4', lot: 'LOT-E2E-OLD', expires_on: '2020-01-31' },
  ]);
  const series = await appointmentsOf(page, rosa);
  const second = series.find((a) => a.session_number === 2 && a.status === 'booked')!;

  // Session 2 is weeks away: its page offers no chart form, and the API refuses it too (issue 20, item 2).
  await page.goto(`/appointments/${second.id}/session`);
  await expect(page.getByRole('heading', { name: 'Session charting' })).toBeVisible();
  await expect(page.getByText(`This session is booked for ${formatDateTime(second.starts_at)} (${ZONE}): it can be charted as done on that day.`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save the session chart' })).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, 'clinic-session-chart-not-yet');

  await page.goto(`/patients/${rosa}`);
  await expect(page.getByRole('heading', { name: 'Rosa Esposito' })).toBeVisible();
  // Session 1 is today (the demo books it so): its chart link is there.
  expect(series.find((a) => a.session_number === 1 && a.status === 'booked')!.starts_at.slice(0, 10)).toBe(clinicToday());
  await page.getByRole('link', { name: 'Chart session 1' }).click();
  await expect(page.getByRole('heading', { name: 'Session charting' })).toBeVisible();
  await expect(page.getByText(/^Session 1 · Rosa Esposito/)).toBeVisible();
  await expect(page.getByLabel(/Left cheek: depth \(mm\)/)).not.toHaveValue('');

  // Nothing answered: every screening question and the chart's fields are marked, nothing is sent.
  await page.getByRole('button', { name: 'Save the session chart' }).click();
  await expect(page.getByText('Answer this question.').first()).toBeVisible();
  await expect(page.getByText('Enter the device.')).toBeVisible();
  // Each unanswered group says it is invalid and points at its message; the focus is on the first, not on <body>.
  const groupErrors = await page.locator('fieldset.radio-group .field-error').count();
  expect(groupErrors).toBeGreaterThanOrEqual(18);
  await expect(page.locator('fieldset.radio-group[aria-invalid="true"][aria-describedby]')).toHaveCount(groupErrors);
  await expect(page.locator('fieldset.radio-group[aria-invalid="true"]').first().locator('input').first()).toBeFocused();
  await expectAccessible(page);
  await screenshots(page, 'clinic-session-chart');

  // Pregnant today: the server's screening defers the session; the refusal sits in the screening section.
  await answerScreening(page, ['Pregnant?']);
  await fillChart(page);
  await page.getByRole('button', { name: 'Save the session chart' }).click();
  const screening = page.locator('section', { has: page.getByRole('heading', { name: 'Pre-session screening' }) });
  await expect(screening.getByText('The screening does not allow this session')).toBeVisible();
  await expect(screening.getByText(/decided 'defer'/)).toBeVisible();
  await expect(page.getByLabel('Device')).toHaveValue('Dermapen 4');
  await expect(page.getByLabel('Cartridge lot')).toHaveValue('LOT-E2E-7');
  await expectAccessible(page);
  await screenshots(page, 'clinic-session-chart-refused');

  // Answered again: the quick check says it may go ahead, and the chart is saved.
  await page.getByRole('group', { name: 'Pregnant?' }).getByRole('radio', { name: 'No', exact: true }).check();
  await expect(screening.getByText('The screening does not allow this session')).toHaveCount(0);
  // Pressed twice quickly, and once more after the answer: one screening is stored (issue 20, item 5).
  const screeningsBefore = (await (await page.request.get(`/api/v1/patients/${rosa}/screenings`)).json()).items.length;
  await page.getByRole('button', { name: 'Check the screening' }).dblclick();
  await expect(screening.getByText(/^Screening: Proceed/)).toBeVisible();
  await expect(page.locator('#screening-result'), 'the result has the focus').toBeFocused();
  await page.getByRole('button', { name: 'Check the screening' }).click();
  await expect(page.locator('#screening-result')).toBeFocused();
  const screeningsAfter = (await (await page.request.get(`/api/v1/patients/${rosa}/screenings`)).json()).items.length;
  expect(screeningsAfter, 'one screening for three presses with the same answers').toBe(screeningsBefore + 1);

  // The cartridge from the catalogue (an expired lot is not offered), and the glide used.
  const picker = page.getByLabel('Cartridge from the catalogue');
  await expect(picker.locator('option', { hasText: 'LOT-E2E-OLD' })).toHaveCount(0);
  await picker.selectOption((await picker.locator('option', { hasText: 'lot LOT-E2E-8' }).getAttribute('value'))!);
  await expect(page.getByLabel('Cartridge lot')).toHaveValue('LOT-E2E-8');
  await expect(page.getByLabel('Device')).toHaveValue('Dermapen 4');
  await page.getByLabel('Glide or serum', { exact: true }).fill('Sterile hyaluronic glide');
  await page.getByLabel('Ingredients (INCI list)').fill('Aqua, Sodium Hyaluronate');
  await page.getByRole('group', { name: 'Sterile, single-use product' }).getByRole('radio', { name: 'Yes', exact: true }).check();
  // Deeper than the approved plan: refused, and the refusal sits next to the reason it needs.
  const depth = page.getByLabel(/Left cheek: depth \(mm\)/);
  const planned = Number(await depth.inputValue());
  expect(planned).toBeLessThan(2);
  const deeper = Math.min(planned + 0.25, 2).toFixed(2);
  await depth.fill(deeper);
  await page.getByRole('button', { name: 'Save the session chart' }).click();
  const reason = page.getByLabel('Reason for needling deeper than the approved plan');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#chart-depth_reason-error')).toContainText(`Left cheek: the depth is ${deeper} mm, deeper than the approved plan's ${planned.toFixed(2)} mm`);
  await expect(reason).toBeFocused();
  await expect(page.getByText('Session 1 is charted')).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, 'clinic-session-chart-deviation');
  await reason.fill('Deep boxcar scars on the left cheek; discussed with the patient');
  await expect(reason).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Save the session chart' }).click();
  await expect(page.getByText('Session 1 is charted')).toBeVisible();
  // Stored as charted: the reason, the catalogued lot (a recall finds Rosa), the glide.
  const charted = (await (await page.request.get(`/api/v1/patients/${rosa}/sessions`)).json()).items.at(-1);
  expect(charted.chart.depth_reason).toBe('Deep boxcar scars on the left cheek; discussed with the patient');
  expect(charted.chart.cartridge_lot).toBe('LOT-E2E-8');
  expect(charted.chart.glide).toMatchObject({ product: 'Sterile hyaluronic glide', inci: 'Aqua, Sodium Hyaluronate', sterile: true });
  const recall = (await (await page.request.get('/api/v1/lots/LOT-E2E-8/sessions')).json()).items;
  expect(recall).toContainEqual(expect.objectContaining({ session_id: charted.id, patient_id: rosa, catalogued: true }));
  await screenshots(page, 'clinic-session-chart-saved');
  await page.getByRole('link', { name: 'Back to the patient' }).click();
  const appointments = page.getByTestId('appointments');
  await expect(appointments.locator('li', { hasText: 'Session 1' }).getByText('Completed')).toBeVisible();
  // Session 2 is next, on a later day: no chart link yet, a plain note instead.
  await expect(page.getByRole('link', { name: 'Chart session 2' })).toHaveCount(0);
  await expect(appointments.locator('li', { hasText: 'Session 2' }).getByTestId('chart-later')).toHaveText('Charting opens on the day of the session');
  await screenshots(page, 'clinic-patient-chart-later');
  // A recall notice for the lot: the safety page lists the session, with the patient's record.
  await page.goto('/adverse-events');
  const recallForm = page.getByRole('form', { name: 'Recall a cartridge lot' });
  await recallForm.getByLabel('Lot number').fill('LOT-E2E-8');
  await recallForm.getByRole('button', { name: 'Find the sessions' }).click();
  await expect(page.locator('#recall-result')).toContainText(`Lot LOT-E2E-8: ${recall.length} session`);
  await expect(page.getByTestId('recall').locator(`a[href="/patients/${rosa}"]`).first()).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-lot-recall');
});

test('a plan booked already offers to book the rest of the course afresh, previewed first', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  const patient = await patientId(page, 'Lindqvist');
  const booked = (await appointmentsOf(page, patient)).filter((a) => a.status === 'booked');
  expect(booked.length, 'the demo plan is booked').toBeGreaterThan(0);
  await page.goto(`/plans/${booked[0].plan_id}/booking`);
  const notice = page.getByText('Sessions of this plan are booked already');
  await expect(notice).toBeVisible();
  await page.getByRole('button', { name: 'Preview alternatives' }).click();
  await expect(page.getByText(/already booked; reschedule or cancel them, or book the rest afresh/)).toBeVisible();
  await page.getByLabel(/Book the sessions not yet held afresh and cancel the \d+ booked now/).check();
  await page.getByRole('button', { name: 'Preview alternatives' }).click();
  await expect(page.getByRole('button', { name: 'Book alternative 1' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-booking-rebook');
  expect((await appointmentsOf(page, patient)).filter((a) => a.status === 'booked'), 'a preview changes nothing').toEqual(booked);
});
