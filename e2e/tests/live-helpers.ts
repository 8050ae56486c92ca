import { type APIRequestContext, type BrowserContext, expect, type Page } from '@playwright/test';
import { staff, urls } from '../playwright.config';

/** Shared steps of the live-stream and accessibility browser tests. */

export const admin = { email: staff.email, password: staff.password, phone: staff.phone };
export const api = `${urls.api}/api`;
const sandbox = `${urls.sandbox}/_sandbox`;

export interface Customer {
  name: string;
  email: string;
  phone: string;
  password: string;
}

let made = 0;
/** A customer of our own for this run (fresh email and phone). */
export function newCustomer(name = 'Grace Hopper'): Customer {
  const unique = `${String(Date.now()).slice(-6)}${made++ % 10}`;
  return { name, email: `live-${unique}@example.com`, phone: `+1556${unique}`, password: 'compiler-pioneer-1952' };
}

async function verifyCount(request: APIRequestContext, phone: string): Promise<number> {
  const response = await request.get(`${sandbox}/verify?to=${encodeURIComponent(phone)}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as unknown[]).length;
}

export async function newCode(request: APIRequestContext, phone: string, seenBefore: number): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const requests = (await (await request.get(`${sandbox}/verify?to=${encodeURIComponent(phone)}`)).json()) as {
        code: string;
      }[];
      code = requests.length > seenBefore ? requests[requests.length - 1].code : '';
      return code;
    })
    .toMatch(/^\d{4,10}$/);
  return code;
}

/** Staff sign in at `path` (password, then the code the sandbox's Verify sent). */
export async function staffSignsIn(page: Page, request: APIRequestContext, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  const seen = await verifyCount(request, admin.phone);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/verify/);
  await page.getByLabel('Sign-in code').fill(await newCode(request, admin.phone, seen));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).not.toHaveURL(/\/verify/);
}

/** A customer signs up at the kiosk (UI) and lands on the menu. */
export async function customerSignsUpAtKiosk(
  page: Page,
  request: APIRequestContext,
  customer: Customer,
): Promise<void> {
  await page.goto('/kiosk');
  await page.getByLabel('Your name').fill(customer.name);
  await page.getByLabel('Email').fill(customer.email);
  await page.getByLabel('Mobile number').fill(customer.phone);
  await page.getByLabel('Password').fill(customer.password);
  const seen = await verifyCount(request, customer.phone);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Your code').fill(await newCode(request, customer.phone, seen));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'What would you like?' })).toBeVisible();
}

/** Orders one Margherita at the kiosk; the order's number. */
export async function kioskOrders(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Add Margherita pizza' }).click();
  await page.getByRole('button', { name: 'Place order' }).click();
  const placed = page.getByRole('heading', { name: /Order #\d+ is in/ });
  await expect(placed).toBeVisible();
  return Number(/#(\d+)/.exec((await placed.textContent())!)![1]);
}

/**
 * Plays the API's LIVE_ALERTS for this browser context (what GET /api/client-config answers), so
 * one running stack can show each mode; the API's own answer is covered by the api e2e suite.
 */
export async function liveAlertsMode(context: BrowserContext, mode: 'stream' | 'vonage' | 'both'): Promise<void> {
  await context.route('**/api/client-config', (route) => route.fulfill({ json: { liveAlerts: mode } }));
}
