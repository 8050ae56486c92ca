import { randomInt } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';

const randomAddress = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/**
 * Issue 10 finding 1: with `trustProxy: true` the client address was the left-most
 * X-Forwarded-For entry, which the client writes: fourteen failed sign-ins with a random header
 * each all got 401. Now the socket address is the client unless TRUST_PROXY names the proxy.
 */
describe('client identity without a trusted proxy (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        AUTH_THROTTLE_LIMIT: '4',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_SECONDS: '60',
        VERIFY_ENABLED: 'false',
        TRUST_PROXY: 'false',
      },
    });
  });
  afterAll(() => t.close());

  it('a random X-Forwarded-For per attempt buys no fresh sign-in budget', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(t.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', randomAddress())
        .send({ email: `nobody${i}@spoof.test`, password: 'whatever-password' });
      answers.push(res.status);
    }
    expect(answers).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('nor a fresh lockout counter', async () => {
    // A new app: the previous test spent this client's sign-in budget.
    await t.close();
    t = await startTestApp({
      env: {
        AUTH_THROTTLE_LIMIT: '100',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_SECONDS: '60',
        VERIFY_ENABLED: 'false',
        TRUST_PROXY: 'false',
      },
    });
    await request(t.url)
      .post('/api/auth/register')
      .send({ email: 'owner@spoof.test', phone: '+447700900901', password: 'customer-password', name: 'Owner' })
      .expect(201);
    const attempt = (password: string) =>
      request(t.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', randomAddress())
        .send({ email: 'owner@spoof.test', password });
    for (let i = 0; i < 3; i++) await attempt('wrong-password').expect(401);
    const locked = await attempt('customer-password').expect(429);
    expect(locked.body.type).toBe('https://tabletalk.dev/problems/account-locked');
  });
});

/**
 * Issue 10 finding 8: anyone who knew an email could keep that account locked. Now failures lock
 * only the (account, client) pair; failures from everywhere slow the account down instead.
 */
describe('a lockout an attacker cannot aim (e2e)', () => {
  let t: TestApp;
  const login = (client: string, email: string, password: string) =>
    request(t.url).post('/api/auth/login').set('X-Forwarded-For', client).send({ email, password });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        AUTH_THROTTLE_LIMIT: '100',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_SECONDS: '60',
        LOGIN_ACCOUNT_SLOW_AFTER: '6',
        LOGIN_SLOW_DELAY_MS: '1200',
        VERIFY_ENABLED: 'false',
        // The test client is the trusted proxy: X-Forwarded-For says which client each attempt is.
        TRUST_PROXY: '127.0.0.1',
      },
    });
    await request(t.url)
      .post('/api/auth/register')
      .send({ email: 'victim@aim.test', phone: '+447700900902', password: 'customer-password', name: 'Victim' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('locks the attacking client, while the owner elsewhere still signs in', async () => {
    for (let i = 0; i < 3; i++) await login('198.51.100.66', 'victim@aim.test', 'wrong-password').expect(401);
    const attacker = await login('198.51.100.66', 'victim@aim.test', 'customer-password').expect(429);
    expect(attacker.body.type).toBe('https://tabletalk.dev/problems/account-locked');
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    await login('203.0.113.10', 'victim@aim.test', 'customer-password').expect(200);
  });

  it('slows an account guessed at from many clients instead of locking it, exactly as an unknown address', async () => {
    const spread = async (email: string) => {
      for (let i = 0; i < 6; i++) await login(`192.0.2.${i + 1}`, email, 'wrong-password').expect(401);
    };
    await spread('victim@aim.test');
    await spread('ghost@aim.test');
    const timed = async (email: string, password: string) => {
      const started = Date.now();
      const res = await login('203.0.113.20', email, password);
      return { status: res.status, type: res.body.type, ms: Date.now() - started };
    };
    const owner = await timed('victim@aim.test', 'customer-password');
    expect(owner.status).toBe(200);
    expect(owner.ms).toBeGreaterThanOrEqual(1100);
    // Wrong passwords on the known and the unknown address: the same answer, both slowed alike.
    const known = await timed('victim@aim.test', 'wrong-password');
    const unknown = await timed('ghost@aim.test', 'wrong-password');
    expect([known.status, known.type]).toEqual([unknown.status, unknown.type]);
    expect(known.ms).toBeGreaterThanOrEqual(1100);
    expect(unknown.ms).toBeGreaterThanOrEqual(1100);
  });
});
