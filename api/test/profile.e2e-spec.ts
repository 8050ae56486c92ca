import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { OrdersService } from '../src/orders/orders.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ADMIN = { email: 'admin@profile.test', password: 'admin-password-e2e', phone: '+15550108080' };

interface SandboxVerification {
  code: string;
  status: string;
  workflow: { channel: string; to: string }[];
}

/**
 * Issue 10, items 4-7: a phone change is proven by a code sent to the new number; one account
 * per phone number; a pending code never blocks another account's sign-in; customers never see
 * the host link; control characters in customer text are refused at the door.
 */
describe('profile, phone numbers and customer text (e2e)', () => {
  let t: TestApp;
  let phoneSeq = 10;
  const newPhone = () => `+4477009008${String(phoneSeq++).padStart(2, '0')}`;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const codesTo = (phone: string) =>
    t.sandbox.inspect<SandboxVerification[]>(`/verify?to=${encodeURIComponent(phone)}`);
  const register = (email: string, phone: string, name = 'Pat Customer') =>
    request(t.url).post('/api/auth/register').send({ email, phone, name, password: 'customer-password' });

  /** Password, then the code the sandbox "sent": the access token. */
  async function signIn(email: string, password: string, phone: string): Promise<string> {
    const challenge = await request(t.url).post('/api/auth/login').send({ email, password }).expect(200);
    const sent = (await codesTo(phone)).at(-1)!;
    const session = await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: sent.code })
      .expect(200);
    return session.body.accessToken;
  }

  async function customer() {
    const phone = newPhone();
    const email = `pat${phoneSeq}@profile.test`;
    await register(email, phone).expect(201);
    return { email, phone, token: await signIn(email, 'customer-password', phone) };
  }

  beforeAll(async () => {
    t = await startTestApp({
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_PHONE: ADMIN.phone },
    });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
  });
  afterAll(() => t.close());

  describe('phone changes are proven', () => {
    it('answers 202 with a challenge, sends the code to the NEW number and changes nothing until confirmed', async () => {
      const pat = await customer();
      const next = newPhone();
      const patched = await request(t.url)
        .patch('/api/auth/me')
        .set(auth(pat.token))
        .send({ phone: next, name: 'Pat Renamed' })
        .expect(202);
      expect(patched.body).toMatchObject({
        verificationRequired: true,
        channel: 'sms',
        verifyToken: expect.any(String),
        expiresAt: expect.any(String),
      });
      expect(patched.body.destination).toMatch(/^\+44•+\d{4}$/);

      // The phone is unchanged (the name, which needs no proof, changed).
      const me = await request(t.url).get('/api/auth/me').set(auth(pat.token)).expect(200);
      expect(me.body).toMatchObject({ phone: pat.phone, name: 'Pat Renamed' });
      // The code went to the new number, not the old one.
      const [sent] = await codesTo(next);
      expect(sent).toMatchObject({
        status: 'pending',
        workflow: [expect.objectContaining({ channel: 'sms', to: next.slice(1) }), expect.anything()],
      });

      const wrong = await request(t.url)
        .post('/api/auth/me/phone/confirm')
        .set(auth(pat.token))
        .send({ verifyToken: patched.body.verifyToken, code: sent.code === '000000' ? '111111' : '000000' })
        .expect(401);
      expect(wrong.body.type).toMatch(/wrong-code$/);
      expect((await request(t.url).get('/api/auth/me').set(auth(pat.token))).body.phone).toBe(pat.phone);

      const confirmed = await request(t.url)
        .post('/api/auth/me/phone/confirm')
        .set(auth(pat.token))
        .send({ verifyToken: patched.body.verifyToken, code: sent.code })
        .expect(200);
      expect(confirmed.body).toMatchObject({ phone: next, email: pat.email });
      expect((await request(t.url).get('/api/auth/me').set(auth(pat.token))).body.phone).toBe(next);
      // Once.
      await request(t.url)
        .post('/api/auth/me/phone/confirm')
        .set(auth(pat.token))
        .send({ verifyToken: patched.body.verifyToken, code: sent.code })
        .expect(401);
    });

    it('a sign-in challenge cannot confirm a phone change, and another account cannot use my challenge', async () => {
      const pat = await customer();
      const sam = await customer();
      const challenge = await request(t.url)
        .post('/api/auth/login')
        .send({ email: pat.email, password: 'customer-password' })
        .expect(200);
      const signInCode = (await codesTo(pat.phone)).at(-1)!.code;
      await request(t.url)
        .post('/api/auth/me/phone/confirm')
        .set(auth(pat.token))
        .send({ verifyToken: challenge.body.verifyToken, code: signInCode })
        .expect(401);

      const next = newPhone();
      const patched = await request(t.url).patch('/api/auth/me').set(auth(pat.token)).send({ phone: next }).expect(202);
      const code = (await codesTo(next)).at(-1)!.code;
      await request(t.url)
        .post('/api/auth/me/phone/confirm')
        .set(auth(sam.token))
        .send({ verifyToken: patched.body.verifyToken, code })
        .expect(401);
      expect((await request(t.url).get('/api/auth/me').set(auth(sam.token))).body.phone).toBe(sam.phone);
      // Nor is a phone-change token a sign-in.
      await request(t.url).post('/api/auth/verify').send({ verifyToken: patched.body.verifyToken, code }).expect(401);
    });

    it('the same number again, or no phone at all, needs no code (200)', async () => {
      const pat = await customer();
      const same = await request(t.url)
        .patch('/api/auth/me')
        .set(auth(pat.token))
        .send({ phone: pat.phone, notificationChannel: 'whatsapp' })
        .expect(200);
      expect(same.body).toMatchObject({ phone: pat.phone, notificationChannel: 'whatsapp' });
    });

    it.each([
      [{ phone: '07700 900123' }, 'phone'],
      [{ name: 'Pat\r\nEvil' }, 'name'],
      [{ email: 'new@profile.test' }, 'email'],
      [{ role: 'admin' }, 'role'],
    ])('refuses %j with 400 naming the field', async (body, field) => {
      const pat = await customer();
      const answer = await request(t.url).patch('/api/auth/me').set(auth(pat.token)).send(body).expect(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses bad confirmations with 400 naming the field', async () => {
      const pat = await customer();
      const answer = await request(t.url)
        .post('/api/auth/me/phone/confirm')
        .set(auth(pat.token))
        .send({ verifyToken: 'nope', code: 'abc', phone: '+447700900999' })
        .expect(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'code',
        'phone',
        'verifyToken',
      ]);
    });
  });

  describe('one account per phone number', () => {
    it('refuses a taken number on sign-up and on a phone change with 409 phone-taken, naming nobody', async () => {
      const pat = await customer();
      const taken = await register('copycat@profile.test', pat.phone, 'Copy Cat').expect(409);
      expect(taken.body.type).toMatch(/phone-taken$/);
      expect(JSON.stringify(taken.body)).not.toMatch(/pat\d*@profile\.test|Pat/);
      // The email is free: it was the number.
      await register('copycat@profile.test', newPhone(), 'Copy Cat').expect(201);

      const sam = await customer();
      const before = (await codesTo(pat.phone)).length;
      const change = await request(t.url)
        .patch('/api/auth/me')
        .set(auth(sam.token))
        .send({ phone: pat.phone })
        .expect(409);
      expect(change.body.type).toMatch(/phone-taken$/);
      // No code went to the other account's phone.
      expect(await codesTo(pat.phone)).toHaveLength(before);
      // The staff number too.
      await request(t.url).patch('/api/auth/me').set(auth(sam.token)).send({ phone: ADMIN.phone }).expect(409);
    });

    it('lets exactly one of concurrent sign-ups with one number through', async () => {
      const phone = newPhone();
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => register(`race${i}@profile.test`, phone)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.type).toMatch(/phone-taken$/);
    });

    it('a pending code for a number never blocks the sign-in of the account that holds it', async () => {
      // Pat asks to move to a free number (a code is pending there) ...
      const pat = await customer();
      const contested = newPhone();
      const patched = await request(t.url)
        .patch('/api/auth/me')
        .set(auth(pat.token))
        .send({ phone: contested })
        .expect(202);
      // ... then someone signs up with that number and signs in: they get their code at once.
      await register('holder@profile.test', contested, 'Holder').expect(201);
      const token = await signIn('holder@profile.test', 'customer-password', contested);
      await request(t.url).get('/api/auth/me').set(auth(token)).expect(200);
      // Pat's change was superseded: it can no longer take the number.
      const first = (await codesTo(contested))[0];
      const late = await request(t.url)
        .post('/api/auth/me/phone/confirm')
        .set(auth(pat.token))
        .send({ verifyToken: patched.body.verifyToken, code: first.code });
      expect(late.status).toBe(401);
      expect((await request(t.url).get('/api/auth/me').set(auth(pat.token))).body.phone).toBe(pat.phone);
    });
  });

  describe('host links are staff-only', () => {
    it("a customer's view of their order never carries meetingUrl; staff see it", async () => {
      const pat = await customer();
      const menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
      const order = (
        await request(t.url)
          .post('/api/orders')
          .set(auth(pat.token))
          .send({ items: [{ menuItemId, quantity: 1 }] })
          .expect(201)
      ).body;
      const hostUrl = 'http://sandbox.test/meetings/rooms/abc?role=host';
      await t.app.get(OrdersService).attachMeetingUrl(order.id, hostUrl);

      const mine = await request(t.url).get(`/api/orders/${order.id}`).set(auth(pat.token)).expect(200);
      expect(mine.body.meetingUrl).toBeNull();
      const list = await request(t.url).get('/api/orders').set(auth(pat.token)).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(hostUrl);
      const cancelled = await request(t.url)
        .patch(`/api/orders/${order.id}/status`)
        .set(auth(pat.token))
        .send({ status: 'cancelled' })
        .expect(200);
      expect(cancelled.body.meetingUrl).toBeNull();

      const staffToken = await signIn(ADMIN.email, ADMIN.password, ADMIN.phone);
      const seen = await request(t.url).get(`/api/orders/${order.id}`).set(auth(staffToken)).expect(200);
      expect(seen.body.meetingUrl).toBe(hostUrl);
    });
  });

  describe('customer text is one line of plain text', () => {
    it.each([
      ['a line break in the name', { name: 'Ada\nvisit evil.example/x' }, 'name'],
      ['a tab in the name', { name: 'Ada\tX' }, 'name'],
      ['a bidi override in the name', { name: 'Ada\u202eX' }, 'name'],
      ['an escape in the name', { name: 'Ada\u001b[31m' }, 'name'],
      // Saved trimmed, a blank name would be nothing and fail the schema on write: a 500, not a 400.
      ['a name of spaces only', { name: '   ' }, 'name'],
    ])('refuses %s at sign-up with 400 naming the field', async (_, change, field) => {
      const answer = await request(t.url)
        .post('/api/auth/register')
        .send({ email: `ctl${phoneSeq}@profile.test`, phone: newPhone(), password: 'customer-password', ...change })
        .expect(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('refuses a blank name change with 400 naming the field, and keeps the name', async () => {
      const pat = await customer();
      const before = (await request(t.url).get('/api/auth/me').set(auth(pat.token)).expect(200)).body.name;
      const answer = await request(t.url)
        .patch('/api/auth/me')
        .set(auth(pat.token))
        .send({ name: ' \u00a0 ' })
        .expect(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['name']);
      expect((await request(t.url).get('/api/auth/me').set(auth(pat.token)).expect(200)).body.name).toBe(before);
    });

    it('refuses a control character in an order note with 400 naming the field, and places nothing', async () => {
      const pat = await customer();
      const menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
      const answer = await request(t.url)
        .post('/api/orders')
        .set(auth(pat.token))
        .send({ items: [{ menuItemId, quantity: 1, note: 'extra\ncheese' }] })
        .expect(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['items.0.note']);
      expect((await request(t.url).get('/api/orders').set(auth(pat.token)).expect(200)).body.total).toBe(0);
    });

    it('renders a link-like name into the placed text without a line break or a domain', async () => {
      const phone = newPhone();
      await register('linky@profile.test', phone, 'http://evil.example/x Ada').expect(201);
      const token = await signIn('linky@profile.test', 'customer-password', phone);
      const menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
      await request(t.url)
        .post('/api/orders')
        .set(auth(token))
        .send({ items: [{ menuItemId, quantity: 1 }] })
        .expect(201);
      let text = '';
      for (let i = 0; i < 100 && !text; i++) {
        const texts = await t.sandbox.inspect<{ text: string }[]>(`/messages?to=${encodeURIComponent(phone)}`);
        text = texts.at(-1)?.text ?? '';
        if (!text) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Only the first word of the name is used: here, the whole attempted link.
      expect(text).toContain('thanks http evil example/x!');
    });
  });
});
