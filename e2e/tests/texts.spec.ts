import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { ports } from '../playwright.config';

const api = `http://127.0.0.1:${ports.api}/api`;
const sandbox = `http://127.0.0.1:${ports.sandbox}/_sandbox`;
const admin = { email: 'admin@tabletalk.local', password: 'TableTalk!2026', phone: '+15550100000' };

async function verifyCount(request: APIRequestContext, phone: string): Promise<number> {
  return ((await (await request.get(`${sandbox}/verify?to=${encodeURIComponent(phone)}`)).json()) as unknown[]).length;
}

async function newCode(request: APIRequestContext, phone: string, seenBefore: number): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const requests: { code: string }[] = await (
        await request.get(`${sandbox}/verify?to=${encodeURIComponent(phone)}`)
      ).json();
      code = requests.length > seenBefore ? requests[requests.length - 1].code : '';
      return code;
    })
    .toMatch(/^\d{4,10}$/);
  return code;
}

async function signUpCustomer(request: APIRequestContext): Promise<{ token: string; phone: string }> {
  const unique = String(Date.now()).slice(-7);
  const customer = {
    name: 'Grace Hopper',
    email: `grace-${unique}@example.com`,
    password: 'compiler-1952-cobol',
    phone: `+1555${unique}`,
  };
  expect((await request.post(`${api}/auth/register`, { data: customer })).status()).toBe(201);
  const seenBefore = await verifyCount(request, customer.phone);
  const challenge = await (
    await request.post(`${api}/auth/login`, { data: { email: customer.email, password: customer.password } })
  ).json();
  if (challenge.accessToken) return { token: challenge.accessToken, phone: customer.phone };
  const code = await newCode(request, customer.phone, seenBefore);
  const verified = await request.post(`${api}/auth/verify`, { data: { verifyToken: challenge.verifyToken, code } });
  return { token: (await verified.json()).accessToken, phone: customer.phone };
}

async function staffSignsIn(page: Page, request: APIRequestContext): Promise<void> {
  const seenBefore = await verifyCount(request, admin.phone);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/verify/);
  await page.getByLabel('Sign-in code').fill(await newCode(request, admin.phone, seenBefore));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
}

test('the board shows a failed text, and resending it turns it delivered', async ({ page, request }) => {
  const customer = await signUpCustomer(request);

  // Vonage refuses the next text (the sandbox's fault injection): the order's first text fails for good.
  const fault = await request.post(`${sandbox}/faults`, {
    data: { method: 'POST', path: '/v1/messages', status: 422, times: 1 },
  });
  expect(fault.status(), await fault.text()).toBe(201);
  const menu: { id: string }[] = (await (await request.get(`${api}/menu`)).json()).items;
  const placed = await request.post(`${api}/orders`, {
    headers: { Authorization: `Bearer ${customer.token}` },
    data: { items: [{ menuItemId: menu[0].id, quantity: 1 }] },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  const order: { number: number } = await placed.json();

  await page.goto('/orders');
  await staffSignsIn(page, request);
  await expect(page).toHaveURL(/\/orders$/);

  const card = page.getByRole('region', { name: 'Placed' }).getByRole('article', { name: `Order #${order.number}` });
  const lastText = card.getByLabel('Last text to the customer');
  await expect(lastText).toContainText('Failed', { timeout: 20_000 });
  await page.screenshot({ path: '../.data/test-results/texts-failed.png', fullPage: true });

  await card.getByRole('button', { name: `Resend the failed text for order #${order.number}` }).click();
  await expect(lastText).toContainText('Delivered', { timeout: 20_000 });
  await expect(card.getByRole('button', { name: /Resend/ })).toHaveCount(0);

  // The customer's phone got the text once, and the panel lists the failed one and its resend.
  const texts: { direction: string; text: string }[] = await (
    await request.get(`${sandbox}/messages?to=${encodeURIComponent(customer.phone)}`)
  ).json();
  expect(texts.filter((m) => m.direction === 'outbound' && m.text.includes(`Order #${order.number}`))).toHaveLength(1);
  await card.getByRole('link').click();
  const panel = page.getByRole('dialog', { name: `Order #${order.number}` });
  await expect(panel.getByRole('article', { name: 'Order confirmed message' })).toHaveCount(2);
  await page.screenshot({ path: '../.data/test-results/texts-resent.png', fullPage: true });
});
