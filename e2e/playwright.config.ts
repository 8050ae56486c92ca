import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/chromium.cjs';

/**
 * Browser tests run the whole system (`scripts/stack.mjs --test`: in-memory database, sandbox,
 * built API, dashboard) on ports of their own, so a running development stack does not clash.
 * The browser is Debian's Chromium: nothing is downloaded.
 */
// E2E_PORT_OFFSET moves the whole set, so two checkouts on one machine can run their browser tests at once.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const ports = { api: 3300 + offset, dashboard: 4300 + offset, sandbox: 3400 + offset, db: 27300 + offset };
/** Where the tests reach the API and the sandbox directly: the started stack, or a deployment's. */
export const urls = {
  api: (process.env.TABLETALK_API_URL ?? `http://127.0.0.1:${ports.api}`).replace(/\/+$/, ''),
  sandbox: (process.env.TABLETALK_SANDBOX_URL ?? `http://127.0.0.1:${ports.sandbox}`).replace(/\/+$/, ''),
};
/** The staff account the tests sign in with (the seeded admin unless QA names another). */
export const staff = {
  email: process.env.TABLETALK_STAFF_EMAIL ?? 'admin@tabletalk.local',
  password: process.env.TABLETALK_STAFF_PASSWORD ?? 'TableTalk!2026',
  phone: process.env.TABLETALK_STAFF_PHONE ?? '+15550100000',
};

// QA: TABLETALK_DASHBOARD_URL points the suite at a running deployment instead (nothing is started);
// TABLETALK_API_URL and TABLETALK_SANDBOX_URL name its API and Vonage sandbox (see README, Tests).
const external = process.env.TABLETALK_DASHBOARD_URL;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: '../.data/test-results',
  use: {
    baseURL: external ?? `http://127.0.0.1:${ports.dashboard}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  webServer: external
    ? undefined
    : {
        command: 'node ../scripts/stack.mjs --test',
        url: `http://127.0.0.1:${ports.dashboard}/`,
        timeout: 240_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        env: {
          PORT: String(ports.api),
          DASHBOARD_PORT: String(ports.dashboard),
          SANDBOX_PORT: String(ports.sandbox),
          DB_PORT: String(ports.db),
          // Every sign-in of the suite comes from this one address; 10 a minute (the default) is for real clients.
          AUTH_THROTTLE_LIMIT: '1000',
        },
      },
});
