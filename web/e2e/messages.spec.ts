// The staff "Messages" page lists the outbox. The demo's patients have no e-mail address, so
// their booked series have no reminders: the test first registers a patient with an address
// and books a series through the API (as the app would), which queues an appointment
// reminder per session, the later ones pending; the status filter narrows the list.
import type { Page } from '@playwright/test';
import { expect, test } from './contract';
import type { MedicalHistory, OutboxMessage } from '../src/api/types';
import { todayIso } from '../src/lib/records';
import { apiPost, DEMO, expectAccessible, runId, screenshots, signIn } from './support';

const NOTHING: MedicalHistory = {
  active_infection_in_area: false, active_cold_sore: false, cold_sore_history: false, keloid_tendency: false, pregnant: false,
  breastfeeding: false, anticoagulants: false, bleeding_disorder: false, immunosuppressed: false, skin_cancer_in_area: false,
  sunburn_in_area: false, inflammatory_skin_disease_in_area: false, uncontrolled_diabetes: false, topical_anesthetic_allergy: false,
  active_acne: 'none', isotretinoin: 'never', radiation_to_area_months_ago: null, filler_or_laser_months_ago: null,
  antiplatelets_or_nsaids: false, blood_thinning_supplements: false, metal_allergy: false, photosensitivity_disorder: false,
  koebnerising_disease: 'none', tattoo_or_pmu_in_area: false, open_wound_in_area: false, recent_tanning: false,
  peel_or_toxin_weeks_ago: null, realistic_expectations: true,
};

/** The body that signs `purpose`'s current text (drawn on the clinic's tablet). */
async function consentBody(page: Page, purpose: string, name: string) {
  const texts = await (await page.request.get('/api/v1/consent-texts')).json();
  const text = texts.items.find((t: { purpose: string }) => t.purpose === purpose);
  return { purpose, text_version: text.version, text_sha256: text.sha256, signer: 'patient', signer_name: name, signature_svg_path: 'M 10 20 L 40 60 L 80 15' };
}

/** A new patient with an e-mail address and a booked series (as the clinician); answers the address. */
async function patientWithBookedSeries(page: Page): Promise<string> {
  const run = runId();
  const email = `outbox-${run}@example.test`;
  const ok = async (what: string, response: Awaited<ReturnType<typeof apiPost>>) => {
    expect(response.ok(), `${what}: ${await response.text()}`).toBeTruthy();
    return response.json();
  };
  const patient = await ok('patient', await apiPost(page, '/api/v1/patients',
    { given_name: 'Olga', family_name: `Outbox-${run}`, birth_date: '1990-05-05', fitzpatrick: 3, email }));
  await ok('assessment', await apiPost(page, `/api/v1/patients/${patient.id}/assessments`, {
    date: todayIso(), qualitative_grade: 3,
    zones: [{ zone: 'cheek_left', counts: { macular: 0, ice_pick: 2, boxcar_shallow: 4, boxcar_deep: 0, rolling: 6, papular: 0 }, keloid_area_cm2: 0 }],
  }));
  await ok('screening', await apiPost(page, `/api/v1/patients/${patient.id}/screenings`, NOTHING));
  const plan = await ok('plan', await apiPost(page, `/api/v1/patients/${patient.id}/plans`));
  await ok('treatment consent', await apiPost(page, `/api/v1/patients/${patient.id}/consents`, await consentBody(page, 'treatment', 'Olga Outbox')));
  await ok('approval', await apiPost(page, `/api/v1/plans/${plan.id}/approve`, undefined, { 'If-Match': `"${plan.version}"` }));
  await ok('booking', await apiPost(page, `/api/v1/plans/${plan.id}/bookings`,
    { weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], time_from: '09:00', time_to: '17:00' }));
  return email;
}

test('staff see the reminders on their way out and filter them by status', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  const email = await patientWithBookedSeries(page);
  const all = (await (await page.request.get('/api/v1/outbox?limit=100')).json()).items as OutboxMessage[];
  const hers = all.filter((m) => m.recipient === email);
  expect(hers.length, 'a reminder per booked session').toBeGreaterThan(1);
  expect(hers.every((m) => m.kind === 'appointment_reminder')).toBeTruthy();
  expect(hers.some((m) => m.status === 'pending'), 'the later sessions\' reminders wait').toBeTruthy();

  await page.getByRole('navigation').getByRole('link', { name: 'Messages' }).click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  const list = page.getByTestId('messages');
  const herItems = list.getByRole('listitem').filter({ hasText: `To ${email}` });
  await expect(herItems).toHaveCount(hers.length);
  await expect(herItems.first()).toContainText('Appointment reminder');
  await expect(herItems.first()).toContainText(hers[0].subject);
  await expect(page.getByText(/messages? shown · times in Europe\/Amsterdam\./)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-messages');

  await page.getByLabel('Show').selectOption('pending');
  await expect(page.getByRole('heading', { name: 'Pending messages' })).toBeVisible();
  // Every message listed is pending (the delivery worker may send a due one meanwhile), hers among them.
  await expect(list.locator('li[data-status]:not([data-status="pending"])')).toHaveCount(0);
  await expect(herItems.first()).toContainText('Pending');
  await expect(herItems.first()).toContainText(/Due \w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2}/);

  await page.getByLabel('Show').selectOption('failed');
  await expect(page.getByRole('heading', { name: 'Failed messages' })).toBeVisible();
  const failed = all.filter((m) => m.status === 'failed');
  if (failed.length === 0) await expect(page.getByText('No failed messages.')).toBeVisible();
  else await expect(page.getByTestId('failed-messages').getByText(failed[0].last_error).first()).toBeVisible();
  await expectAccessible(page);
});

test('the coordinator has Messages; patients cannot read the outbox', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.getByRole('navigation').getByRole('link', { name: 'Messages' }).click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Clinic settings' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await signIn(page, DEMO.ada);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Messages' })).toHaveCount(0);
  expect((await page.request.get('/api/v1/outbox')).status()).toBe(403);
});
