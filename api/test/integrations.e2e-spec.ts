import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const STAFF = {
  email: 'admin@integrate.test',
  password: 'admin-password-e2e',
  phone: '+15550104071',
  name: 'Ina Admin',
};
const env = {
  ADMIN_EMAIL: STAFF.email,
  ADMIN_PASSWORD: STAFF.password,
  ADMIN_PHONE: STAFF.phone,
  ADMIN_NAME: STAFF.name,
  VERIFY_ENABLED: 'false',
  THROTTLE_LIMIT: '100000',
};
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('for integrators: Idempotency-Key, cursor pages, rate-limit headers (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  const customers = { ada: '', bob: '' };
  let menuItemId: string;
  let otherItemId: string;
  const body = () => ({ items: [{ menuItemId, quantity: 1 }] });
  const countOrders = async (token: string) =>
    (await request(a.url).get('/api/orders?limit=1').set(as(token)).expect(200)).body.total as number;

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startTestApp({ env, databaseUri: a.databaseUri, sandbox: a });
    await Promise.all([a.app.get(AdminSeeder).seeded, a.app.get(MenuSeeder).seeded]);
    admin = (
      await request(a.url).post('/api/auth/login').send({ email: STAFF.email, password: STAFF.password }).expect(200)
    ).body.accessToken;
    for (const [name, phone] of [
      ['ada', '+447700900721'],
      ['bob', '+447700900722'],
    ] as const) {
      const email = `${name}@integrate.test`;
      await request(a.url)
        .post('/api/auth/register')
        .send({ email, password: 'customer-password', name, phone })
        .expect(201);
      customers[name] = (
        await request(a.url).post('/api/auth/login').send({ email, password: 'customer-password' }).expect(200)
      ).body.accessToken;
    }
    const menu = (await request(a.url).get('/api/menu').expect(200)).body.items;
    menuItemId = menu[0].id;
    otherItemId = menu[1].id;
  });
  afterAll(async () => {
    await b?.close({ database: true, sandbox: true });
    await a?.close();
  });

  describe('Idempotency-Key on POST /api/orders', () => {
    it('answers a repeat with the first answer (same status and body) and Idempotent-Replayed: true', async () => {
      const before = await countOrders(customers.ada);
      const first = await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .set('Idempotency-Key', 'key-same-1')
        .send(body())
        .expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // The other instance and reordered JSON keys are the same request.
      const again = await request(b.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .set('Idempotency-Key', 'key-same-1')
        .send({ items: [{ quantity: 1, menuItemId }] })
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await countOrders(customers.ada)).toBe(before + 1);
    });

    it('refuses the same key with a different body (422) and keeps keys per caller', async () => {
      const first = await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .set('Idempotency-Key', 'key-diff-1')
        .send(body())
        .expect(201);
      const res = await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .set('Idempotency-Key', 'key-diff-1')
        .send({ items: [{ menuItemId: otherItemId, quantity: 3 }] })
        .expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'https://tabletalk.dev/problems/idempotency-key-reused', status: 422 });
      // Another customer's same key is theirs.
      const bob = await request(a.url)
        .post('/api/orders')
        .set(as(customers.bob))
        .set('Idempotency-Key', 'key-diff-1')
        .send(body())
        .expect(201);
      expect(bob.body.id).not.toBe(first.body.id);
      expect(bob.headers['idempotent-replayed']).toBeUndefined();
    });

    it('runs concurrent duplicates once, across two instances: one order', async () => {
      const before = await countOrders(customers.ada);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          request(i % 2 ? b.url : a.url)
            .post('/api/orders')
            .set(as(customers.ada))
            .set('Idempotency-Key', 'key-race-1')
            .send(body()),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
      expect(answers.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
      expect(await countOrders(customers.ada)).toBe(before + 1);
    });

    it('does not keep a failed request: the key can be used again after a 400', async () => {
      await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .set('Idempotency-Key', 'key-fail-1')
        .send({ items: [] })
        .expect(400);
      const ok = await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .set('Idempotency-Key', 'key-fail-1')
        .send(body())
        .expect(201);
      expect(ok.headers['idempotent-replayed']).toBeUndefined();
    });

    it('refuses a malformed key (400) and still honours the body field idempotencyKey', async () => {
      await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .set('Idempotency-Key', 'x'.repeat(256))
        .send(body())
        .expect(400);
      const one = await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .send({ ...body(), idempotencyKey: 'body-key-0001' })
        .expect(201);
      const two = await request(a.url)
        .post('/api/orders')
        .set(as(customers.ada))
        .send({ ...body(), idempotencyKey: 'body-key-0001' })
        .expect(201);
      expect(two.body.id).toBe(one.body.id);
    });
  });

  it('Idempotency-Key on POST /api/orders/{id}/support-call replays the first answer', async () => {
    const order = (await request(a.url).post('/api/orders').set(as(customers.bob)).send(body()).expect(201)).body;
    const first = await request(a.url)
      .post(`/api/orders/${order.id}/support-call`)
      .set(as(customers.bob))
      .set('Idempotency-Key', 'call-1')
      .expect(201);
    const again = await request(b.url)
      .post(`/api/orders/${order.id}/support-call`)
      .set(as(customers.bob))
      .set('Idempotency-Key', 'call-1')
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    // Another order under the same key is another request.
    const other = (await request(a.url).post('/api/orders').set(as(customers.bob)).send(body()).expect(201)).body;
    await request(a.url)
      .post(`/api/orders/${other.id}/support-call`)
      .set(as(customers.bob))
      .set('Idempotency-Key', 'call-1')
      .expect(422);
  });

  it('cursor pages list every order once while orders are being created', async () => {
    for (let i = 0; i < 7; i++)
      await request(a.url).post('/api/orders').set(as(customers.bob)).send(body()).expect(201);
    const existing = (await request(a.url).get('/api/orders?limit=100').set(as(admin)).expect(200)).body.items.map(
      (o: { id: string }) => o.id,
    ) as string[];
    let creating = true;
    const created: string[] = [];
    const writer = (async () => {
      while (creating) {
        const res = await request(b.url).post('/api/orders').set(as(customers.ada)).send(body());
        if (res.status !== 201) throw new Error(`order creation failed with ${res.status}`);
        created.push(res.body.id);
      }
    })();
    try {
      for (const order of ['newest', 'oldest'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          // eslint-disable-next-line @typescript-eslint/no-inferrable-types -- without it TS infers query, page and cursor from each other (TS7022)
          const query: string = `/api/orders?limit=3&sort=${order}${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await request(a.url).get(query).set(as(admin)).expect(200)).body;
          seen.push(...page.items.map((o: { id: string }) => o.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 200);
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of existing) expect(seen).toContain(id);
      }
    } finally {
      creating = false;
      await writer;
    }
    expect(created.length).toBeGreaterThan(0);
    await request(a.url).get('/api/orders?cursor=not-a-cursor').set(as(admin)).expect(400);
    // The support request list pages by cursor too.
    const support = (await request(a.url).get('/api/support-requests?limit=1').set(as(admin)).expect(200)).body;
    expect(support).toHaveProperty('nextCursor');
  });

  it('sends RateLimit-Limit/Remaining/Reset on answers, and Retry-After with them on a 429', async () => {
    const ok = await request(a.url).get('/api/orders').set(as(admin)).expect(200);
    expect(Number(ok.headers['ratelimit-limit'])).toBe(100000);
    expect(Number(ok.headers['ratelimit-remaining'])).toBeLessThan(100000);
    expect(Number(ok.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(ok.headers['x-ratelimit-limit']).toBeUndefined();
    const problem = await request(a.url).get('/api/orders/nope').set(as(admin)).expect(400);
    expect(problem.headers['ratelimit-limit']).toBeDefined();
    // Sign-in has a stricter limit (AUTH_THROTTLE_LIMIT=1000 in the e2e env): run it out on a fresh app.
    const strict = await startTestApp({
      env: { ...env, AUTH_THROTTLE_LIMIT: '2' },
      databaseUri: a.databaseUri,
      sandbox: a,
    });
    try {
      const tries = [];
      for (let i = 0; i < 3; i++)
        tries.push(
          await request(strict.url)
            .post('/api/auth/login')
            .send({ email: 'nobody@integrate.test', password: 'wrong-password' }),
        );
      expect(tries.map((r) => r.status)).toEqual([401, 401, 429]);
      expect(tries[0].headers['ratelimit-limit']).toBe('2');
      expect(tries[0].headers['ratelimit-remaining']).toBe('1');
      const limited = tries[2];
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['ratelimit-remaining']).toBe('0');
      expect(limited.headers['ratelimit-limit']).toBe('2');
      expect(Number(limited.headers['ratelimit-reset'])).toBeGreaterThan(0);
    } finally {
      await strict.close({ database: true, sandbox: true });
      process.env.AUTH_THROTTLE_LIMIT = '1000';
    }
  });
});
