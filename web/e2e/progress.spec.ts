// Progress and outcome (issue 21): the clinician's list of courses behind the prediction (the
// server's flag, with the reason and the protocol's suggestions), the patient's chart with the
// band, and the portal's progress against the band in the protocol's words.
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './contract';
import { DEMO, expectAccessible, screenshots, signIn, treatmentConsentBody } from './support';

const HISTORY = {
  active_acne: 'none', active_infection_in_area: false, active_cold_sore: false, cold_sore_history: false,
  keloid_tendency: false, pregnant: false, breastfeeding: false, anticoagulants: false, bleeding_disorder: false,
  immunosuppressed: false, skin_cancer_in_area: false, sunburn_in_area: false, inflammatory_skin_disease_in_area: false,
  uncontrolled_diabetes: false, topical_anesthetic_allergy: false, isotretinoin: 'never', radiation_to_area_months_ago: null,
  filler_or_laser_months_ago: null, antiplatelets_or_nsaids: false, blood_thinning_supplements: false, metal_allergy: false,
  photosensitivity_disorder: false, koebnerising_disease: 'none', tattoo_or_pmu_in_area: false, open_wound_in_area: false,
  recent_tanning: false, peel_or_toxin_weeks_ago: null, realistic_expectations: true,
};

function assessment(date: string, grade: number, macular: number, icePick: number, boxcar: number, rolling: number) {
  return { date, qualitative_grade: grade, zones: [{ zone: 'cheek_left', keloid_area_cm2: 0,
    counts: { macular, ice_pick: icePick, boxcar_shallow: boxcar, boxcar_deep: 0, rolling, papular: 0 } }] };
}

/** A clinician's API session (cookie + the CSRF header the server asks for on writes). */
async function clinicianApi(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, baseURL?: string) {
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-Requested-With': 'scarwise' } });
  const login = await api.post('/api/v1/auth/login', { data: DEMO.clinician });
  expect(login.ok()).toBeTruthy();
  const { token } = await login.json();
  const auth = { Authorization: `Bearer ${token}`, 'X-CSRF-Token': '1' };
  return {
    api,
    post: async (path: string, data: unknown) => {
      const r = await api.post(path, { data, headers: auth });
      expect(r.ok(), `${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
      return r.json();
    },
    get: async (path: string) => (await api.get(path, { headers: auth })).json(),
  };
}

test('the clinician sees a course behind the prediction on the dashboard, with its reason, and its chart', async ({ page, playwright, baseURL }) => {
  const staff = await clinicianApi(playwright, baseURL);
  const patient = await staff.post('/api/v1/patients', { given_name: 'Rolf', family_name: 'Behindsen', birth_date: '1990-05-01',
    sex: 'male', email: 'rolf@mail.test', fitzpatrick: 3 });
  const baseline = assessment('2026-10-01', 3, 10, 2, 2, 21);  // rolling scars dominate: a clear expected effect
  await staff.post(`/api/v1/patients/${patient.id}/assessments`, baseline);
  await staff.post(`/api/v1/patients/${patient.id}/screenings`, HISTORY);
  const plan = await staff.post(`/api/v1/patients/${patient.id}/plans`, {});
  await staff.post(`/api/v1/patients/${patient.id}/consents`, treatmentConsentBody(await staff.get('/api/v1/consent-texts'), 'Rolf Behindsen'));
  await staff.post(`/api/v1/plans/${plan.id}/approve`, {});
  const early = await staff.post(`/api/v1/patients/${patient.id}/reassessments`, { visit: 'session', after_session: 1, assessment: baseline });
  expect(early.status).toBe('too_early');  // never behind after session 1
  const later = await staff.post(`/api/v1/patients/${patient.id}/reassessments`, { visit: 'session', after_session: 3, assessment: baseline });
  expect(later.status).toBe('behind');
  await staff.api.dispose();

  await signIn(page, DEMO.clinician);
  const behind = page.getByTestId('behind-list');
  await expect(behind.getByRole('link', { name: 'Rolf Behindsen' })).toBeVisible();
  await expect(behind.getByText(/below the expected range/)).toBeVisible();
  await expect(behind.getByText(/Consider combining needling/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-dashboard-behind');

  await behind.getByRole('link', { name: 'Rolf Behindsen' }).click();
  await expect(page.locator('.chart-canvas[data-ready="true"] canvas')).toBeVisible();
  await expect(page.getByTestId('course-status')).toContainText('Behind expected');
  await page.getByText('Show the numbers').click();
  await expect(page.getByRole('row', { name: /After session 3/ })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-patient-progress-behind');
});

test('the patient sees their progress against the band, in the protocol\'s words', async ({ page, playwright, baseURL }) => {
  // The demo clinic re-assessed Ada after her first session (issue 21): her course has a point.
  const staff = await clinicianApi(playwright, baseURL);
  const list = await staff.get('/api/v1/patients?q=Lindqvist');
  const ada = list.items.find((p: { given_name: string }) => p.given_name === 'Ada');
  expect(ada).toBeTruthy();
  const course = await staff.get(`/api/v1/patients/${ada.id}/progress`);
  expect(course.points.length).toBeGreaterThan(0);
  expect(course.points[0]).toMatchObject({ visit: 'session', after_session: 1, patient_rating: { improvement: 3, satisfaction: 7 } });
  await staff.api.dispose();

  await signIn(page, DEMO.ada);
  await page.getByRole('navigation').getByRole('link', { name: 'Progress', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My progress' })).toBeVisible();
  await expect(page.locator('.chart-canvas[data-ready="true"] canvas')).toBeVisible();
  await expect(page.getByTestId('progress-message')).toContainText('too early to judge');
  await expect(page.getByText('(after session 1)')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'portal-progress-band');
});

test('the clinician records a re-assessment on the patient\'s page: field errors first, then the course moves', async ({ page, playwright, baseURL }) => {
  const staff = await clinicianApi(playwright, baseURL);
  const patient = await staff.post('/api/v1/patients', { given_name: 'Rena', family_name: 'Reassessen', birth_date: '1992-02-02',
    sex: 'female', email: 'rena@mail.test', fitzpatrick: 2 });
  await staff.post(`/api/v1/patients/${patient.id}/assessments`, assessment('2026-10-01', 3, 2, 2, 4, 12));
  await staff.post(`/api/v1/patients/${patient.id}/screenings`, HISTORY);
  const plan = await staff.post(`/api/v1/patients/${patient.id}/plans`, {});
  await staff.post(`/api/v1/patients/${patient.id}/consents`, treatmentConsentBody(await staff.get('/api/v1/consent-texts'), 'Rena Reassessen'));
  await staff.post(`/api/v1/plans/${plan.id}/approve`, {});
  await staff.api.dispose();

  await signIn(page, DEMO.clinician);
  await page.goto(`/patients/${patient.id}`);
  const form = page.getByTestId('reassessment-form');
  await expect(form.getByRole('heading', { name: 'Record a re-assessment' })).toBeVisible();
  // Nothing filled in: the errors sit next to their fields, the first one takes the focus.
  await form.getByLabel("Patient's rating of the improvement (0-10)").fill('12');
  await form.getByRole('button', { name: 'Record the re-assessment' }).click();
  await expect(form.getByLabel('Sessions done before it')).toBeFocused();
  await expect(form.getByLabel('Sessions done before it')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(/Enter the sessions done before it/)).toBeVisible();
  await expect(form.getByText('Choose the qualitative grade (1–4).')).toBeVisible();
  await expect(form.getByText('Select at least one facial zone with scars.')).toBeVisible();
  await expect(form.getByText(/whole number from 0 to 10/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-reassessment-errors');

  await form.getByLabel('Sessions done before it').fill('2');
  await form.getByRole('group', { name: 'Goodman & Baron qualitative grade' }).getByRole('radio', { name: '3 · Moderate' }).check();
  await form.getByRole('button', { name: 'Left cheek' }).click();
  const cheek = form.getByRole('group', { name: 'Left cheek' });
  await cheek.getByLabel('Ice pick').fill('2');
  await cheek.getByLabel('Boxcar, shallow').fill('3');
  await cheek.getByLabel('Rolling').fill('8');
  await form.getByLabel("Patient's rating of the improvement (0-10)").fill('5');
  await form.getByLabel("Patient's satisfaction (0-10)").fill('8');
  await form.getByRole('button', { name: 'Record the re-assessment' }).click();
  await expect(form.getByText(/Re-assessment recorded: Goodman & Baron \d+ points/)).toBeFocused();
  await page.getByText('Show the numbers').click();
  await expect(page.getByRole('row', { name: /After session 2/ })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-reassessment-recorded');
});

test('the follow-up visit booked with the series shows as such to the clinic, in the portal and in the calendar file', async ({ page, playwright, baseURL }) => {
  // The demo clinic booked Ada's series; the follow-up visit came with it.
  const staff = await clinicianApi(playwright, baseURL);
  const list = await staff.get('/api/v1/patients?q=Lindqvist');
  const ada = list.items.find((p: { given_name: string }) => p.given_name === 'Ada');
  const appointments = (await staff.get(`/api/v1/patients/${ada.id}/appointments`)).items as { kind: string; status: string; starts_at: string; id: number }[];
  const visits = appointments.filter((a) => a.kind === 'follow_up' && a.status === 'booked');
  expect(visits).toHaveLength(1);
  const lastSession = appointments.filter((a) => a.kind === 'session').map((a) => Date.parse(a.starts_at)).sort().pop()!;
  expect(Date.parse(visits[0].starts_at) - lastSession).toBeGreaterThanOrEqual(90 * 86_400_000);
  await staff.api.dispose();

  await signIn(page, DEMO.clinician);
  await page.goto(`/patients/${ada.id}`);
  const listed = page.getByTestId('appointments').locator('li', { hasText: 'Follow-up visit' });
  await expect(listed).toHaveCount(1);
  await expect(listed.getByRole('link', { name: /Chart/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, DEMO.ada);
  await expect(page.getByText(/^Follow-up visit: /)).toBeVisible();
  const ics = await page.request.get(await page.getByRole('link', { name: /Download my sessions/ }).getAttribute('href') ?? '');
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toMatch(/SUMMARY:Follow-up visit/);
  await expectAccessible(page);
  await screenshots(page, 'portal-home-follow-up');
});
