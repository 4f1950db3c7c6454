// The dashboard's and the portal home's load on a slow line (issue 26, item 11): requests,
// bytes on the wire and first-content time, on a connection throttled by Chromium itself
// (CDP Network.emulateNetworkConditions: 150 ms round trip, 1.6 Mbit/s), the cache off.
// A measurement, not a check: it runs only when SCARWISE_BENCH_URLS names the servers to
// measure ("label=http://host:port,..."), e.g. the app before and after a change; the
// numbers are printed (docs/benchmarks.md records them).
//   SCARWISE_BENCH_URLS="before=http://127.0.0.1:18302,after=http://127.0.0.1:18303" npx playwright test e2e/load_budget.spec.ts
import type { Browser } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { DEMO } from './support';

const servers = (process.env.SCARWISE_BENCH_URLS ?? '').split(',').filter(Boolean).map((s) => s.split('=') as [string, string]);
const RTT_MS = 150;
const BYTES_PER_S = 1_600_000 / 8;

interface Load { requests: number; api: number; bytes: number; fcp: number; ready: number }

/** Signs in on `base` unthrottled, then loads `route` cold on the throttled line until `ready` shows and the network is idle. */
async function measure(browser: Browser, base: string, who: { email: string; password: string }, route: string, ready: string): Promise<Load> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto('about:blank');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT_MS, downloadThroughput: BYTES_PER_S, uploadThroughput: BYTES_PER_S });
  let requests = 0, api = 0, bytes = 0;
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string } }) => {
    requests++;
    if (new URL(e.request.url).pathname.startsWith('/api/')) api++;
  });
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => { bytes += e.encodedDataLength; });
  await page.goto(route);
  await page.locator(ready).first().waitFor();
  await expect(page.locator('.loading')).toHaveCount(0, { timeout: 120_000 });
  const readyMs = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
  await context.close();
  return { requests, api, bytes, fcp, ready: readyMs };
}

test('load of the dashboard and the portal home on a throttled line', async ({ browser }) => {
  test.skip(servers.length === 0, 'set SCARWISE_BENCH_URLS to measure');
  test.setTimeout(600_000);
  const rows: string[] = [];
  for (const [label, base] of servers) {
    for (const [page, who, route, ready] of [
      ['dashboard (clinician)', DEMO.clinician, '/', 'h2#waiting-h'],
      ['portal home (Ada)', DEMO.ada, '/', '[data-testid="next-session"]'],
    ] as const) {
      const runs: Load[] = [];
      for (let i = 0; i < 3; i++) runs.push(await measure(browser, base, who, route, ready));
      const median = (f: (l: Load) => number) => runs.map(f).sort((a, b) => a - b)[1];
      rows.push(`| ${label} | ${page} | ${median((l) => l.requests)} (${median((l) => l.api)} API) | ${(median((l) => l.bytes) / 1024).toFixed(1)} KiB | ${median((l) => l.fcp).toFixed(0)} ms | ${median((l) => l.ready).toFixed(0)} ms |`);
    }
  }
  console.log(['| build | page | requests | bytes (wire) | first contentful paint | content ready |', '|---|---|---|---|---|---|', ...rows].join('\n'));
});
