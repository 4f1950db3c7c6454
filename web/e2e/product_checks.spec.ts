// The patient's product checks are kept in her record: the check she runs now appears at the
// top of "My earlier checks", with its verdict.
import { expect, test } from './contract';
import { DEMO, expectAccessible, screenshots, signIn } from './support';

test('a patient runs a product check and sees it under "My earlier checks"', async ({ page }) => {
  await signIn(page, DEMO.ada);
  await page.getByRole('navigation').getByRole('link', { name: 'Product checker' }).click();
  await expect(page.getByRole('heading', { name: 'Product checker' })).toBeVisible();
  const earlier = page.locator('section', { has: page.getByRole('heading', { name: 'My earlier checks' }) });
  await expect(earlier.getByText(/No checks yet|Check this list again/).first()).toBeVisible();
  // (Counted, so the test also holds against a database that already has checks.)
  const before = await earlier.getByRole('listitem').count();

  const inci = 'Aqua, Glycerin, Niacinamide, Retinol, Tocopherol';
  await page.getByLabel('Ingredient list (INCI)').fill(inci);
  await page.getByLabel('Product type').selectOption('serum');
  await page.getByLabel('Days since my session').fill('1');
  await page.getByRole('button', { name: 'Check this product' }).click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'avoid');

  const items = page.getByTestId('earlier-checks').getByRole('listitem');
  await expect(items).toHaveCount(before + 1);
  const newest = items.first();
  await expect(newest).toContainText('Aqua, Glycerin, Niacinamide, Retinol, …');
  await expect(newest).toContainText('Serum');
  await expect(newest).toContainText('day 1 after the session');
  await expect(newest).toContainText('Because of Retinol');
  await expect(newest).toHaveAttribute('data-verdict', 'avoid');
  await expectAccessible(page);
  await screenshots(page, 'portal-products-earlier');

  // "Check this list again" puts the list back into the form.
  await page.getByLabel('Ingredient list (INCI)').fill('');
  await newest.getByRole('button', { name: /^Check this list again/ }).click();
  await expect(page.getByLabel('Ingredient list (INCI)')).toHaveValue(inci);
  await expect(page.getByLabel('Ingredient list (INCI)')).toBeFocused();

  // The server kept it in her record.
  const me = await (await page.request.get('/api/v1/me')).json();
  const kept = (await (await page.request.get(`/api/v1/patients/${me.patient_id}/product-checks`)).json()).items;
  expect(kept).toHaveLength(before + 1);
  expect(kept[0].inci).toBe(inci);
  expect(kept[0].product_type).toBe('serum');
  expect(kept[0].result.verdict).toBe('avoid');
});
