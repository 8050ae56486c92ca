import { expect, test } from '@playwright/test';
import { watchCsp } from './csp';
import { customerSignsUpAtKiosk, kioskOrders, liveAlertsMode, newCustomer, staffSignsIn } from './live-helpers';

/**
 * Issue #11 in the browser: the board, the kiosk and the toast follow GET /api/events, with no
 * reload and no polling while the stream is up.
 */

test('the board shows a kiosk order without a reload, and the kiosk sees it go to ready', async ({
  browser,
  request,
}) => {
  const staffContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const customerContext = await browser.newContext({ viewport: { width: 900, height: 900 } });
  // The stream (EventSource) and the chime run under the dashboard's Content-Security-Policy.
  const cspChecks = await Promise.all([watchCsp(staffContext), watchCsp(customerContext)]);
  const staff = await staffContext.newPage();
  const kiosk = await customerContext.newPage();
  const pageErrors: string[] = [];
  staff.on('pageerror', (error) => pageErrors.push(`staff: ${error.message}`));
  kiosk.on('pageerror', (error) => pageErrors.push(`kiosk: ${error.message}`));

  await staffSignsIn(staff, request, '/orders');
  await expect(staff.getByRole('status').filter({ hasText: /^\s*Live\s*$/ })).toBeVisible();
  // From here on the board may not ask for the list on its own: only the stream can bring the order.
  let listReads = 0;
  staff.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/orders' && r.method() === 'GET') listReads++;
  });
  const navigations: string[] = [];
  staff.on('framenavigated', (frame) => frame === staff.mainFrame() && navigations.push(frame.url()));

  const customer = newCustomer();
  await customerSignsUpAtKiosk(kiosk, request, customer);
  const number = await kioskOrders(kiosk);
  await expect(kiosk.getByRole('status').filter({ hasText: 'Status:' })).toContainText('Received');

  const card = (column: string) =>
    staff.getByRole('region', { name: column }).getByRole('article', { name: new RegExp(`^Order #${number}`) });
  await expect(card('Placed')).toContainText(customer.name);
  // New orders stay highlighted until someone opens or moves them.
  await expect(card('Placed')).toHaveClass(/fresh/);
  await expect(card('Placed').getByText('New', { exact: true })).toBeVisible();
  expect(navigations).toEqual([]);
  // The order.created event brought it (one read of the list for the card's items), not the 5 s poll.
  expect(listReads).toBeLessThanOrEqual(1);
  await staff.screenshot({ path: '../.data/live-shots/board-new-order.png' });

  await card('Placed').getByRole('button', { name: 'Start preparing' }).click();
  await expect(card('Preparing')).toBeVisible();
  await expect(card('Preparing')).not.toHaveClass(/fresh/);
  await expect(kiosk.getByRole('status').filter({ hasText: 'Status:' })).toContainText('Being prepared');
  await card('Preparing').getByRole('button', { name: 'Mark ready' }).click();
  await expect(kiosk.getByRole('status').filter({ hasText: 'Status:' })).toContainText('Ready');
  await kiosk.screenshot({ path: '../.data/live-shots/kiosk-ready.png', fullPage: true });
  expect(pageErrors).toEqual([]);
  for (const check of cspChecks) check();

  await staffContext.close();
  await customerContext.close();
});

test('with LIVE_ALERTS=stream the support toast comes from the stream (no Vonage client session)', async ({
  browser,
  request,
}) => {
  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const customerContext = await browser.newContext({ viewport: { width: 900, height: 900 } });
  await liveAlertsMode(staffContext, 'stream');
  // Proof that the toast is not the Conversations path: the Vonage client token is never issued.
  let vonageSessions = 0;
  await staffContext.route('**/api/jwt', (route) => {
    vonageSessions++;
    return route.abort();
  });
  const staff = await staffContext.newPage();
  const kiosk = await customerContext.newPage();

  await staffSignsIn(staff, request, '/support');
  await expect(staff.getByRole('heading', { name: 'Support requests' })).toBeVisible();
  await expect(staff.getByRole('status').filter({ hasText: 'Live' }).first()).toBeVisible();

  const customer = newCustomer('Katherine Johnson');
  await customerSignsUpAtKiosk(kiosk, request, customer);
  const number = await kioskOrders(kiosk);
  const supportCall = kiosk.waitForResponse((response) => response.url().endsWith('/support-call'));
  await kiosk.getByRole('button', { name: 'Need help?' }).click();
  const call = (await (await supportCall).json()) as { id: string };
  // The kiosk joins its own call page (Video API provider, issue #12).
  await expect(kiosk).toHaveURL(new RegExp(`/kiosk/call/${call.id}$`));

  const toast = staff.locator('.toast-support');
  await expect(toast).toBeVisible();
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText(`${customer.email} requested support on order #${number}`);
  await expect(toast.getByRole('link', { name: 'Join call' })).toHaveAttribute('href', `/support/${call.id}/call`);
  // The panel lists it too, without a reload.
  await expect(staff.locator('li.request', { hasText: `Order #${number}` })).toBeVisible();
  await staff.screenshot({ path: '../.data/live-shots/stream-toast.png' });
  expect(vonageSessions).toBe(0);

  await staffContext.close();
  await customerContext.close();
});
