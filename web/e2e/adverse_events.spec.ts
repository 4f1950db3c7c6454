// The adverse-event register on the clinician's patient page (issue 19 §4): the patient's
// events listed, and one recorded there, linked to the session it followed (whose cartridge
// lot is recorded with it) — checked empty first, each refusal next to its field.
import { expect, test } from './contract';
import { DEMO, expectAccessible, patientId, screenshots, signIn } from './support';

test('a clinician records an adverse event on the patient page, linked to the session and its lot', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  const ada = await patientId(page, 'Lindqvist');
  const sessions = (await (await page.request.get(`/api/v1/patients/${ada}/sessions`)).json()).items;
  expect(sessions.length, 'the demo charted her first session yesterday').toBeGreaterThan(0);
  const last = sessions.at(-1);
  const before = (await (await page.request.get(`/api/v1/patients/${ada}/adverse-events`)).json()).items.length;

  await page.goto(`/patients/${ada}`);
  const card = page.getByTestId('patient-adverse-events');
  await expect(card.getByRole('heading', { name: 'Adverse events' })).toBeVisible();
  await card.getByRole('button', { name: 'Record an adverse event' }).click();
  const form = card.getByRole('form', { name: 'Record an adverse event' });
  // Sent empty: each missing answer is marked next to its field, the focus on the first.
  await form.getByRole('button', { name: 'Record the adverse event' }).click();
  await expect(form.getByLabel('Type')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Type')).toBeFocused();
  await expect(form.getByText('Choose the severity.')).toBeVisible();
  await expect(form.getByText('Enter the day it began.')).toBeVisible();
  await expectAccessible(page);

  const onset = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);
  await form.getByLabel('Type').selectOption('persistent_erythema');
  await form.getByLabel('Severity').selectOption('mild');
  await form.getByLabel('Onset').fill(onset);
  await expect(form.getByLabel('After session (optional)')).toHaveValue(String(last.id));
  await form.getByLabel('Treatment given (optional)').fill('Cool compresses, bland moisturiser');
  await screenshots(page, 'clinic-patient-adverse-event-form');
  await form.getByRole('button', { name: 'Record the adverse event' }).click();
  await expect(card.locator('#adverse-event-recorded')).toBeVisible();
  await expect(card.locator('#adverse-event-recorded')).toBeFocused();
  const row = card.getByRole('row').filter({ hasText: 'Cool compresses, bland moisturiser' });
  await expect(row).toContainText(`Session ${last.session_number} · lot ${last.chart.cartridge_lot}`);
  await expect(row).toContainText('Mild');
  await expect(row).toContainText('Ongoing');
  await expectAccessible(page);
  await screenshots(page, 'clinic-patient-adverse-events');

  // In the register, with the session's lot: a recall of that lot and the CSV find it.
  const events = (await (await page.request.get(`/api/v1/patients/${ada}/adverse-events`)).json()).items;
  expect(events).toHaveLength(before + 1);
  expect(events[0]).toMatchObject({ type: 'persistent_erythema', severity: 'mild', onset_on: onset, session_id: last.id, lot: last.chart.cartridge_lot });
  const csv = await (await page.request.get('/api/v1/exports/adverse-events.csv')).text();
  expect(csv).toContain(`,persistent_erythema,`);
  expect(csv).toContain('Cool compresses, bland moisturiser');
});
