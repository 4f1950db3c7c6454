// Proof flow (3): a patient cannot open another patient's page, in the app or through the API.
import { expect, test } from './contract';
import { DEMO, expectAccessible, screenshots, signIn } from './support';

test('(3) a patient cannot open another patient\'s page', async ({ page, playwright, baseURL }) => {
  // Béatrice's record id, as staff see it.
  const staff = await playwright.request.newContext({ baseURL });
  const login = await staff.post('/api/v1/auth/login', { data: DEMO.clinician });
  expect(login.ok()).toBeTruthy();
  const list = await (await staff.get('/api/v1/patients?q=Okafor')).json();
  const bea = list.items.find((p: { family_name: string }) => p.family_name === 'Okafor');
  expect(bea).toBeTruthy();
  await staff.dispose();

  await signIn(page, DEMO.ada);
  await expect(page.getByRole('heading', { name: 'Hello, Ada' })).toBeVisible();
  const me = await (await page.request.get('/api/v1/me')).json();

  await page.goto(`/patients/${bea.id}`);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText('Okafor')).toHaveCount(0);
  await expectAccessible(page);

  // The server is the guard: the API answers 404 for her record and 200 for Ada's own.
  for (const path of [`/api/v1/patients/${bea.id}`, `/api/v1/patients/${bea.id}/plans`, `/api/v1/patients/${bea.id}/assessments`]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain('Okafor');
  }
  expect((await page.request.get(`/api/v1/patients/${me.patient_id}`)).status()).toBe(200);
  // Staff-only lists are refused.
  expect((await page.request.get('/api/v1/patients')).status()).toBe(403);
});

test('writes without the CSRF header are refused; the app sends it', async ({ page }) => {
  await signIn(page, DEMO.ada);
  const without = await page.request.post('/api/v1/product-checks', { data: { inci: 'Aqua', day: 0 } });
  expect(without.status()).toBe(403);
  const ok = await page.evaluate(async () => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('scarwise_csrf='))?.split('=')[1] ?? '';
    const r = await fetch('/api/v1/product-checks', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify({ inci: 'Aqua', day: 0 }) });
    return r.status;
  });
  expect(ok).toBe(200);
  await screenshots(page, 'portal-home-ada');
});
