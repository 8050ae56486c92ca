import { expect, test } from '@playwright/test';

const admin = { email: 'admin@tabletalk.local', password: 'TableTalk!2026', name: 'TableTalk Admin' };

test('the seeded admin signs in through the dashboard and sees who is signed in', async ({ page }) => {
  await page.goto('/');
  // Signed-out visitors are sent to the login page.
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: /sign in/i }).click();

  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByText(admin.name).first()).toBeVisible();
  await page.screenshot({ path: '../.data/test-results/signed-in.png', fullPage: true });
});

test('a wrong password keeps the visitor on the login page with the API\'s message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: /sign in/i }).click();

  await expect(page.getByText('Invalid email or password')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
