// Screenshots of the running dashboard (login, a failed sign-in, the code step, a wrong code, the
// signed-in overview) for design review.
// Usage: DASHBOARD_URL=http://localhost:4200 SANDBOX_URL=http://localhost:3100 node scripts/screenshots.mjs [outDir]
// Needs `npm start` (ng serve, proxying /api), the API with its seeded admin and the Vonage sandbox,
// whose inbox gives away the one-time codes.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium.cjs';

const baseUrl = process.env.DASHBOARD_URL ?? 'http://localhost:4200';
const outDir = process.argv[2] ?? 'screenshots';
const email = process.env.ADMIN_EMAIL ?? 'admin@tabletalk.local';
const password = process.env.ADMIN_PASSWORD ?? 'TableTalk!2026';
const phone = process.env.ADMIN_PHONE ?? '+15550100000';
const sandboxUrl = process.env.SANDBOX_URL ?? 'http://localhost:3100';

/** The code Vonage Verify (the sandbox) sent last to the admin's phone. */
async function latestCode() {
  const response = await fetch(`${sandboxUrl}/_sandbox/verify?to=${encodeURIComponent(phone)}`);
  const requests = await response.json();
  return requests.at(-1).code;
}

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions);

try {
  for (const viewport of [
    { name: 'desktop', width: 1440, height: 900 },
    { name: 'mobile', width: 390, height: 844 },
  ]) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => console.error(`[${viewport.name}] page error:`, error.message));
    const shot = (name) => page.screenshot({ path: `${outDir}/${viewport.name}-${name}.png`, fullPage: true });

    await page.goto(`${baseUrl}/`);
    await page.waitForURL('**/login**');
    await page.getByLabel('Email').waitFor();
    await shot('login');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot('login-error');

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/verify**');
    await page.getByLabel('Sign-in code').waitFor();
    await shot('verify');

    const code = await latestCode();
    const wrongCode = code.replace(/^./, (digit) => String((Number(digit) + 1) % 10));
    await page.getByLabel('Sign-in code').fill(wrongCode);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.locator('#code-error').waitFor();
    await shot('verify-wrong-code');

    await page.getByLabel('Sign-in code').fill(code);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /Good (morning|afternoon|evening)/ })
      .waitFor();
    await shot('overview');

    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').waitFor();
    await shot('signed-out');
    await page.close();
  }
  console.log(`screenshots written to ${outDir}/`);
} finally {
  await browser.close();
}
