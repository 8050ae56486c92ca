import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { WebhookTargetResolver } from '../src/webhook-endpoints/webhook-target.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { verifyStandardWebhook, WebhookReceiver } from './support/webhook-receiver.js';

const ADMIN = { email: 'admin@hooks.test', password: 'admin-password-e2e', phone: '+15550104070', name: 'Hook Admin' };
const env = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  ADMIN_PHONE: ADMIN.phone,
  ADMIN_NAME: ADMIN.name,
  VERIFY_ENABLED: 'false',
  OUTBOX_POLL_MS: '50',
  EVENTS_POLL_MS: '50',
  WEBHOOKS_DISPATCH_POLL_MS: '50',
  WEBHOOKS_RETRY_SCHEDULE_MS: '100,100,100',
  WEBHOOKS_DISABLE_AFTER_FAILURES: '6',
  WEBHOOKS_TIMEOUT_MS: '2000',
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
};

interface Actors {
  admin: string;
  customer: string;
  menuItemId: string;
}

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

async function actors(t: TestApp, phone: string): Promise<Actors> {
  await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
  const admin = (
    await request(t.url).post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200)
  ).body.accessToken;
  const email = `eve${phone.slice(-4)}@hooks.test`;
  await request(t.url)
    .post('/api/auth/register')
    .send({ email, password: 'customer-password', name: 'Eve Hooks', phone })
    .expect(201);
  const customer = (
    await request(t.url).post('/api/auth/login').send({ email, password: 'customer-password' }).expect(200)
  ).body.accessToken;
  const menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
  return { admin, customer, menuItemId };
}

describe('outbound webhooks (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let who: Actors;
  let receiver: WebhookReceiver;

  const order = async (t = a) =>
    (
      await request(t.url)
        .post('/api/orders')
        .set(as(who.customer))
        .send({ items: [{ menuItemId: who.menuItemId, quantity: 1 }] })
        .expect(201)
    ).body as {
      id: string;
    };
  const register = async (path: string, events = ['order.created'], t = a) =>
    (
      await request(t.url)
        .post('/api/webhook-endpoints')
        .set(as(who.admin))
        .send({ url: receiver.url(path), events, description: path })
        .expect(201)
    ).body as {
      id: string;
      secret: string;
    };
  const deliveries = async (endpointId: string) =>
    (await request(a.url).get(`/api/webhook-endpoints/${endpointId}/deliveries`).set(as(who.admin)).expect(200)).body
      .items as Record<string, any>[];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    a = await startTestApp({ env });
    // A second instance on the same database: each event must still reach each endpoint once.
    b = await startTestApp({ env, databaseUri: a.databaseUri, sandbox: a });
    who = await actors(a, '+447700900701');
  });
  afterAll(async () => {
    await b?.close({ database: true, sandbox: true });
    await a?.close();
    await receiver?.stop();
  });

  it('lets admins register, list, read, update and delete endpoints; the secret is shown once', async () => {
    const created = await register('/crud');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const list = (await request(a.url).get('/api/webhook-endpoints').set(as(who.admin)).expect(200)).body;
    expect(list.items.find((e: { id: string }) => e.id === created.id)).toMatchObject({
      url: receiver.url('/crud'),
      events: ['order.created'],
      disabled: false,
    });
    expect(JSON.stringify(list)).not.toContain('whsec_');
    expect(
      (await request(a.url).get(`/api/webhook-endpoints/${created.id}`).set(as(who.admin)).expect(200)).body,
    ).not.toHaveProperty('secret');
    await request(a.url)
      .patch(`/api/webhook-endpoints/${created.id}`)
      .set(as(who.admin))
      .send({ events: ['order.status_changed'] })
      .expect(200);
    await request(a.url)
      .post('/api/webhook-endpoints')
      .set(as(who.customer))
      .send({ url: receiver.url('/x'), events: ['order.created'] })
      .expect(403);
    await request(a.url)
      .post('/api/webhook-endpoints')
      .set(as(who.admin))
      .send({ url: 'ftp://example.com/', events: ['order.created'] })
      .expect(400);
    await request(a.url)
      .post('/api/webhook-endpoints')
      .set(as(who.admin))
      .send({ url: receiver.url('/x'), events: ['pizza.eaten'] })
      .expect(400);
    await request(a.url).delete(`/api/webhook-endpoints/${created.id}`).set(as(who.admin)).expect(204);
    await request(a.url).get(`/api/webhook-endpoints/${created.id}`).set(as(who.admin)).expect(404);
  });

  it('delivers each event once, signed the Standard Webhooks way, with the live stream body, across two instances', async () => {
    const endpoint = await register('/signed', ['order.created', 'order.status_changed']);
    const placed = [await order(a), await order(b), await order(a)];
    await eventually(async () =>
      expect(receiver.at('/signed').filter((r) => JSON.parse(r.body).type === 'order.created')).toHaveLength(3),
    );
    // Give a duplicate (from the second instance) the time to show up, then count again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const got = receiver.at('/signed');
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(got.length);
    expect(got.map((r) => JSON.parse(r.body).data.orderId).sort()).toEqual(placed.map((o) => o.id).sort());
    for (const hit of got) {
      expect(verifyStandardWebhook(endpoint.secret, hit.headers, hit.body)).toBe(true);
      expect(hit.headers['content-type']).toBe('application/json');
      // A tampered body or another secret does not verify.
      expect(
        verifyStandardWebhook(endpoint.secret, hit.headers, hit.body.replace('order.created', 'order.createe')),
      ).toBe(false);
      expect(verifyStandardWebhook('whsec_' + Buffer.alloc(24, 1).toString('base64'), hit.headers, hit.body)).toBe(
        false,
      );
    }
    expect(JSON.parse(got[0].body)).toMatchObject({ type: 'order.created', data: { status: 'placed' } });
    const log = await eventually(async () => {
      const items = await deliveries(endpoint.id);
      expect(items.every((d) => d.status === 'succeeded')).toBe(true);
      return items;
    });
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      attempts: 1,
      lastStatusCode: 200,
      responseExcerpt: 'ok',
      eventType: 'order.created',
    });
    expect(log[0].lastLatencyMs).toEqual(expect.any(Number));
    expect(log[0].messageId).toBe(got.find((r) => JSON.parse(r.body).seq === log[0].eventSeq)!.headers['webhook-id']);
    // A status change is an event too.
    await request(a.url)
      .patch(`/api/orders/${placed[0].id}/status`)
      .set(as(who.admin))
      .send({ status: 'preparing' })
      .expect(200);
    await eventually(async () =>
      expect(receiver.at('/signed').some((r) => JSON.parse(r.body).type === 'order.status_changed')).toBe(true),
    );
  });

  it('retries a failing receiver with the same webhook-id until it answers 2xx, logging every attempt; replay sends it again', async () => {
    const endpoint = await register('/flaky');
    receiver.answer('/flaky', 500, 503);
    const placed = await order();
    const delivery = await eventually(async () => {
      const [d] = await deliveries(endpoint.id);
      expect(d).toMatchObject({ status: 'succeeded', attempts: 3 });
      return d;
    });
    const hits = receiver.at('/flaky');
    expect(hits).toHaveLength(3);
    expect(new Set(hits.map((h) => h.headers['webhook-id']))).toEqual(new Set([delivery.messageId]));
    expect(delivery.attemptLog.map((x: { statusCode: number }) => x.statusCode)).toEqual([500, 503, 200]);
    expect(delivery.attemptLog[0].responseExcerpt).toBe('failing with 500');
    expect(hits.every((h) => verifyStandardWebhook(endpoint.secret, h.headers, h.body))).toBe(true);
    expect(JSON.parse(hits[0].body).data.orderId).toBe(placed.id);

    const replayed = await request(a.url)
      .post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/replay`)
      .set(as(who.admin))
      .expect(202);
    expect(replayed.body).toMatchObject({ id: delivery.id, status: 'pending' });
    await eventually(async () => expect(receiver.at('/flaky')).toHaveLength(4));
    const again = receiver.at('/flaky')[3];
    expect(again.headers['webhook-id']).toBe(delivery.messageId);
    expect(again.body).toBe(hits[0].body);
    expect(verifyStandardWebhook(endpoint.secret, again.headers, again.body)).toBe(true);
    await eventually(async () =>
      expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'succeeded', attempts: 4 }),
    );
    await request(a.url)
      .post(`/api/webhook-endpoints/${endpoint.id}/deliveries/0123456789abcdef01234567/replay`)
      .set(as(who.admin))
      .expect(404);
  });

  it('signs with the old and the new secret for a while after a rotation', async () => {
    const endpoint = await register('/rotated');
    const rotated = (
      await request(a.url).post(`/api/webhook-endpoints/${endpoint.id}/rotate-secret`).set(as(who.admin)).expect(200)
    ).body;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    await order();
    const [hit] = await eventually(async () => {
      const hits = receiver.at('/rotated');
      expect(hits).toHaveLength(1);
      return hits;
    });
    expect((hit.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    expect(verifyStandardWebhook(rotated.secret, hit.headers, hit.body)).toBe(true);
    expect(verifyStandardWebhook(endpoint.secret, hit.headers, hit.body)).toBe(true);
  });

  it('disables an endpoint that keeps failing, with a notice, and stops sending to it', async () => {
    const endpoint = await register('/down');
    receiver.always.set('/down', 500);
    await order();
    await order();
    const disabled = await eventually(
      async () => {
        const e = (await request(a.url).get(`/api/webhook-endpoints/${endpoint.id}`).set(as(who.admin)).expect(200))
          .body;
        expect(e.disabled).toBe(true);
        return e;
      },
      { timeoutMs: 15_000 },
    );
    expect(disabled.disabledReason).toMatch(/automatically after \d+ failed delivery attempts/);
    expect(disabled.disabledAt).toEqual(expect.any(String));
    // An attempt that read the endpoint just before it was disabled (on either instance) may still
    // be on its way: wait until no delivery is pending (each one left either ran out of retries or
    // was failed as "endpoint disabled"), rather than a fixed pause a slow machine can outlast.
    await eventually(
      async () => expect((await deliveries(endpoint.id)).map((d) => d.status)).not.toContain('pending'),
      { timeoutMs: 15_000 },
    );
    const before = receiver.at('/down').length;
    await order();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(receiver.at('/down')).toHaveLength(before);
    const [last] = await deliveries(endpoint.id);
    await request(a.url)
      .post(`/api/webhook-endpoints/${endpoint.id}/deliveries/${last.id}/replay`)
      .set(as(who.admin))
      .expect(409);
    // Enabling clears the notice and the streak.
    const enabled = (
      await request(a.url)
        .patch(`/api/webhook-endpoints/${endpoint.id}`)
        .set(as(who.admin))
        .send({ disabled: false })
        .expect(200)
    ).body;
    expect(enabled).toMatchObject({ disabled: false, disabledReason: null, failureStreak: 0 });
  });

  it('connects to the address it checked (pinned), not to a fresh DNS answer', async () => {
    // Both instances: either one's outbox worker may send the delivery.
    const resolvers = [a, b].map((t) => t.app.get(WebhookTargetResolver));
    const original = resolvers[0].lookup;
    for (const resolver of resolvers)
      resolver.lookup = async (host) =>
        host === 'receiver.invalid' ? [{ address: '127.0.0.1', family: 4 }] : original(host);
    try {
      const endpoint = (
        await request(a.url)
          .post('/api/webhook-endpoints')
          .set(as(who.admin))
          .send({ url: receiver.url('/pinned', 'receiver.invalid'), events: ['order.created'] })
          .expect(201)
      ).body;
      await order();
      await eventually(async () => expect(receiver.at('/pinned')).toHaveLength(1));
      expect(receiver.at('/pinned')[0].headers.host).toBe(`receiver.invalid:${receiver.port}`);
      expect(
        verifyStandardWebhook(endpoint.secret, receiver.at('/pinned')[0].headers, receiver.at('/pinned')[0].body),
      ).toBe(true);
    } finally {
      for (const resolver of resolvers) resolver.lookup = original;
    }
  });
});

describe('outbound webhooks: SSRF protection (e2e)', () => {
  let t: TestApp;
  let who: Actors;
  let receiver: WebhookReceiver;
  const create = (url: string) =>
    request(t.url)
      .post('/api/webhook-endpoints')
      .set(as(who.admin))
      .send({ url, events: ['order.created'] });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startTestApp({ env: { ...env, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'false' } });
    who = await actors(t, '+447700900702');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['IPv6 loopback', 'http://[::1]:8080/hook'],
    ['private 10/8', 'http://10.0.0.5/hook'],
    ['private 192.168/16', 'https://192.168.1.20/hook'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['unspecified', 'http://0.0.0.0:8080/'],
  ])('refuses a %s address when registered (422)', async (_, url) => {
    const res = await create(url).expect(422);
    expect(res.body).toMatchObject({
      type: 'https://tabletalk.dev/problems/webhook-target-refused',
      errors: [{ field: 'url' }],
    });
  });

  it('refuses at send time a host name that resolves to loopback or a private address, and sends nothing', async () => {
    const resolver = t.app.get(WebhookTargetResolver);
    const original = resolver.lookup;
    resolver.lookup = async (host) =>
      host === 'internal.invalid' ? [{ address: '10.20.30.40', family: 4 }] : original(host);
    try {
      // `localhost` resolves to loopback through the system resolver; internal.invalid through the injected one.
      const local = (await create(receiver.url('/local', 'localhost')).expect(201)).body;
      const internal = (await create(`http://internal.invalid:${receiver.port}/internal`).expect(201)).body;
      await request(t.url)
        .post('/api/orders')
        .set(as(who.customer))
        .send({ items: [{ menuItemId: who.menuItemId, quantity: 1 }] })
        .expect(201);
      for (const [endpoint, address] of [
        [local, /127\.0\.0\.1|::1/],
        [internal, /10\.20\.30\.40/],
      ] as const) {
        const [delivery] = await eventually(async () => {
          const items = (
            await request(t.url).get(`/api/webhook-endpoints/${endpoint.id}/deliveries`).set(as(who.admin)).expect(200)
          ).body.items;
          expect(items[0]?.attempts).toBeGreaterThanOrEqual(1);
          return items;
        });
        expect(delivery.lastError).toMatch(/target refused/);
        expect(delivery.lastError).toMatch(address);
        expect(delivery.lastStatusCode).toBeNull();
      }
      expect(receiver.received).toHaveLength(0);
    } finally {
      resolver.lookup = original;
    }
  });
});
