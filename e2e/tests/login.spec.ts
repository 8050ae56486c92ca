import type { APIRequestContext, Page } from '@playwright/test';
import { staff, urls } from '../playwright.config';
import { expect, test } from './csp';

const admin = {
  email: staff.email,
  password: staff.password,
  name: 'TableTalk Admin',
  phone: staff.phone,
};

/** The Vonage sandbox keeps every Verify request it received, codes included: our phone's inbox. */
const verifyInbox = `${urls.sandbox}/_sandbox/verify?to=${encodeURIComponent(admin.phone)}`;

interface SandboxVerifyRequest {
  request_id: string;
  code: string;
  channel: string;
}

async function verifyRequests(request: APIRequestContext): Promise<SandboxVerifyRequest[]> {
  const response = await request.get(verifyInbox);
  expect(response.ok()).toBe(true);
  return (await response.json()) as SandboxVerifyRequest[];
}

/** Waits for the code of the Verify request that arrived after `seenBefore` requests. */
async function newCode(request: APIRequestContext, seenBefore: number): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const requests = await verifyRequests(request);
      code = requests.length > seenBefore ? requests[requests.length - 1].code : '';
      return code;
    })
    .toMatch(/^\d{4,10}$/);
  return code;
}

/** Signs in with the password and waits for the code step; resolves with the code the sandbox got. */
async function passwordStep(page: Page, request: APIRequestContext): Promise<string> {
  const seenBefore = (await verifyRequests(request)).length;
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: /sign in/i }).click();

  await expect(page).toHaveURL(/\/verify/);
  return newCode(request, seenBefore);
}

test('the seeded admin signs in with the password and the code sent by SMS', async ({ page, request }) => {
  await page.goto('/');
  // Signed-out visitors are sent to the login page.
  await expect(page).toHaveURL(/\/login/);

  const code = await passwordStep(page, request);
  await expect(page.getByRole('heading', { name: 'Check your phone' })).toBeVisible();
  await expect(page.getByText(/We sent a code by SMS to \+15•+0000/)).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^\d+:\d{2}$/);

  await page.getByLabel('Sign-in code').fill(code);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();

  await expect(page).not.toHaveURL(/\/(verify|login)/);
  await expect(page.getByText(admin.name).first()).toBeVisible();
  await page.screenshot({ path: '../.data/test-results/signed-in.png', fullPage: true });

  // The session survives a reload of the tab.
  await page.reload();
  await expect(page.getByText(admin.name).first()).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);
});

test('a wrong code says in plain words how many attempts are left', async ({ page, request }) => {
  await page.goto('/login');
  const code = await passwordStep(page, request);
  // Change the first digit: certainly not the code that was sent.
  const wrongCode = code.replace(/^\d/, (digit) => String((Number(digit) + 1) % 10));

  await page.getByLabel('Sign-in code').fill(wrongCode);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();

  await expect(page.getByText('That code is not right — 2 attempts left.')).toBeVisible();
  await expect(page).toHaveURL(/\/verify/);
  await expect(page.getByLabel('Sign-in code')).toHaveValue('');
});

test("a wrong password keeps the visitor on the login page with the API's message", async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: /sign in/i }).click();

  await expect(page.getByText('Invalid email or password')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
