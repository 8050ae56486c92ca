import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ADMIN = { email: 'admin@accounts.test', password: 'admin-password-e2e', phone: '+15550107070' };

interface SandboxMessage {
  to: string;
  text: string;
}

/**
 * Accounts (issue 10, item 12): admins list, invite, re-role, disable and enable accounts; the
 * invited person sets a password with a code texted to them; and every change that takes rights
 * away, a logout and a password change end sessions at once.
 */
describe('accounts (e2e)', () => {
  let t: TestApp;
  let admin: { token: string; id: string };
  let phoneSeq = 10;
  const newPhone = () => `+4477009007${String(phoneSeq++).padStart(2, '0')}`;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (email: string, password: string) => request(t.url).post('/api/auth/login').send({ email, password });

  /** The invitation code from the text the sandbox "delivered" to the phone. */
  async function inviteCodeFor(phone: string): Promise<string> {
    const texts = await t.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(phone)}`);
    const invite = texts.filter((m) => m.text.includes('with the code')).at(-1);
    expect(invite).toBeDefined();
    return /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(invite!.text)![1];
  }

  /** An invited, accepted and signed-in account of this role. */
  async function member(role: 'staff' | 'admin', name = 'Sam Staff') {
    const phone = newPhone();
    const email = `${role}${phoneSeq}@accounts.test`;
    const created = await request(t.url)
      .post('/api/users')
      .set(auth(admin.token))
      .send({ email, name, phone, role })
      .expect(201);
    await request(t.url)
      .post('/api/auth/invite/accept')
      .send({ email, code: await inviteCodeFor(phone), password: 'member-password' })
      .expect(204);
    const session = (await login(email, 'member-password').expect(200)).body;
    return {
      id: created.body.id as string,
      email,
      phone,
      token: session.accessToken as string,
      refreshToken: session.refreshToken as string,
    };
  }

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ADMIN_PHONE: ADMIN.phone,
        VERIFY_ENABLED: 'false',
        INVITE_URL: 'https://pos.example/invite',
      },
    });
    await t.app.get(AdminSeeder).seeded;
    const session = (await login(ADMIN.email, ADMIN.password).expect(200)).body;
    admin = { token: session.accessToken, id: session.user.id };
  });
  afterAll(() => t.close());

  describe('invitations', () => {
    it('creates a staff member, texts them a code, and the code sets their password once', async () => {
      const phone = newPhone();
      const created = await request(t.url)
        .post('/api/users')
        .set(auth(admin.token))
        .send({ email: 'Sam@Accounts.test', name: 'Sam Host', phone, role: 'staff' })
        .expect(201);
      expect(created.body).toMatchObject({
        email: 'sam@accounts.test',
        role: 'staff',
        phone,
        disabled: false,
        invitePending: true,
        inviteSent: true,
      });
      expect(created.body).not.toHaveProperty('passwordHash');
      expect(created.body).not.toHaveProperty('invite');

      const texts = await t.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(phone)}`);
      expect(texts.at(-1)!.text).toMatch(
        /https:\/\/pos\.example\/invite with the code [A-Z0-9]{4}-[A-Z0-9]{4} \(valid 72 hours\)/,
      );
      const code = await inviteCodeFor(phone);

      // Nobody signs in before the invitation is accepted: no password works yet.
      await login('sam@accounts.test', 'member-password').expect(401);
      const wrong = await request(t.url)
        .post('/api/auth/invite/accept')
        .send({ email: 'sam@accounts.test', code: 'AAAA-AAAA', password: 'member-password' })
        .expect(401);
      const unknown = await request(t.url)
        .post('/api/auth/invite/accept')
        .send({ email: 'nobody@accounts.test', code, password: 'member-password' })
        .expect(401);
      // The same answer whether the email has an invitation or not.
      expect(wrong.body.type).toBe(unknown.body.type);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.body.type).toMatch(/invalid-invite$/);

      await request(t.url)
        .post('/api/auth/invite/accept')
        .send({ email: 'sam@accounts.test', code: code.toLowerCase().replace('-', ''), password: 'member-password' })
        .expect(204);
      const session = await login('sam@accounts.test', 'member-password').expect(200);
      expect(session.body.user).toMatchObject({ role: 'staff', invitePending: false });
      // Used once.
      await request(t.url)
        .post('/api/auth/invite/accept')
        .send({ email: 'sam@accounts.test', code, password: 'other-password-1' })
        .expect(401);
    });

    it('voids an invitation after five wrong codes', async () => {
      const phone = newPhone();
      await request(t.url)
        .post('/api/users')
        .set(auth(admin.token))
        .send({ email: 'guess@accounts.test', name: 'Guess', phone, role: 'staff' })
        .expect(201);
      const code = await inviteCodeFor(phone);
      for (let i = 0; i < 5; i++) {
        await request(t.url)
          .post('/api/auth/invite/accept')
          .send({ email: 'guess@accounts.test', code: 'ZZZZ-ZZZZ', password: 'member-password' })
          .expect(401);
      }
      await request(t.url)
        .post('/api/auth/invite/accept')
        .send({ email: 'guess@accounts.test', code, password: 'member-password' })
        .expect(401);
    });

    it('sends a new code on request; the old one stops working', async () => {
      const phone = newPhone();
      const created = await request(t.url)
        .post('/api/users')
        .set(auth(admin.token))
        .send({ email: 'again@accounts.test', name: 'Again', phone, role: 'admin' })
        .expect(201);
      const first = await inviteCodeFor(phone);
      await request(t.url).post(`/api/users/${created.body.id}/invite`).set(auth(admin.token)).expect(200);
      const second = await inviteCodeFor(phone);
      expect(second).not.toBe(first);
      await request(t.url)
        .post('/api/auth/invite/accept')
        .send({ email: 'again@accounts.test', code: first, password: 'member-password' })
        .expect(401);
      await request(t.url)
        .post('/api/auth/invite/accept')
        .send({ email: 'again@accounts.test', code: second, password: 'member-password' })
        .expect(204);
      await request(t.url).post(`/api/users/${created.body.id}/invite`).set(auth(admin.token)).expect(409);
    });

    it('refuses a taken email or phone number with 409, without naming the other account', async () => {
      await request(t.url)
        .post('/api/users')
        .set(auth(admin.token))
        .send({ email: ADMIN.email, name: 'X', phone: newPhone(), role: 'staff' })
        .expect(409);
      const taken = await request(t.url)
        .post('/api/users')
        .set(auth(admin.token))
        .send({ email: 'other@accounts.test', name: 'X', phone: ADMIN.phone, role: 'staff' })
        .expect(409);
      expect(taken.body.type).toMatch(/phone-taken$/);
      expect(JSON.stringify(taken.body)).not.toContain(ADMIN.email);
    });

    it.each([
      ['an unknown field', { password: 'chosen-by-admin' }, 'password'],
      ['the customer role', { role: 'customer' }, 'role'],
      ['a phone that is not E.164', { phone: '0770 090' }, 'phone'],
      ['a name with a line break', { name: 'Sam\nHost' }, 'name'],
      ['a blank name', { name: '  ' }, 'name'],
      ['a $-operator for the email', { email: { $gt: '' } }, 'email'],
    ])('refuses %s with 400 naming the field', async (_, change, field) => {
      const body = { email: 'bad@accounts.test', name: 'Bad', phone: newPhone(), role: 'staff', ...change };
      const answer = await request(t.url).post('/api/users').set(auth(admin.token)).send(body).expect(400);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('listing', () => {
    it('lists accounts by role, by page and by cursor', async () => {
      for (let i = 0; i < 3; i++) await member('staff', `Lister ${i}`);
      const all = (await request(t.url).get('/api/users?role=staff&limit=100').set(auth(admin.token)).expect(200)).body;
      expect(all.items.length).toBeGreaterThanOrEqual(3);
      expect(all.items.every((u: { role: string }) => u.role === 'staff')).toBe(true);
      expect(all.total).toBe(all.items.length);
      expect(all.nextCursor).toBeNull();

      const pageTwo = (
        await request(t.url).get('/api/users?role=staff&limit=2&page=2').set(auth(admin.token)).expect(200)
      ).body;
      expect(pageTwo.items.map((u: { id: string }) => u.id)).toEqual(
        all.items.slice(2, 4).map((u: { id: string }) => u.id),
      );

      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await request(t.url)
            .get(`/api/users?role=staff&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
            .set(auth(admin.token))
            .expect(200)
        ).body;
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(all.items.map((u: { id: string }) => u.id));
    });

    it.each([
      ['role=chef', 'role'],
      ['cursor=nope', 'cursor'],
      ['limit=1000', 'limit'],
      ['disabled=maybe', 'disabled'],
      ['sort=name', 'sort'],
    ])('refuses ?%s with 400 naming the field', async (query, field) => {
      const answer = await request(t.url).get(`/api/users?${query}`).set(auth(admin.token)).expect(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('is for admins only', async () => {
      const staff = await member('staff');
      await request(t.url).get('/api/users').set(auth(staff.token)).expect(403);
      await request(t.url)
        .post('/api/users')
        .set(auth(staff.token))
        .send({ email: 'x@accounts.test', name: 'X', phone: newPhone(), role: 'admin' })
        .expect(403);
      await request(t.url).patch(`/api/users/${staff.id}`).set(auth(staff.token)).send({ role: 'admin' }).expect(403);
      await request(t.url).get('/api/users').expect(401);
    });
  });

  describe('changes', () => {
    it('disabling ends the sessions at once; enabling lets the person sign in again', async () => {
      const staff = await member('staff');
      await request(t.url).get('/api/orders').set(auth(staff.token)).expect(200);

      const disabled = await request(t.url)
        .patch(`/api/users/${staff.id}`)
        .set(auth(admin.token))
        .send({ disabled: true })
        .expect(200);
      expect(disabled.body).toMatchObject({ id: staff.id, disabled: true });
      const refused = await request(t.url).get('/api/orders').set(auth(staff.token)).expect(401);
      expect(refused.body.type).toMatch(/session-ended$/);
      await request(t.url).post('/api/auth/refresh').send({ refreshToken: staff.refreshToken }).expect(401);
      const signIn = await login(staff.email, 'member-password').expect(403);
      expect(signIn.body.type).toMatch(/account-disabled$/);
      // A wrong password still gets the ordinary answer: being disabled is told only to who knows the password.
      expect((await login(staff.email, 'wrong-password!').expect(401)).body.type).toMatch(/invalid-credentials$/);

      await request(t.url).patch(`/api/users/${staff.id}`).set(auth(admin.token)).send({ disabled: false }).expect(200);
      await login(staff.email, 'member-password').expect(200);
    });

    it('a role change ends the sessions at once', async () => {
      const staff = await member('admin');
      await request(t.url).get('/api/users').set(auth(staff.token)).expect(200);
      const demoted = await request(t.url)
        .patch(`/api/users/${staff.id}`)
        .set(auth(admin.token))
        .send({ role: 'staff' })
        .expect(200);
      expect(demoted.body.role).toBe('staff');
      await request(t.url).get('/api/users').set(auth(staff.token)).expect(401);
      await request(t.url).get('/api/orders').set(auth(staff.token)).expect(401);
      await request(t.url).post('/api/auth/refresh').send({ refreshToken: staff.refreshToken }).expect(401);
      const again = (await login(staff.email, 'member-password').expect(200)).body;
      expect(again.user.role).toBe('staff');
      await request(t.url).get('/api/users').set(auth(again.accessToken)).expect(403);
    });

    it('nobody changes their own role or disables themselves', async () => {
      for (const change of [{ role: 'staff' }, { disabled: true }, { role: 'admin' }]) {
        const answer = await request(t.url)
          .patch(`/api/users/${admin.id}`)
          .set(auth(admin.token))
          .send(change)
          .expect(409);
        expect(answer.body.type).toMatch(/own-account$/);
      }
      await request(t.url).get('/api/users').set(auth(admin.token)).expect(200);
    });

    it('keeps the last active admin: two admins demoting each other at once leave one', async () => {
      const other = await member('admin');
      // Only the seeded admin and `other` are active admins after this.
      const admins = (
        await request(t.url).get('/api/users?role=admin&disabled=false&limit=100').set(auth(admin.token)).expect(200)
      ).body.items;
      for (const a of admins) {
        if (a.id !== admin.id && a.id !== other.id)
          await request(t.url).patch(`/api/users/${a.id}`).set(auth(admin.token)).send({ disabled: true }).expect(200);
      }
      const [one, two] = await Promise.all([
        request(t.url).patch(`/api/users/${other.id}`).set(auth(admin.token)).send({ role: 'staff' }),
        request(t.url).patch(`/api/users/${admin.id}`).set(auth(other.token)).send({ disabled: true }),
      ]);
      const statuses = [one.status, two.status].sort();
      expect(statuses[0]).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      const survivor = one.status === 200 ? admin : other;
      const left = (
        await request(t.url).get('/api/users?role=admin&disabled=false').set(auth(survivor.token)).expect(200)
      ).body;
      expect(left.total).toBe(1);
      expect(left.items[0].id).toBe(survivor.id);
      // Either admin may win the race. When the seeded admin lost, give it back its rights so the
      // tests after this one start from the same place whichever way the race went.
      if (survivor === other) {
        await request(t.url)
          .patch(`/api/users/${admin.id}`)
          .set(auth(other.token))
          .send({ disabled: false })
          .expect(200);
        admin.token = (await login(ADMIN.email, ADMIN.password).expect(200)).body.accessToken;
      }
    });

    it('answers 404 for an unknown account and 400 for bad input', async () => {
      await request(t.url)
        .patch('/api/users/6650f0c2a1b2c3d4e5f60718')
        .set(auth(admin.token))
        .send({ role: 'staff' })
        .expect(404);
      const badId = await request(t.url)
        .patch('/api/users/nope')
        .set(auth(admin.token))
        .send({ role: 'staff' })
        .expect(400);
      expect(badId.body.errors[0].field).toBe('id');
      const staff = await member('staff');
      for (const [body, field] of [
        [{ role: 'owner' }, 'role'],
        [{ disabled: 'yes' }, 'disabled'],
        [{ email: 'new@accounts.test' }, 'email'],
      ] as const) {
        const answer = await request(t.url)
          .patch(`/api/users/${staff.id}`)
          .set(auth(admin.token))
          .send(body)
          .expect(400);
        expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });

  describe('sessions end at once', () => {
    it('logout ends the access token too', async () => {
      const staff = await member('staff');
      await request(t.url).get('/api/auth/me').set(auth(staff.token)).expect(200);
      await request(t.url).post('/api/auth/logout').send({ refreshToken: staff.refreshToken }).expect(204);
      await request(t.url).get('/api/auth/me').set(auth(staff.token)).expect(401);
      await request(t.url).post('/api/auth/refresh').send({ refreshToken: staff.refreshToken }).expect(401);
    });

    it('a password change needs the current password and ends every other session', async () => {
      const staff = await member('staff');
      const otherDevice = (await login(staff.email, 'member-password').expect(200)).body;

      const wrong = await request(t.url)
        .post('/api/auth/me/password')
        .set(auth(staff.token))
        .send({ currentPassword: 'not-it', newPassword: 'brand-new-password' })
        .expect(403);
      expect(wrong.body.type).toMatch(/wrong-password$/);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      const short = await request(t.url)
        .post('/api/auth/me/password')
        .set(auth(staff.token))
        .send({ currentPassword: 'member-password', newPassword: 'short' })
        .expect(400);
      expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      await request(t.url)
        .post('/api/auth/me/password')
        .set(auth(staff.token))
        .send({ currentPassword: 'member-password', newPassword: 'brand-new-password', extra: 1 })
        .expect(400);
      await login(staff.email, 'member-password').expect(200);

      const changed = await request(t.url)
        .post('/api/auth/me/password')
        .set(auth(staff.token))
        .send({ currentPassword: 'member-password', newPassword: 'brand-new-password' })
        .expect(200);
      expect(changed.body).toMatchObject({ tokenType: 'Bearer', user: { id: staff.id } });
      for (const token of [staff.token, otherDevice.accessToken])
        await request(t.url).get('/api/auth/me').set(auth(token)).expect(401);
      for (const refreshToken of [staff.refreshToken, otherDevice.refreshToken])
        await request(t.url).post('/api/auth/refresh').send({ refreshToken }).expect(401);
      await request(t.url).get('/api/auth/me').set(auth(changed.body.accessToken)).expect(200);
      await login(staff.email, 'member-password').expect(401);
      await login(staff.email, 'brand-new-password').expect(200);
    });
  });
});
