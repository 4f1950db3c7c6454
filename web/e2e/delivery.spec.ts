// Delivery (issue 26, item 10): the app's files arrive precompressed, the content-hashed
// assets cached for a year as immutable, index.html revalidated by its ETag, and an API
// answer over 1 KB compressed for a client that accepts it.
import { expect, test } from './contract';
import { DEMO, signIn } from './support';

test('assets precompressed and immutable, the index revalidated, large API answers compressed', async ({ page }) => {
  const assets: { url: string; encoding?: string; cache?: string }[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/assets/')) {
      assets.push({ url: r.url(), encoding: r.headers()['content-encoding'], cache: r.headers()['cache-control'] });
    }
  });
  const index = await page.goto('/');
  expect(index!.headers()['cache-control']).toBe('no-cache');
  expect(index!.headers()['etag']).toBeTruthy();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  const scripts = assets.filter((a) => a.url.endsWith('.js'));
  expect(scripts.length, 'the main bundle').toBeGreaterThan(0);
  for (const a of assets) {
    expect(a.encoding, a.url).toBe('br');
    expect(a.cache, a.url).toBe('public, max-age=31536000, immutable');
  }
  // gzip for a client without brotli; 304 for a revalidated index.
  const gz = await page.request.get(new URL(scripts[0].url).pathname, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  const again = await page.request.get('/', { headers: { 'If-None-Match': index!.headers()['etag'] } });
  expect(again.status()).toBe(304);

  await signIn(page, DEMO.clinician);
  const answer = await page.request.get('/api/v1/patients?limit=50', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(answer.status()).toBe(200);
  expect((await answer.body()).length, 'the demo patient list is over 1 KB').toBeGreaterThan(1024);
  expect(answer.headers()['content-encoding']).toBe('gzip');
  const small = await page.request.get('/api/v1/me', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(small.headers()['content-encoding'], 'a small answer goes as it is').toBeUndefined();
});
