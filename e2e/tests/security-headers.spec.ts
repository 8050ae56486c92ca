import { test as plain } from '@playwright/test';
import { expect, test } from './csp';

/** Issue 10: the dashboard is served with a CSP that forbids inline script and framing, nosniff and a Referrer-Policy. */
test('the dashboard answers with its security headers, and its pages run under them', async ({ page, request }) => {
  const response = await request.get('/');
  const csp = response.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self';");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['referrer-policy']).toBe('no-referrer');

  // The pages work under it (the fixture fails the test on any violation).
  await page.goto('/login');
  await expect(page.getByLabel('Email')).toBeVisible();
  await page.goto('/kiosk');
  await expect(page.locator('body')).not.toBeEmpty();
});

plain('an inline script injected into the dashboard does not run', async ({ page }) => {
  await page.goto('/login');
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.appendChild(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
});
