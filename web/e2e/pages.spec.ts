// Every main page renders for its role, passes the accessibility check, works at phone
// width, and is captured as a screenshot artefact.
import { expect, test } from './contract';
import { DEMO, expectAccessible, screenshots, signIn, thirdPartyFindings } from './support';

test('sign-in page: errors next to the fields, keyboard only', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'login');
  // Keyboard only: tab to the fields, type, submit with Enter.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail')).toBeFocused();
  await page.keyboard.type(DEMO.ada.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type('wrong-password-123');
  await page.keyboard.press('Enter');
  await expect(page.getByText('The e-mail address or password is not right.')).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue(DEMO.ada.email);
});

test('clinic pages: plan review of a demo proposal, calendar, alerts', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await page.goto('/');
  const firstProposal = page.locator('section', { has: page.getByRole('heading', { name: 'Waiting', exact: true }) }).getByRole('link').first();
  await expect(firstProposal).toBeVisible();
  await firstProposal.click();
  await expect(page.getByRole('heading', { name: 'Treatment plan' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Why: explanation and sources' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('heading', { name: 'Calendar' })).toBeVisible();
  await expect(page.locator('#calendar[data-ready="true"]')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-calendar');
  // The calendar is a third-party widget: its own findings are listed, not failed on.
  const findings = await thirdPartyFindings(page, '#calendar');
  test.info().annotations.push({ type: 'third-party axe findings (#calendar)', description: findings.join('; ') || 'none' });
  console.log(`third-party axe findings in #calendar: ${findings.join('; ') || 'none'}`);

  await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'clinic-alerts');
});

test('portal pages: today, progress, FAQ', async ({ page }) => {
  await signIn(page, DEMO.ada);
  for (const [link, heading, shot] of [['Today', 'Today', 'portal-today'], ['Progress', 'My progress', 'portal-progress'], ['FAQ', 'Questions and answers', 'portal-faq']] as const) {
    await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
    await expectAccessible(page);
    await screenshots(page, shot);
  }
});

test('phone width: the navigation and forms fit the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, DEMO.clinician);
  await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a session that ends mid-form asks to sign in again and keeps the input', async ({ page, context }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto('/patients?new=1');
  await page.getByLabel('Given name').fill('Kept');
  await page.getByLabel('Family name').fill('Input');
  await page.getByLabel('Date of birth').fill('1990-01-02');
  await page.getByLabel('Fitzpatrick skin type').selectOption('2');
  await context.clearCookies();
  await page.getByRole('button', { name: 'Register patient' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('E-mail')).toHaveValue(DEMO.coordinator.email);
  await dialog.getByLabel('Password').fill(DEMO.coordinator.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Family name')).toHaveValue('Input');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name: 'Kept Input' })).toBeVisible();
});
