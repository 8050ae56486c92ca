import { expect, type Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { admin, customerSignsUpAtKiosk, kioskOrders, newCustomer, staffSignsIn } from './live-helpers';

/**
 * WCAG 2.2 AA on every page, checked with axe-core in Chromium as a new user would see it:
 * signed out, as staff (with orders on the board), and at the kiosk.
 */
// Evaluated through the DevTools protocol rather than a <script> tag: the dashboard's CSP (rightly)
// refuses inline scripts, and the pages are checked under their real headers.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

async function violations(page: Page): Promise<string[]> {
  // Let entry animations finish: axe measures colours as they are on screen.
  await page.waitForTimeout(400);
  await page.evaluate(axeSource);
  const { found, passed } = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return { found: result.violations, passed: result.passes.length };
  }, TAGS);
  // axe really ran (colour contrast, names, landmarks…): an empty result is not a silent no-op.
  expect(passed).toBeGreaterThan(5);
  return found.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}`,
    ),
  );
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  const found = await violations(page);
  await page.screenshot({ path: `../.data/a11y-shots/${name}.png`, fullPage: true });
  // Soft: one run lists every page's violations.
  expect.soft(found, `${name}: ${found.length} axe violations`).toEqual([]);
}

test('every page passes axe (WCAG 2.2 AA) with 0 violations', async ({ browser, request }) => {
  const staffContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const kioskContext = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const staff = await staffContext.newPage();
  const kiosk = await kioskContext.newPage();

  // Signed out.
  await staff.goto('/login');
  await expect(staff.getByLabel('Email')).toBeVisible();
  await expectAccessible(staff, 'login');
  await staff.goto('/invite');
  await expect(staff.getByRole('heading', { name: 'Set your password' })).toBeVisible();
  await expectAccessible(staff, 'invite');
  await kiosk.goto('/kiosk');
  await expect(kiosk.getByLabel('Your name')).toBeVisible();
  await expectAccessible(kiosk, 'kiosk-sign-up');

  // The kiosk puts three orders on the board; staff move two of them on.
  const customer = newCustomer('Ada Lovelace');
  await customerSignsUpAtKiosk(kiosk, request, customer);
  await expectAccessible(kiosk, 'kiosk-menu');
  const numbers: number[] = [];
  for (let i = 0; i < 3; i++) {
    numbers.push(await kioskOrders(kiosk));
    if (i < 2) await kiosk.getByRole('button', { name: 'Order something else' }).click();
  }
  await expectAccessible(kiosk, 'kiosk-order-placed');

  await staffSignsIn(staff, request, '/');
  await expectAccessible(staff, 'overview');
  await staff.goto('/orders');
  const card = (column: string, number: number) =>
    staff.getByRole('region', { name: column }).getByRole('article', { name: new RegExp(`^Order #${number}`) });
  await expect(card('Placed', numbers[2])).toBeVisible();
  await card('Placed', numbers[0]).getByRole('button', { name: 'Start preparing' }).click();
  await card('Preparing', numbers[0]).getByRole('button', { name: 'Mark ready' }).click();
  await card('Placed', numbers[1]).getByRole('button', { name: 'Start preparing' }).click();
  await expect(card('Ready', numbers[0])).toBeVisible();
  await expect(card('Preparing', numbers[1])).toBeVisible();
  await expectAccessible(staff, 'orders-board');
  await card('Ready', numbers[0]).getByRole('link').click();
  await expect(staff.getByRole('dialog')).toBeVisible();
  await expectAccessible(staff, 'order-detail');
  await staff.goto('/orders');
  await staff.getByRole('button', { name: 'Completed & cancelled' }).click();
  await expectAccessible(staff, 'orders-finished');
  await staff.goto('/menu');
  await expect(staff.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(staff, 'menu');

  await staff.goto('/users');
  await expect(staff.getByRole('heading', { name: 'Team', exact: true })).toBeVisible();
  await expect(staff.getByText(admin.email).first()).toBeVisible();
  await expectAccessible(staff, 'team');

  // Webhooks (issue #17): an endpoint just added (its secret shown once) and its delivery log.
  await staff.goto('/webhooks');
  await expect(staff.getByRole('heading', { name: 'Webhooks', exact: true })).toBeVisible();
  await expect(staff.getByText('No endpoints yet.')).toBeVisible();
  await staff.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/hooks');
  await staff.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(staff.getByText(/^whsec_/)).toBeVisible();
  await staff.getByRole('button', { name: 'Deliveries of http://127.0.0.1:9/hooks' }).click();
  await expect(staff.getByRole('heading', { name: /^Deliveries to/ })).toBeVisible();
  await expectAccessible(staff, 'webhooks');

  // A support request, so the support page has a row (and the toast is on screen).
  await kiosk.getByRole('button', { name: 'Need help?' }).click();
  // The kiosk's call page (this browser has no camera: it says so, which is a state to check too).
  await expect(kiosk).toHaveURL(/\/kiosk\/call\//);
  await expect(kiosk.locator('.call-state')).toHaveText(
    /No camera or microphone was found|Camera or microphone access was refused/,
  );
  await expectAccessible(kiosk, 'kiosk-call');
  await staff.goto('/support');
  await expect(staff.locator('li.request').first()).toBeVisible();
  await expectAccessible(staff, 'support');
  await staff
    .locator('li.request')
    .first()
    .getByRole('link', { name: /^Join the call/ })
    .click();
  await expect(staff).toHaveURL(/\/support\/[0-9a-f]{24}\/call$/);
  await expect(staff.locator('.call-state')).not.toHaveText('Starting your camera…');
  await expectAccessible(staff, 'staff-call');

  await staffContext.close();
  await kioskContext.close();
});
