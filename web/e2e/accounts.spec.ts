// Accounts (admin): a staff account is added with its errors next to the fields; disabled, it
// can no longer sign in, and enabled again it can; others do not see the page.
import type { Page } from '@playwright/test';
import { expect, test } from './contract';
import { DEMO, expectAccessible, runId, screenshots, signIn } from './support';

async function openAccounts(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible();
  await expect(page.getByTestId('accounts').first()).toBeVisible();
}

test('the admin adds a staff account, disables it and enables it again', async ({ page, browser }) => {
  await signIn(page, DEMO.admin);
  await openAccounts(page);
  await expect(page.getByTestId('accounts').getByText(DEMO.admin.email)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'accounts');

  const form = page.getByRole('form', { name: 'Add a staff account' });
  await form.getByRole('button', { name: 'Add the account' }).click();
  await expect(form.getByText('Enter the name.')).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');

  const email = `locum-${runId()}@clinic.example`;
  await form.getByLabel('Name').fill('Dr Locum');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('First password').fill('short');
  await form.getByRole('button', { name: 'Add the account' }).click();
  await expect(form.getByLabel('First password')).toHaveAttribute('aria-invalid', 'true'); // the server's rule
  await form.getByLabel('First password').fill('a long first password 7');
  await form.getByRole('button', { name: 'Add the account' }).click();
  await expect(page.getByText(`Dr Locum can now sign in as clinician with ${email}.`)).toBeVisible();

  const row = page.getByTestId('accounts').getByRole('row').filter({ hasText: email });
  await row.getByRole('button', { name: 'Disable the account of Dr Locum' }).click();
  await page.getByRole('dialog', { name: 'Disable the account of Dr Locum?' }).getByRole('button', { name: 'Disable the account' }).click();
  await expect(row.getByText('Disabled')).toBeVisible();
  const locum = await browser.newPage();
  await locum.goto('/');
  await locum.getByLabel('E-mail').fill(email);
  await locum.getByLabel('Password').fill('a long first password 7');
  await locum.getByRole('button', { name: 'Sign in' }).click();
  await expect(locum.getByRole('alert')).toBeVisible();
  await expect(locum.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Enable the account of Dr Locum' }).click();
  await expect(row.getByText('Active')).toBeVisible();
  await signIn(locum, { email, password: 'a long first password 7' });
  await locum.close();
});

test('only the admin sees the accounts', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Accounts' })).toHaveCount(0);
  await page.goto('/accounts');
  await expect(page.getByText('Only an administrator can see and change the clinic\'s accounts.')).toBeVisible();
});
