// Consent (issue 22): a patient reads and signs a consent on a phone-sized page, sees what was
// signed (with its PDF) and withdraws it, effective at once.
import { expect, test } from './contract';
import { DEMO, expectAccessible, screenshots, signConsent, signIn } from './support';

test('a patient signs the teaching-photographs consent on a phone and withdraws it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, DEMO.bea);
  await page.goto('/consent');
  await expect(page.getByRole('heading', { name: 'Your consent' })).toBeVisible();
  // The demo patient signed the treatment consent at the clinic.
  await expect(page.getByTestId('consent-treatment').getByText('Signed', { exact: true })).toBeVisible();
  const title = 'Consent to photographs for teaching';
  const form = page.getByRole('form', { name: title });
  await expect(form.getByRole('heading', { name: 'What this allows' })).toBeVisible();
  // Signing without a signature names what is missing.
  await form.getByLabel(/Your full name/).fill('Béatrice Okafor');
  await form.getByLabel('I have read this text and I agree').check();
  await form.getByRole('button', { name: `Sign: ${title}` }).click();
  await expect(form.getByText('Sign in the box, or tick that your typed name is your signature.')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'portal-consent-form');
  await signConsent(page, title, 'Béatrice Okafor');
  const signed = page.getByTestId('consent-photos_teaching');
  await expect(signed.getByText(/by Béatrice Okafor/)).toBeVisible();
  const pdf = await page.request.get(await signed.getByRole('link', { name: 'The signed consent (PDF)' }).getAttribute('href') ?? '');
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await screenshots(page, 'portal-consent-signed');
  await signed.getByRole('button', { name: 'Withdraw this consent' }).click();
  await expect(page.getByRole('form', { name: title })).toBeVisible();
});

test('a patient who cannot draw signs with the typed name, keyboard only', async ({ page }) => {
  await signIn(page, DEMO.ada);
  await page.goto('/consent');
  const title = 'Consent to photographs for the clinic\'s publicity';
  const form = page.getByRole('form', { name: title });
  await form.getByLabel(/Your full name/).focus();
  await page.keyboard.type('Ada Lindqvist');
  await form.getByLabel('I cannot draw a signature: my typed name is my signature').focus();
  await page.keyboard.press('Space');
  await expect(form.getByTestId('signature-pad')).toHaveCount(0);
  await form.getByLabel('I have read this text and I agree').focus();
  await page.keyboard.press('Space');
  await form.getByRole('button', { name: `Sign: ${title}` }).focus();
  await page.keyboard.press('Enter');
  const signed = page.getByTestId('consent-photos_marketing');
  await expect(signed.getByText(/typed name/)).toBeVisible();
  await signed.getByRole('button', { name: 'Withdraw this consent' }).click();
  await expect(page.getByRole('form', { name: title })).toBeVisible();
});
