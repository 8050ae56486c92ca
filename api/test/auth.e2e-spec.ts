import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ADMIN = { email: 'admin@e2e.test', password: 'admin-password-e2e', phone: '+15550101010' };
// One account per phone number: each new customer gets its own.
let phoneSeq = 100;
const customer = (email = 'ada@example.com') => ({
  email,
  password: 'correct-horse-battery',
  name: 'Ada Lovelace',
  phone: `+447700900${phoneSeq++}`,
});

describe('auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ADMIN_PHONE: ADMIN.phone,
        VERIFY_ENABLED: 'false',
      },
    });
    await t.app.get(AdminSeeder).seeded;
  });
  afterAll(() => t.close());

  describe('seeded admin', () => {
    it('signs in with the configured credentials and sees itself as admin', async () => {
      const login = await request(t.url)
        .post('/api/auth/login')
        .send({ email: ADMIN.email, password: ADMIN.password })
        .expect(200);
      expect(login.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { email: ADMIN.email, role: 'admin', phone: ADMIN.phone },
      });
      expect(login.body.user).not.toHaveProperty('passwordHash');

      const me = await request(t.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(200);
      expect(me.body).toEqual(login.body.user);
    });

    it('accepts the email in any letter case', async () => {
      await request(t.url)
        .post('/api/auth/login')
        .send({ email: ADMIN.email.toUpperCase(), password: ADMIN.password })
        .expect(200);
    });
  });

  describe('register', () => {
    it('creates a customer (never another role) and lets it sign in', async () => {
      const created = await request(t.url).post('/api/auth/register').send(customer('grace@example.com')).expect(201);
      expect(created.body).toMatchObject({ email: 'grace@example.com', role: 'customer', name: 'Ada Lovelace' });
      expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);

      await request(t.url)
        .post('/api/auth/login')
        .send({ email: 'grace@example.com', password: 'correct-horse-battery' })
        .expect(200);
    });

    it('refuses a role in the body instead of silently dropping it', async () => {
      const res = await request(t.url)
        .post('/api/auth/register')
        .send({ ...customer('mallory@example.com'), role: 'admin' })
        .expect(400);
      expect(res.body.errors).toContainEqual({ field: 'role', message: 'property role should not exist' });
      await request(t.url)
        .post('/api/auth/login')
        .send({ email: 'mallory@example.com', password: 'correct-horse-battery' })
        .expect(401);
    });

    it('answers 409 problem+json for a taken email, in any letter case', async () => {
      await request(t.url).post('/api/auth/register').send(customer('linus@example.com')).expect(201);
      // Another phone number, so it is the email that is taken.
      const res = await request(t.url).post('/api/auth/register').send(customer('LINUS@example.com')).expect(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 409, type: 'https://tabletalk.dev/problems/email-taken' });
    });

    it('keeps exactly one account when the same email registers twice at once', async () => {
      const body = customer('race@example.com');
      const results = await Promise.all([1, 2, 3].map(() => request(t.url).post('/api/auth/register').send(body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    });

    it.each([
      ['a phone that is not E.164', { phone: '07700 900123' }, 'phone'],
      ['a short password', { password: 'short' }, 'password'],
      ['an invalid email', { email: 'not-an-email' }, 'email'],
      ['a number for the name', { name: 42 }, 'name'],
    ])('rejects %s naming the field, and writes nothing', async (_, override, field) => {
      const email = `bad-${field}@example.com`;
      const res = await request(t.url)
        .post('/api/auth/register')
        .send({ ...customer(email), ...override })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      await request(t.url).post('/api/auth/login').send({ email, password: customer().password }).expect(401);
    });
  });

  describe('login', () => {
    it('gives the same 401 for an unknown email and a wrong password', async () => {
      const unknown = await request(t.url)
        .post('/api/auth/login')
        .send({ email: 'nobody@example.com', password: 'whatever-password' })
        .expect(401);
      const wrong = await request(t.url)
        .post('/api/auth/login')
        .send({ email: ADMIN.email, password: 'wrong-password' })
        .expect(401);
      const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
      expect(strip(unknown.body)).toEqual(strip(wrong.body));
      expect(unknown.body.detail).toBe('Invalid email or password');
    });

    it('rejects query operators in place of strings (NoSQL injection)', async () => {
      const res = await request(t.url)
        .post('/api/auth/login')
        .send({ email: { $ne: null }, password: { $ne: null } })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['email', 'password']),
      );
    });
  });

  describe('profile', () => {
    it('lets a customer change how notifications reach them, and nothing they may not', async () => {
      await request(t.url).post('/api/auth/register').send(customer('prefs@example.com')).expect(201);
      const { accessToken } = (
        await request(t.url)
          .post('/api/auth/login')
          .send({ email: 'prefs@example.com', password: 'correct-horse-battery' })
      ).body;
      const auth = { Authorization: `Bearer ${accessToken}` };
      expect((await request(t.url).get('/api/auth/me').set(auth)).body.notificationChannel).toBe('sms');

      const updated = await request(t.url)
        .patch('/api/auth/me')
        .set(auth)
        .send({ notificationChannel: 'whatsapp', name: 'Ada King' })
        .expect(200);
      expect(updated.body).toMatchObject({ notificationChannel: 'whatsapp', name: 'Ada King', role: 'customer' });

      const refused = await request(t.url)
        .patch('/api/auth/me')
        .set(auth)
        .send({ role: 'admin', notificationChannel: 'carrier-pigeon' })
        .expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'notificationChannel',
        'role',
      ]);
      expect((await request(t.url).get('/api/auth/me').set(auth)).body).toMatchObject({
        role: 'customer',
        notificationChannel: 'whatsapp',
      });
      await request(t.url).patch('/api/auth/me').send({ name: 'x' }).expect(401);
    });
  });

  describe('access tokens', () => {
    it('refuses /me without a token, with a forged token and with a tampered token', async () => {
      await request(t.url).get('/api/auth/me').expect(401);
      await request(t.url).get('/api/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);

      const login = await request(t.url).post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password });
      const [header, payload, signature] = login.body.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: '000000000000000000000000' })).toString('base64url');
      await request(t.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${header}.${forged}.${signature}`)
        .expect(401);
    });
  });
});
