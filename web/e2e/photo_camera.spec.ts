// Photographs taken with the device's camera (issue 22): Chromium's fake camera stands in for
// the tablet's, the clinician takes a left-90° photo for the record and for teaching, and the
// server keeps it with that view. Then the patient withdraws teaching: the photo already taken
// is no longer usable for it, and the photo list says so.
import { expect, test } from './contract';
import config from '../playwright.config';
import { apiPost, DEMO, expectAccessible, patientId, screenshots, signIn } from './support';
import type { Photo } from '../src/api/types';

// The camera: Chromium's fake device (a moving test pattern), permission granted without a prompt.
const launch = config.use?.launchOptions ?? {};
test.use({
  launchOptions: { ...launch, args: [...(launch.args ?? []), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] },
  permissions: ['camera'],
});

async function photosOf(page: import('@playwright/test').Page, id: number): Promise<Photo[]> {
  return (await (await page.request.get(`/api/v1/patients/${id}/photos`)).json()).items;
}

test('a photo taken with the camera is stored with its view, and a withdrawn teaching consent takes that use off it', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  const id = await patientId(page, 'Wei');
  // The patient consents to teaching on the clinic's tablet (as the API records a handed-over signature).
  const texts = await (await page.request.get('/api/v1/consent-texts')).json();
  const teaching = texts.items.find((t: { purpose: string }) => t.purpose === 'photos_teaching');
  const signed = await apiPost(page, `/api/v1/patients/${id}/consents`, {
    purpose: 'photos_teaching', text_version: teaching.version, text_sha256: teaching.sha256, signer: 'patient', signer_name: 'Chen Wei',
    signature_svg_path: 'M 10 20 L 30 40 L 50 10',
  });
  expect(signed.status(), await signed.text()).toBe(201);
  const before = new Set((await photosOf(page, id)).map((p) => p.id));

  await page.goto(`/patients/${id}/photos`);
  await expect(page.getByRole('heading', { name: 'Photographs' })).toBeVisible();
  await page.getByLabel('View').selectOption('left_90');
  await page.getByLabel(/Visit \(0 = baseline/).fill('0');
  await page.getByLabel('Teaching', { exact: true }).check();
  await page.getByRole('button', { name: 'Use the camera' }).click();
  const video = page.getByLabel("The camera's picture");
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await expectAccessible(page);
  await screenshots(page, 'clinic-photo-camera');
  await page.getByRole('button', { name: 'Take the photo' }).click();
  await expect(page.getByRole('img', { name: 'The photo to upload' })).toBeVisible();
  await expect(video).toBeHidden();
  await page.getByRole('button', { name: 'Upload the photo' }).click();
  await expect(page.locator('#photo-saved')).toContainText('Baseline of this view.', { timeout: 20_000 });

  // The server has it: the camera's frame as a JPEG, with the view and uses chosen.
  const photos = await photosOf(page, id);
  expect(photos).toHaveLength(before.size + 1);
  const taken = photos.find((p) => !before.has(p.id) && p.view === 'left_90')!;
  expect(taken, 'the captured photo, of the left 90° view').toBeTruthy();
  expect(taken.visit).toBe(0);
  expect(taken.content_type).toBe('image/jpeg');
  expect(taken.purposes.sort()).toEqual(['photos_record', 'photos_teaching']);
  expect(taken.width).toBeGreaterThan(0);
  const original = await page.request.get(taken.urls.original!);
  expect(original.status()).toBe(200);
  expect((await original.body()).subarray(0, 3).toString('hex')).toBe('ffd8ff');
  const uses = page.getByTestId('photo-uses');
  await expect(uses.locator(`tr[data-photo="${taken.id}"]`)).toContainText('Medical record, Teaching');

  // Withdrawn on the consent page: at once, the photo is no longer usable for teaching.
  const withdrawn = await apiPost(page, `/api/v1/patients/${id}/consents/withdraw`, { purpose: 'photos_teaching' });
  expect(withdrawn.status()).toBe(200);
  const after = (await photosOf(page, id)).find((p) => p.id === taken.id)!;
  expect(after.purposes).toEqual(['photos_record']);
  expect(after.withdrawn_purposes).toEqual(['photos_teaching']);
  await page.reload();
  const row = page.getByTestId('photo-uses').locator(`tr[data-photo="${taken.id}"]`);
  await expect(row.locator('td').nth(1)).toHaveText('Medical record');
  await expect(row.locator('td').nth(2)).toHaveText('Teaching');
  await expectAccessible(page);
  await screenshots(page, 'clinic-photo-uses-after-withdrawal');
});
