import { defineConfig } from '@playwright/test';

// End-to-end tests against the real C++ server, which tests/web/run_e2e.sh starts with a
// fresh SQLite database and passes as SCARWISE_BASE_URL. Debian's chromium only: never
// download a browser. Screenshots go to SCARWISE_ARTIFACTS (default test-results/shots).
const baseURL = process.env.SCARWISE_BASE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: process.env.SCARWISE_PW_OUTPUT ?? 'test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.SCARWISE_CHROMIUM ?? '/usr/bin/chromium',
      chromiumSandbox: false,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    },
  },
});
