// Proof flows (1) and (2): a clinician registers a patient, records a consultation,
// approves the plan, invites the patient to the portal and the coordinator books the series;
// the patient opens the e-mailed invitation, chooses a password, signs in, sees the
// next session, subscribes to the calendar, checks two products and sends a check-in whose
// warning sign alerts the clinic.
import { expect, test } from './contract';
import { answerScreening, DEMO, expectAccessible, invitationToken, runId, screenshots, signConsent, signIn } from './support';

test.describe.configure({ mode: 'serial' });

const run = runId();
const patient = { given: 'Mira', family: `Testpatient-${run}`, email: `mira-${run}@example.test`, password: 'portal-pass-2026' };
let patientPath = '';
let planPath = '';

test('(1) clinician registers a patient, records a consultation and approves the plan', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Waiting', exact: true })).toBeVisible();
  await expect(page.getByText('Plan approval (')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-dashboard');

  await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ada Lindqvist' })).toBeVisible();
  await page.getByLabel('Search by name').fill('Lindq');
  await expect(page.getByRole('link', { name: 'Béatrice Okafor' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ada Lindqvist' })).toBeVisible();
  await page.getByLabel('Search by name').fill('');
  await page.getByRole('button', { name: 'New patient' }).click();

  // A failed submit names the field and keeps the input.
  await page.getByLabel('Given name').fill(patient.given);
  await page.getByLabel('Family name').fill(patient.family);
  await page.getByLabel('Date of birth').fill('1994-03-08');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByText('Choose the Fitzpatrick skin type (I–VI).')).toBeVisible();
  await expect(page.getByLabel('Given name')).toHaveValue(patient.given);
  await expectAccessible(page);
  await screenshots(page, 'clinic-patients');

  await page.getByLabel('Fitzpatrick skin type').selectOption('3');
  await page.getByLabel('E-mail (optional)').fill(patient.email);
  // The server cannot be reached: the form says so and keeps every field.
  await page.route('**/api/v1/patients', (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.continue()));
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByText('The clinic server could not be reached. Your input is kept; try again.')).toBeVisible();
  await expect(page.getByLabel('Family name')).toHaveValue(patient.family);
  await expect(page.getByLabel('E-mail (optional)')).toHaveValue(patient.email);
  await page.unroute('**/api/v1/patients');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name: `${patient.given} ${patient.family}` })).toBeVisible();
  patientPath = new URL(page.url()).pathname;

  await page.getByRole('link', { name: 'Record consultation' }).click();
  await expect(page.getByRole('heading', { name: 'Consultation' })).toBeVisible();
  // Nothing answered: every question is marked, nothing is sent.
  await page.getByRole('button', { name: 'Save consultation and propose a plan' }).click();
  await expect(page.getByText('Answer this question.').first()).toBeVisible();
  await expect(page.getByText('Select at least one facial zone with scars.')).toBeVisible();

  // The form is generated from the protocol's questions, the clinical-safety ones included.
  for (const legend of ['Antiplatelet drugs or regular NSAIDs?', 'Metal allergy (nickel, stainless steel)?',
    'Psoriasis, lichen planus or vitiligo anywhere on the body?', 'After counselling, are the patient\'s expectations realistic?']) {
    await expect(page.getByRole('group', { name: legend })).toBeVisible();
  }
  await answerScreening(page, ['History of cold sores']);
  await page.getByRole('group', { name: 'Goodman & Baron qualitative grade' }).getByRole('radio', { name: '3 · Moderate' }).check();
  // The face-zone picker works with the keyboard.
  await page.getByRole('button', { name: 'Left cheek' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: /Left cheek/ })).toHaveAttribute('aria-pressed', 'true');
  const cheek = page.getByRole('group', { name: 'Left cheek' });
  await cheek.getByLabel('Ice pick').fill('2');
  await cheek.getByLabel('Boxcar, shallow').fill('4');
  await cheek.getByLabel('Rolling').fill('6');
  // Answering clears the marks; the Goodman & Baron score follows the inventory as it is typed.
  await expect(page.getByText('Answer this question.')).toHaveCount(0);
  await expect(page.getByTestId('gb-score')).toContainText('5 points');
  await cheek.getByLabel('Rolling').fill('16');
  await expect(page.getByTestId('gb-score')).not.toContainText('5 points');
  await cheek.getByLabel('Rolling').fill('6');
  await expect(page.getByTestId('gb-score')).toContainText('5 points');
  await expectAccessible(page);
  await screenshots(page, 'clinic-consultation');

  await page.getByRole('button', { name: /Save consultation|Retry saving/ }).click();
  await expect(page.getByRole('heading', { name: 'Treatment plan' })).toBeVisible({ timeout: 20_000 });
  planPath = new URL(page.url()).pathname;
  await expect(page.getByText('Proceed with precautions').first()).toBeVisible();
  await expect(page.getByText(/Source:/).first()).toBeVisible();
  // Adjusting is checked against the protocol's interval window next to the field.
  await page.getByText("Adjust the proposal within the protocol's bounds").click();
  await page.getByLabel(/Interval \(days/).fill('27');
  await page.getByRole('button', { name: 'Save the adjustment' }).click();
  await expect(page.getByText('The protocol allows 28 to 42 days.')).toBeVisible();
  await page.getByLabel(/Interval \(days/).fill('28');
  await expect(page.getByText('The protocol allows 28 to 42 days.')).toHaveCount(0);
  const approve = page.getByRole('button', { name: 'Approve plan' });
  await expect(approve).toBeDisabled();
  // Approval needs the patient's treatment consent: the clinician hands the tablet over.
  await page.getByRole('link', { name: 'Hand the tablet to the patient to sign' }).click();
  await signConsent(page, 'Consent to microneedling treatment', `${patient.given} ${patient.family}`);
  await screenshots(page, 'clinic-consent-handover');
  await page.getByRole('link', { name: 'Done: hand the tablet back' }).click();
  await expect(page.getByTestId('treatment-consent')).toBeVisible();
  // A precaution is a step recorded on the server (who, when, what), not a tick in the browser.
  const antiviral = page.getByRole('form', { name: /History of cold sores/ });
  await antiviral.getByRole('button', { name: 'Record this precaution' }).click();
  await expect(antiviral.getByText('Required: Antiviral drug and dose prescribed.')).toBeVisible();
  await antiviral.getByLabel('Antiviral drug and dose prescribed').fill('Valaciclovir 500 mg twice daily');
  await antiviral.getByLabel('Date the antiviral was started').fill('2026-11-28');
  await expectAccessible(page);
  await screenshots(page, 'clinic-precaution-form');
  await antiviral.getByRole('button', { name: 'Record this precaution' }).click();
  await expect(page.locator('#precaution-antiviral_prophylaxis-recorded')).toContainText('Valaciclovir 500 mg twice daily');
  await expect(approve).toBeEnabled();
  await expectAccessible(page);
  await screenshots(page, 'clinic-plan-review');
  await approve.click();
  await expect(page.getByText('The series can now be booked.')).toBeVisible();

  // The patient's page shows the course and the progress chart.
  await page.goto(patientPath);
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByText('Plan approved')).toBeVisible();
  await expect(page.locator('.chart-canvas[data-ready="true"] canvas')).toBeVisible();
  // Portal access for flow (2): an invitation to the record's e-mail; staff never choose the password.
  const portal = page.getByRole('region', { name: 'Patient portal access' });
  await expect(portal.getByTestId('portal-email')).toHaveText(patient.email);
  await expect(portal.locator('input[type="password"]')).toHaveCount(0);
  await portal.getByRole('button', { name: 'Send portal invitation' }).click();
  await expect(portal.getByText(`Invitation sent to ${patient.email}. The link works once, for 7 days.`)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-patient');
});

test('(1) coordinator books the series from the previewed alternatives', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  // The front desk sees the plan's booking view: sessions and window, never the clinical review.
  await page.goto(planPath);
  await expect(page.getByRole('heading', { name: 'For booking' })).toBeVisible();
  await expect(page.getByText(/Screening decision/)).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Clinic workspace' }).getByRole('link', { name: 'Alerts' })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto(`${planPath}/booking`);
  await expect(page.getByRole('heading', { name: 'Book the series' })).toBeVisible();
  await page.getByRole('group', { name: 'Preferred weekdays' }).getByLabel('Tue').uncheck();
  await page.getByRole('group', { name: 'Preferred weekdays' }).getByLabel('Thu').uncheck();
  await page.getByRole('button', { name: 'Preview alternatives' }).click();
  await expect(page.getByText('Choose at least one weekday.')).toBeVisible();
  await page.getByRole('group', { name: 'Preferred weekdays' }).getByLabel('Tue').check();
  await page.getByRole('group', { name: 'Preferred weekdays' }).getByLabel('Thu').check();
  await expectAccessible(page);
  await screenshots(page, 'clinic-booking');
  await page.getByRole('button', { name: 'Preview alternatives' }).click();
  await expect(page.getByText('Alternative 1', { exact: true })).toBeVisible({ timeout: 20_000 });
  // Each alternative lists its sessions with the practitioner's name; the best keeps to Tue/Thu mornings.
  const best = page.locator('label.alternative').first();
  await expect(best.getByText(/^Session 1: (Tue|Thu) /)).toBeVisible();
  await expect(best.getByText(/Dr Anouk de Vries|Sam Okoye/).first()).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-booking-alternatives');
  await page.getByRole('button', { name: /Book alternative 1/ }).click();
  await expect(page.getByText(/sessions are booked/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Booked' })).toBeVisible();

  // Booking again is refused with the server's reason, not a field.
  await page.goto(`${planPath}/booking`);
  await page.getByRole('button', { name: 'Preview alternatives' }).click();
  await expect(page.getByText(/already booked/)).toBeVisible();

  // The patient's page lists the series.
  await page.goto(patientPath);
  const appointments = page.getByTestId('appointments');
  await expect(appointments.getByText('Session 1', { exact: true })).toBeVisible();
  await expect(appointments.getByText('Booked').first()).toBeVisible();
  // Charting is the clinician's: the coordinator gets no chart link.
  await expect(page.getByRole('link', { name: /^Chart session/ })).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, 'clinic-patient-appointments');
});

test('(2) the patient opens the e-mailed invitation, chooses a password, and the link works only once', async ({ page }) => {
  const token = await invitationToken(patient.email);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // A fresh, signed-out browser context (each test gets its own).
  await page.goto(`/invitation#token=${token}`);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await expect(page).toHaveURL(/\/invitation$/); // the token is out of the address bar at once
  // Checked in the browser first: too short, and not the same twice.
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('Confirm the password').fill('something else');
  await page.getByRole('button', { name: 'Set my password' }).click();
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  await expect(page.getByText('The two passwords are not the same.')).toBeVisible();
  await expect(page.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await screenshots(page, 'portal-invitation');
  await page.getByLabel('New password').fill(patient.password);
  await page.getByLabel('Confirm the password').fill(patient.password);
  await page.getByRole('button', { name: 'Set my password' }).click();
  await expect(page.getByText(`Your password is set. Sign in with ${patient.email}.`)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'portal-invitation-accepted');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue(patient.email);

  // The same link again: it worked once and is refused now.
  await page.goto(`/invitation#token=${token}`);
  await page.getByLabel('New password').fill('another-pass-2026');
  await page.getByLabel('Confirm the password').fill('another-pass-2026');
  await page.getByRole('button', { name: 'Set my password' }).click();
  await expect(page.getByRole('alert')).toContainText('not valid any more');
  await expect(page.getByRole('alert')).toContainText('Ask the clinic to send you a new invitation.');
  await expect(page.getByLabel('New password')).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, 'portal-invitation-used');

  // Signing in with the chosen password (the page goes to the sign-in form).
  await page.getByRole('button', { name: 'Go to the sign-in page' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('E-mail').fill(patient.email);
  await page.getByLabel('Password').fill(patient.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Hello, ${patient.given}` })).toBeVisible();
});

test('(2) the patient sees the next session and subscribes to the calendar', async ({ page, playwright }) => {
  await signIn(page, { email: patient.email, password: patient.password });
  await expect(page.getByRole('heading', { name: `Hello, ${patient.given}` })).toBeVisible();
  await expect(page.getByText(/sessions, about 28 days apart/)).toBeVisible();
  await expect(page.getByTestId('next-session')).toContainText('Session 1');
  await expect(page.getByTestId('next-session')).toContainText(/(Tue|Thu) \d+ \w{3} \d{4}, \d{2}:\d{2}/);
  await expectAccessible(page);
  await screenshots(page, 'portal-home');

  // The calendar file downloads with the session cookie.
  const ics = await page.request.get(await page.getByRole('link', { name: /Download my sessions/ }).getAttribute('href') ?? '');
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain('BEGIN:VEVENT');

  // Subscribing gives an absolute address that works without signing in.
  await page.getByRole('button', { name: 'Subscribe to my calendar' }).click();
  const address = page.getByLabel('My calendar address');
  await expect(address).toHaveValue(/^http:\/\/.+\/api\/v1\/calendar-feeds\/.+\.ics$/);
  await expectAccessible(page);
  await screenshots(page, 'portal-home-subscribed');
  const url = await address.inputValue();
  const anonymous = await playwright.request.newContext();
  const feed = await anonymous.get(url);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  await anonymous.dispose();
});

test('(2) the patient checks a retinol serum on day 1 (avoid) and a bland moisturiser (ok)', async ({ page }) => {
  await signIn(page, { email: patient.email, password: patient.password });
  await page.getByRole('link', { name: 'Product checker' }).click();
  await expect(page.getByRole('heading', { name: 'Product checker' })).toBeVisible();

  // An empty submit names each field and sends nothing.
  await page.getByRole('button', { name: 'Check this product' }).click();
  await expect(page.getByText('Paste the ingredient list from the package.')).toBeVisible();

  await page.getByLabel('Ingredient list (INCI)').fill('Aqua, Glycerin, Retinol, Tocopherol');
  await page.getByLabel('Product type').selectOption('serum');
  await page.getByLabel('Days since my session').fill('1');
  await page.getByRole('button', { name: 'Check this product' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'avoid');
  await expect(page.getByText('Avoid for now')).toBeVisible();
  await expect(page.getByTestId('verdict').getByText('Retinol', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'portal-products');

  await page.getByLabel('Ingredient list (INCI)').fill('Aqua, Glycerin, Cetearyl Alcohol, Dimethicone, Panthenol');
  await page.getByLabel('Product type').selectOption('moisturizer');
  await page.getByRole('button', { name: 'Check this product' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByText('OK to use now')).toBeVisible();
});

test('(2) a check-in with pus raises an urgent alert the clinician sees', async ({ page }) => {
  await signIn(page, { email: patient.email, password: patient.password });
  await page.getByRole('link', { name: 'Check-in' }).click();
  await expect(page.getByRole('heading', { name: 'Daily check-in' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'portal-check-in');
  await page.getByLabel('Day after the session (the session day is 0)').fill('2');
  await page.getByRole('group', { name: /Redness/ }).getByRole('radio', { name: '2', exact: true }).check();
  await page.getByRole('group', { name: /Swelling/ }).getByRole('radio', { name: '1', exact: true }).check();
  await page.getByRole('group', { name: /Pain/ }).getByRole('radio', { name: '3', exact: true }).check();
  await page.getByLabel('Pus, yellow crusts or oozing from the treated skin').check();
  await page.getByRole('group', { name: 'Did you use sunscreen?' }).getByRole('radio', { name: 'Yes' }).check();
  await page.getByRole('group', { name: 'Did you wear makeup?' }).getByRole('radio', { name: 'No' }).check();
  await page.getByRole('button', { name: 'Send my check-in' }).click();
  await expect(page.getByText('The clinic has been alerted urgently')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, DEMO.clinician);
  await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { name: /Urgent/ })).toBeVisible();
  await expect(page.locator('.alert-item--urgent').first()).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-alerts');
});

test('(2a) the clinician records the pus alert as an adverse event in one step', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
  const alert = page.locator('.alert-item--urgent').first();
  await alert.getByRole('button', { name: 'Record adverse event' }).click();
  const form = alert.getByRole('form', { name: 'Record adverse event' });
  // Prefilled from the alert: the protocol's type for a possible infection.
  await expect(form.getByLabel('Type')).toHaveValue('infection');
  await form.getByLabel('Severity').selectOption('moderate');
  await form.getByLabel('Treatment given (optional)').fill('Oral flucloxacillin for 7 days');
  await expectAccessible(page);
  await screenshots(page, 'clinic-adverse-event-from-alert');
  await form.getByRole('button', { name: 'Record adverse event' }).click();
  await expect(page.getByText('Recorded in the adverse-event register.')).toBeVisible();
  await page.getByRole('link', { name: 'Open the register' }).click();
  await expect(page.getByRole('heading', { name: 'Adverse events', level: 1 })).toBeVisible();
  const register = page.locator('#adverse-event-register');
  await expect(register.getByRole('row', { name: /Skin infection/ }).first()).toContainText('Oral flucloxacillin for 7 days');
  await expectAccessible(page);
  await screenshots(page, 'clinic-adverse-event-register');
});

test('(2b) signs of an allergic reaction tell the patient at once to call emergency services', async ({ page }) => {
  await signIn(page, { email: patient.email, password: patient.password });
  await page.getByRole('link', { name: 'Check-in' }).click();
  await page.getByLabel('Day after the session (the session day is 0)').fill('1');
  await page.getByRole('group', { name: /Redness/ }).getByRole('radio', { name: '1', exact: true }).check();
  await page.getByRole('group', { name: /Swelling/ }).getByRole('radio', { name: '3', exact: true }).check();
  await page.getByRole('group', { name: /Pain/ }).getByRole('radio', { name: '2', exact: true }).check();
  await page.getByLabel('Swelling of the face, lips or eyes').check();
  await page.getByLabel('Trouble breathing, a tight throat or wheezing').check();
  await page.getByRole('group', { name: 'Did you use sunscreen?' }).getByRole('radio', { name: 'Yes' }).check();
  await page.getByRole('group', { name: 'Did you wear makeup?' }).getByRole('radio', { name: 'No' }).check();
  await page.getByRole('button', { name: 'Send my check-in' }).click();
  // First on the page, announced at once, in large type: a frightened patient cannot miss it.
  const banner = page.getByRole('alert').first();
  await expect(banner).toHaveClass(/emergency-banner/);
  await expect(banner.getByRole('heading', { name: 'Call emergency services now' })).toBeVisible();
  await expect(banner).toContainText('112');
  await expectAccessible(page);
  await screenshots(page, 'portal-emergency');
});
