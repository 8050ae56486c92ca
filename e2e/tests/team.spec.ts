import type { APIRequestContext } from '@playwright/test';
import { staff, urls } from '../playwright.config';
import { expect, test } from './csp';

const admin = { email: staff.email, password: staff.password, phone: staff.phone };
const sandbox = `${urls.sandbox}/_sandbox`;
const shots = '../.data/test-results';

async function verifyCount(request: APIRequestContext, phone: string): Promise<number> {
  return ((await (await request.get(`${sandbox}/verify?to=${encodeURIComponent(phone)}`)).json()) as unknown[]).length;
}

/** Waits for a new code (after `seen` requests) in the sandbox's Verify inbox of `phone`. */
async function newCode(request: APIRequestContext, phone: string, seen: number): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const requests = (await (await request.get(`${sandbox}/verify?to=${encodeURIComponent(phone)}`)).json()) as {
        code: string;
      }[];
      code = requests.length > seen ? requests.at(-1)!.code : '';
      return code;
    })
    .toMatch(/^\d{4,10}$/);
  return code;
}

/** The invitation code from the text the sandbox "delivered" to `phone`. */
async function inviteCode(request: APIRequestContext, phone: string): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const texts = (await (await request.get(`${sandbox}/messages?to=${encodeURIComponent(phone)}`)).json()) as {
        text: string;
      }[];
      code = /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(texts.at(-1)?.text ?? '')?.[1] ?? '';
      return code;
    })
    .toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  return code;
}

test('an admin invites a team member, who sets a password and signs in; disabling ends their session', async ({
  browser,
  request,
}) => {
  const run = Date.now().toString().slice(-6);
  const member = {
    name: 'Kim Chef',
    email: `kim${run}@tabletalk.local`,
    phone: `+1555030${run.slice(-4)}`,
    password: 'kims-own-password',
  };

  // The admin signs in and opens the Team page from the navigation.
  const adminPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await adminPage.goto('/login');
  const seen = await verifyCount(request, admin.phone);
  await adminPage.getByLabel('Email').fill(admin.email);
  await adminPage.getByLabel('Password').fill(admin.password);
  await adminPage.getByRole('button', { name: /sign in/i }).click();
  await adminPage.getByLabel('Sign-in code').fill(await newCode(request, admin.phone, seen));
  await adminPage.getByRole('button', { name: 'Verify and sign in' }).click();
  await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
  await expect(adminPage.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();

  // A bad number is refused next to its field.
  await adminPage.getByLabel('Full name').fill(member.name);
  await adminPage.getByLabel('Email').fill(member.email);
  await adminPage.getByLabel('Mobile number').fill('07700 900');
  await adminPage.getByRole('button', { name: 'Send invitation' }).click();
  await expect(adminPage.getByLabel('Mobile number')).toHaveAttribute('aria-invalid', 'true');
  await adminPage.screenshot({ path: `${shots}/team-invite-error.png`, fullPage: true });

  await adminPage.getByLabel('Mobile number').fill(member.phone);
  await adminPage.getByRole('button', { name: 'Send invitation' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: `${member.name} is invited` })).toBeVisible();
  const row = adminPage.getByRole('row', { name: member.name });
  await expect(row.getByText('Invited')).toBeVisible();
  await adminPage.screenshot({ path: `${shots}/team.png`, fullPage: true });

  // The new person follows the text: sets a password with the code, then signs in (password + Verify code).
  const memberPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await memberPage.goto(`/invite?email=${encodeURIComponent(member.email)}`);
  await memberPage.getByLabel('Invitation code').fill(await inviteCode(request, member.phone));
  await memberPage.getByLabel('New password').fill(member.password);
  await memberPage.screenshot({ path: `${shots}/invite.png`, fullPage: true });
  await memberPage.getByRole('button', { name: 'Set password' }).click();
  await expect(memberPage.getByRole('status')).toContainText('Your password is set');
  await memberPage.getByRole('link', { name: 'Go to sign in' }).click();
  const memberSeen = await verifyCount(request, member.phone);
  await memberPage.getByLabel('Email').fill(member.email);
  await memberPage.getByLabel('Password').fill(member.password);
  await memberPage.getByRole('button', { name: /sign in/i }).click();
  await memberPage.getByLabel('Sign-in code').fill(await newCode(request, member.phone, memberSeen));
  await memberPage.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(memberPage.getByText(member.name).first()).toBeVisible();
  // Staff do not see the Team page.
  await expect(memberPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' })).toHaveCount(0);

  // The admin's view shows them active; disabling them ends their session at once.
  await adminPage.reload();
  await expect(adminPage.getByRole('row', { name: member.name }).getByText('Active')).toBeVisible();
  await adminPage.getByRole('button', { name: `Disable ${member.name}` }).click();
  await expect(adminPage.getByRole('row', { name: member.name }).getByText('Disabled')).toBeVisible();
  await adminPage.screenshot({ path: `${shots}/team-disabled.png`, fullPage: true });
  await memberPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
  await expect(memberPage).toHaveURL(/\/login/);
});
