// Photographs (issue 22): a clinician uploads a baseline and a follow-up of the same view (the
// follow-up turned, scaled and shifted) and sees them compared, the follow-up aligned to the
// baseline; the patient sees the same comparison in the portal.
import type { Page } from '@playwright/test';
import { expect, test } from './contract';
import { DEMO, expectAccessible, patientId, screenshots, signIn } from './support';

/** A face-like JPEG drawn in the page: `turn` degrees, `scale` and a shift of the same pattern. */
async function facePhoto(page: Page, turn: number, scale: number, shift: [number, number]): Promise<Buffer> {
  const base64 = await page.evaluate(async ([turnDeg, s, dx, dy]) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 1200;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#c3c8cd';
    g.fillRect(0, 0, 1600, 1200);
    g.translate(800 + dx, 600 + dy);
    g.rotate((turnDeg * Math.PI) / 180);
    g.scale(s, s);
    g.translate(-800, -600);
    g.fillStyle = '#d7aa8c';
    g.beginPath();
    g.ellipse(800, 600, 320, 400, 0, 0, 2 * Math.PI);
    g.fill();
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 1500; i++) {
      const shade = 60 + Math.floor(random() * 80);
      g.fillStyle = `rgb(${shade + 40},${shade + 10},${shade})`;
      g.beginPath();
      g.arc(random() * 1600, random() * 1200, 2 + random() * 7, 0, 2 * Math.PI);
      g.fill();
    }
    const blob: Blob = await new Promise((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  }, [turn, scale, shift[0], shift[1]] as const);
  return Buffer.from(base64, 'base64');
}

async function upload(page: Page, visit: number, file: Buffer) {
  await page.getByLabel('View').selectOption('frontal');
  await page.getByLabel(/Visit \(0 = baseline/).fill(String(visit));
  await page.getByTestId('photo-file').setInputFiles({ name: `visit-${visit}.jpg`, mimeType: 'image/jpeg', buffer: file });
  await expect(page.getByRole('img', { name: 'The photo to upload' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload the photo' }).click();
  await expect(page.locator('#photo-saved')).toBeVisible({ timeout: 20_000 });
}

test('a clinician uploads a series and sees the follow-up aligned to the baseline', async ({ page }) => {
  await signIn(page, DEMO.clinician);
  const id = await patientId(page, 'Okafor');
  await page.goto(`/patients/${id}/photos`);
  await expect(page.getByRole('heading', { name: 'Photographs' })).toBeVisible();
  await upload(page, 0, await facePhoto(page, 0, 1, [0, 0]));
  await expect(page.locator('#photo-saved')).toContainText('Baseline of this view.');
  await upload(page, 1, await facePhoto(page, 6, 1.06, [40, -25]));
  await expect(page.locator('#photo-saved')).toContainText('Aligned to the baseline');
  const compare = page.getByTestId('compare-frontal');
  await expect(compare.getByRole('img', { name: /Front, Session 1, aligned to the baseline/ })).toBeVisible();
  await expect(compare.getByText(/Baseline ·/).first()).toBeVisible();
  await compare.getByLabel(/Slide between the baseline/).evaluate((el: HTMLInputElement) => {
    el.value = '20';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(compare.getByTestId('compare-frontal-after')).toHaveAttribute('style', /inset\(0px 0px 0px 20%\)|inset\(0 0 0 20%\)/);
  // Every image is served (signed links); none is broken.
  for (const img of await compare.locator('img').all()) {
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  }
  await expectAccessible(page);
  await screenshots(page, 'clinic-photo-comparison');

  // The patient sees the same comparison in the portal.
  await page.context().clearCookies();
  await signIn(page, DEMO.bea);
  await page.goto('/photos');
  await expect(page.getByTestId('compare-frontal').getByRole('img', { name: /aligned to the baseline/ })).toBeVisible();
  await screenshots(page, 'portal-photos');
});
