// Import & export (admin, issue 24): a patients CSV file is checked first - its bad row listed
// by line and column, its duplicate reported - and nothing is written until the admin imports
// the valid rows; the lists' CSV links download. Other roles see only a notice.
import { expect, test } from './contract';
import { DEMO, expectAccessible, runId, screenshots, signIn } from './support';

test('the admin checks a patients file, sees its problems by line, and imports the valid rows only', async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole('navigation').getByRole('link', { name: 'Import & export' }).click();
  await expect(page.getByRole('heading', { name: 'Import & export', level: 1 })).toBeVisible();

  const id = runId();
  const file = [
    'given_name,family_name,birth_date,sex,email,phone,fitzpatrick',
    `Ines,Import ${id},1984-03-03,female,ines.${id}@import.test,,2`,
    `Bad,Date ${id},1984-02-30,female,bad.${id}@import.test,,2`,
    `Ines,Import ${id},1984-03-03,female,other.${id}@import.test,,2`,
    `Olaf,Import ${id},1979-07-07,male,,,7`,
    `Pia,Import ${id},1990-10-10,female,pia.${id}@import.test,+31 20 555 0101,4`,
  ].join('\r\n') + '\r\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await page.getByRole('button', { name: 'Check the file' }).click();

  const report = page.getByTestId('import-report');
  await expect(report).toContainText('5 rows: 2 ready to import, 2 with problems, 1 duplicates');
  const problems = report.getByRole('table', { name: 'Problems' });
  await expect(problems.getByRole('row').filter({ hasText: 'birth_date' })).toContainText('3');
  await expect(problems.getByRole('row').filter({ hasText: 'fitzpatrick' })).toContainText('5');
  await report.getByText('Duplicates (1)').click();
  await expect(report.getByText(/Line 4: same name and birth date as line 2/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'data-import-report');

  // Nothing written by the check.
  const search = async () =>
    (await (await page.request.get('/api/v1/exports/patients.csv')).text()).split('\r\n').filter((l) => l.includes(`Import ${id}`)).length;
  expect(await search()).toBe(0);

  await report.getByRole('button', { name: 'Import the 2 valid rows only' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('2 patients were added');
  expect(await search()).toBe(2);
  await screenshots(page, 'data-import-done');

  // The same file again: the imported rows are duplicates now, none is added twice.
  await page.getByTestId('import-file').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByTestId('import-report')).toContainText('0 ready to import');

  // The lists download as CSV.
  for (const name of ['Patients (CSV)', 'Outcomes per course (CSV)', 'Adverse events (CSV)', 'Audit log (CSV)']) {
    const href = await page.getByRole('link', { name }).getAttribute('href');
    const got = await page.request.get(href!);
    expect(got.status(), name).toBe(200);
    expect(got.headers()['content-type'], name).toContain('text/csv');
  }
});

test('a clinician sees that only an administrator imports and exports', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  await page.goto('/data');
  await expect(page.getByText('Only an administrator can import patients and export the clinic\'s lists.')).toBeVisible();
  await expect(page.getByTestId('import-file')).toHaveCount(0);
});
