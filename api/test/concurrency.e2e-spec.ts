import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every read-check-write path raced with concurrent requests on the embedded FerretDB (whose
 * conditional updates and $inc are read-then-write): only documented answers, and consistent state.
 * Issue 10 finding 10: eight clients placing 120 orders got 41 × 500 (duplicate order number).
 */
const STAFF = { email: 'chef@race.test', password: 'staff-password-e2e', phone: '+15550104040' };
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort();
const count = (responses: { status: number }[], status: number) => responses.filter((r) => r.status === status).length;

describe('concurrency on the embedded database (e2e)', () => {
  let first: TestApp;
  let second: TestApp;
  let staff: string;
  let menuItemId: string;
  const customers: { email: string; token: string }[] = [];

  const signUp = async (t: TestApp, email: string, phone: string) => {
    await request(t.url)
      .post('/api/auth/register')
      .send({ email, password: 'customer-password', name: 'Race Customer', phone })
      .expect(201);
    return (await request(t.url).post('/api/auth/login').send({ email, password: 'customer-password' }).expect(200))
      .body.accessToken as string;
  };

  beforeAll(async () => {
    const env = {
      ADMIN_EMAIL: STAFF.email,
      ADMIN_PASSWORD: STAFF.password,
      ADMIN_PHONE: STAFF.phone,
      VERIFY_ENABLED: 'false',
      OUTBOX_WORKER_ENABLED: 'false',
    };
    first = await startTestApp({ env });
    await Promise.all([first.app.get(AdminSeeder).seeded, first.app.get(MenuSeeder).seeded]);
    // A second API instance on the same database: what one process cannot serialise, the database must.
    second = await startTestApp({ env, databaseUri: first.databaseUri, sandbox: first });
    staff = (
      await request(first.url)
        .post('/api/auth/login')
        .send({ email: STAFF.email, password: STAFF.password })
        .expect(200)
    ).body.accessToken;
    for (let i = 0; i < 8; i++) {
      const email = `diner${i}@race.test`;
      customers.push({ email, token: await signUp(first, email, `+4477009004${String(i).padStart(2, '0')}`) });
    }
    menuItemId = (await request(first.url).get('/api/menu').expect(200)).body.items[0].id;
  });
  afterAll(async () => {
    await second?.close({ database: true, sandbox: true });
    await first?.close();
  });

  it('a dinner rush: 8 clients × 15 orders over two instances, every order 201 with its own number', async () => {
    const apps = [first, second];
    const placed = await Promise.all(
      customers.map(async (customer, c) => {
        const results = [];
        for (let n = 0; n < 15; n++) {
          results.push(
            request(apps[(c + n) % 2].url)
              .post('/api/orders')
              .set(as(customer.token))
              .send({ items: [{ menuItemId, quantity: 1 }] }),
          );
          if (n % 3 === 2) await Promise.all(results.slice(-3));
        }
        return Promise.all(results);
      }),
    );
    const all = placed.flat();
    expect(statuses(all)).toEqual(all.map(() => 201));
    const numbers = all.map((r) => r.body.number as number);
    expect(new Set(numbers).size).toBe(120);
    const listed = await request(first.url).get('/api/orders?limit=100').set(as(staff)).expect(200);
    expect(listed.body.total).toBe(120);
    // 120 orders (each with its texts and live events) on a busy 2-core machine took 10-26 s.
  }, 90_000);

  it('the same idempotency key raced from both instances makes one order, and both callers see it', async () => {
    const body = { items: [{ menuItemId, quantity: 2 }], idempotencyKey: 'race-key-1' };
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request([first, second][i % 2].url)
          .post('/api/orders')
          .set(as(customers[0].token))
          .send(body),
      ),
    );
    expect(statuses(answers)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
  });

  it('concurrent transitions of one order over two instances: exactly one wins, the rest are 409, and history has one entry each', async () => {
    const order = (
      await request(first.url)
        .post('/api/orders')
        .set(as(customers[1].token))
        .send({ items: [{ menuItemId, quantity: 1 }] })
        .expect(201)
    ).body;
    const moves = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request([first, second][i % 3 === 0 ? 1 : 0].url)
          .patch(`/api/orders/${order.id}/status`)
          .set(as(i % 2 ? staff : customers[1].token))
          .send({ status: i % 2 ? 'preparing' : 'cancelled' }),
      ),
    );
    expect(count(moves, 200)).toBe(1);
    // The losers: 409 illegal-transition, or 403 for a customer cancelling what is no longer placed.
    expect(
      moves.every(
        (r) => r.status === 200 || r.status === 409 || (r.status === 403 && r.body.type.endsWith('/forbidden')),
      ),
    ).toBe(true);
    const now = (await request(first.url).get(`/api/orders/${order.id}`).set(as(staff)).expect(200)).body;
    expect(now.history).toHaveLength(2);
    expect(now.status).toBe(moves.find((r) => r.status === 200)!.body.status);
  });

  it('concurrent wrong passwords: only 401/429, and the lock holds afterwards even for the right password', async () => {
    const email = customers[2].email;
    const failures = await Promise.all(
      Array.from({ length: 12 }, () =>
        request(first.url).post('/api/auth/login').send({ email, password: 'wrong-password-x' }),
      ),
    );
    expect(failures.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    // LOGIN_MAX_FAILURES (5) failures were counted, none lost to the race: the address is locked now.
    const right = await request(first.url).post('/api/auth/login').send({ email, password: 'customer-password' });
    expect(right.status).toBe(429);
    expect(right.body.type).toMatch(/account-locked$/);
  });

  it('concurrent refreshes with one token over two instances: exactly one new session, the rest 401', async () => {
    const session = (
      await request(first.url)
        .post('/api/auth/login')
        .send({ email: customers[3].email, password: 'customer-password' })
        .expect(200)
    ).body;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        request([first, second][i % 2].url)
          .post('/api/auth/refresh')
          .send({ refreshToken: session.refreshToken }),
      ),
    );
    expect(count(answers, 200)).toBe(1);
    expect(count(answers, 401)).toBe(7);
  });
});

/**
 * The outbox race on a queue of its own: the dinner rush above leaves a few hundred undrained
 * entries (texts, live events) behind, and draining those too only measured the machine's speed.
 */
describe('concurrency of outbox claims (e2e)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    const env = { OUTBOX_WORKER_ENABLED: 'false' };
    first = await startTestApp({ env });
    second = await startTestApp({ env, databaseUri: first.databaseUri, sandbox: first });
  });
  afterAll(async () => {
    await second?.close({ database: true, sandbox: true });
    await first?.close();
  });

  it('concurrent outbox drains of one instance and another run each entry once', async () => {
    const runs: number[] = [];
    const outboxes = [first, second].map((t) => t.app.get(OutboxService));
    outboxes.forEach((outbox) =>
      outbox.registerHandler('test.concurrency', async (payload) => {
        runs.push(payload.n);
        await new Promise((resolve) => setImmediate(resolve));
      }),
    );
    await outboxes[0].enqueue(
      Array.from({ length: 30 }, (_, n) => ({
        key: `concurrency:${n}`,
        topic: 'test.concurrency' as const,
        payload: { n },
      })),
    );
    await Promise.all([...outboxes, ...outboxes].map((outbox) => outbox.drain()));
    expect(runs.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, n) => n));
  });
});

describe('concurrency of Verify attempts (e2e)', () => {
  const ADMIN = { email: 'admin@race.test', password: 'admin-password-e2e', phone: '+15550104141' };
  let t: TestApp;
  let other: TestApp;

  beforeAll(async () => {
    const env = {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ADMIN_PHONE: ADMIN.phone,
      VERIFY_ENABLED: 'true',
      LOGIN_MAX_FAILURES: '100',
    };
    t = await startTestApp({ env });
    await t.app.get(AdminSeeder).seeded;
    other = await startTestApp({ env, databaseUri: t.databaseUri, sandbox: t });
  });
  afterAll(async () => {
    await other?.close({ database: true, sandbox: true });
    await t?.close();
  });

  const challenge = async () =>
    (await request(t.url).post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200))
      .body.verifyToken as string;
  const sentCode = async () => {
    const sent = await t.sandbox.inspect<{ code: string }[]>(`/verify?to=${encodeURIComponent(ADMIN.phone)}`);
    return sent[sent.length - 1].code;
  };

  it('concurrent wrong codes never buy more than VERIFY_MAX_ATTEMPTS tries', async () => {
    const verifyToken = await challenge();
    const code = await sentCode();
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => request(t.url).post('/api/auth/verify').send({ verifyToken, code: wrong })),
    );
    expect(answers.every((r) => r.status === 401)).toBe(true);
    // After three wrong codes the challenge is spent: the right code no longer signs in.
    await request(t.url).post('/api/auth/verify').send({ verifyToken, code }).expect(401);
  });

  it('the right code sent concurrently to two instances makes exactly one session', async () => {
    const verifyToken = await challenge();
    const code = await sentCode();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request([t, other][i % 2].url)
          .post('/api/auth/verify')
          .send({ verifyToken, code }),
      ),
    );
    expect(count(answers, 200)).toBe(1);
    expect(count(answers, 401)).toBe(5);
  });
});
