import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { staff, urls } from '../playwright.config';

const api = `${urls.api}/api`;
const sandbox = `${urls.sandbox}/_sandbox`;

const admin = { email: staff.email, password: staff.password, phone: staff.phone };

interface Customer {
  name: string;
  email: string;
  password: string;
  phone: string;
}

interface PlacedOrder {
  id: string;
  number: number;
  status: string;
}

/** A customer of our own for this run: a fresh email and phone, so earlier runs' texts never count. */
function newCustomer(): Customer {
  const unique = String(Date.now()).slice(-7);
  return {
    name: 'Ada Lovelace',
    email: `ada-${unique}@example.com`,
    password: 'analytical-engine-1843',
    phone: `+1555${unique}`,
  };
}

/** How many one-time codes the sandbox's Verify has sent to `phone` so far. */
async function verifyRequests(request: APIRequestContext, phone: string): Promise<{ code: string }[]> {
  const response = await request.get(`${sandbox}/verify?to=${encodeURIComponent(phone)}`);
  expect(response.ok()).toBe(true);
  return response.json();
}

/** Waits for the code of the Verify request that arrived after `seenBefore` requests to `phone`. */
async function newCode(request: APIRequestContext, phone: string, seenBefore: number): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const requests = await verifyRequests(request, phone);
      code = requests.length > seenBefore ? requests[requests.length - 1].code : '';
      return code;
    })
    .toMatch(/^\d{4,10}$/);
  return code;
}

/** Registers the customer and signs them in (password, then the code their phone got); their access token. */
async function signUpCustomer(request: APIRequestContext, customer: Customer): Promise<string> {
  const registered = await request.post(`${api}/auth/register`, { data: customer });
  expect(registered.status(), await registered.text()).toBe(201);

  const seenBefore = (await verifyRequests(request, customer.phone)).length;
  const login = await request.post(`${api}/auth/login`, {
    data: { email: customer.email, password: customer.password },
  });
  expect(login.ok(), await login.text()).toBe(true);
  const challenge = await login.json();
  if (challenge.accessToken) return challenge.accessToken;

  const code = await newCode(request, customer.phone, seenBefore);
  const verified = await request.post(`${api}/auth/verify`, {
    data: { verifyToken: challenge.verifyToken, code },
  });
  expect(verified.ok(), await verified.text()).toBe(true);
  return (await verified.json()).accessToken;
}

/** Orders two of the first dish on the menu and one of the second, as the customer. */
async function placeOrder(request: APIRequestContext, token: string): Promise<PlacedOrder> {
  const menu: { id: string }[] = (await (await request.get(`${api}/menu`)).json()).items;
  expect(menu.length).toBeGreaterThan(1);
  const placed = await request.post(`${api}/orders`, {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      items: [
        { menuItemId: menu[0].id, quantity: 2 },
        { menuItemId: menu[1].id, quantity: 1 },
      ],
    },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  return placed.json();
}

/** The texts the customer's phone received (the sandbox plays Vonage's Messages API). */
async function textsTo(request: APIRequestContext, phone: string): Promise<string[]> {
  const response = await request.get(`${sandbox}/messages?to=${encodeURIComponent(phone)}`);
  expect(response.ok()).toBe(true);
  const messages: { direction: string; text: string }[] = await response.json();
  return messages.filter((message) => message.direction !== 'inbound').map((message) => message.text);
}

/** Staff sign in through the dashboard: password, then the code the sandbox's Verify sent. */
async function staffSignsIn(page: Page, request: APIRequestContext): Promise<void> {
  const seenBefore = (await verifyRequests(request, admin.phone)).length;
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/verify/);
  await page.getByLabel('Sign-in code').fill(await newCode(request, admin.phone, seenBefore));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
}

test('staff move an order to ready on the board and the customer gets the "is ready" text', async ({
  page,
  request,
}) => {
  const customer = newCustomer();
  const token = await signUpCustomer(request, customer);
  const order = await placeOrder(request, token);
  expect(order.status).toBe('placed');

  await page.goto('/orders');
  await expect(page).toHaveURL(/\/login/);
  await staffSignsIn(page, request);
  await expect(page).toHaveURL(/\/orders$/);

  const card = (column: string) =>
    page.getByRole('region', { name: column }).getByRole('article', { name: `Order #${order.number}` });
  await expect(card('Placed')).toContainText(customer.name);

  await card('Placed').getByRole('button', { name: 'Start preparing' }).click();
  await expect(card('Preparing')).toBeVisible();
  await expect(card('Placed')).toHaveCount(0);

  await card('Preparing').getByRole('button', { name: 'Mark ready' }).click();
  await expect(card('Ready')).toBeVisible();
  await expect(card('Ready').getByRole('button', { name: 'Complete' })).toBeVisible();

  // The customer's phone gets the text Vonage was asked to send.
  await expect
    .poll(() => textsTo(request, customer.phone), { timeout: 20_000 })
    .toContainEqual(expect.stringContaining(`order #${order.number} is ready`));

  // The order's panel tells staff the same: its history and the ready text with how far it got.
  await card('Ready').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/orders/${order.id}$`));
  const panel = page.getByRole('dialog', { name: `Order #${order.number}` });
  await expect(panel.getByRole('list', { name: 'History' }).getByRole('listitem')).toHaveText([
    /Placed.*by customer/,
    /Preparing.*by admin/,
    /Ready.*by admin/,
  ]);
  await expect(panel.getByRole('article', { name: 'Ready message' })).toContainText(`order #${order.number} is ready`);
  await page.screenshot({ path: '../.data/test-results/orders-ready.png', fullPage: true });
});
