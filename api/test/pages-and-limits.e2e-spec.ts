import jwt from 'jsonwebtoken';
import { Types } from 'mongoose';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import type { OutboxMessage } from '../src/common/outbox/outbox-topics.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { MESSAGING_SEND_TOPIC } from '../src/messaging/messaging.events.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ADMIN = { email: 'admin@pages.test', password: 'admin-password-e2e', phone: '+15550104081', name: 'Pia Admin' };
const env = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  ADMIN_PHONE: ADMIN.phone,
  ADMIN_NAME: ADMIN.name,
  VERIFY_ENABLED: 'false',
  THROTTLE_LIMIT: '300',
  // The budget tests compare RateLimit-Remaining between calls. The store is a sliding log: with
  // the default 60 s window, a file running longer than that on a slow machine has its first hits
  // expire one by one, and one expiring between two compared calls gives the budget back (+1).
  THROTTLE_TTL_MS: String(3_600_000),
  OUTBOX_WORKER_ENABLED: 'true',
  OUTBOX_POLL_MS: '50',
};
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a body the way Vonage does (HS256 JWT with the body's hash). */
function sign(body: string, secret: string): string {
  const payloadHash = createHash('sha256').update(body).digest('hex');
  return jwt.sign({ iss: 'Vonage', jti: randomUUID(), payload_hash: payloadHash }, secret, { algorithm: 'HS256' });
}

/** Follows `nextCursor` from `first` until the last page; every item id, in page order. */
async function allIds(
  url: string,
  first: string,
  token?: string,
  guard = 500,
): Promise<{ ids: string[]; items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const call = request(url).get(`${first}${cursor ? `&cursor=${cursor}` : ''}`);
    const page = (await (token ? call.set(as(token)) : call).expect(200)).body as {
      items: Record<string, unknown>[];
      nextCursor: string | null;
    };
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < guard);
  return { ids: items.map((item) => item.id as string), items, pages };
}

describe('cursor pages on the menu and notifications, RateLimit-* on every answer (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ env });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
    admin = (
      await request(t.url).post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200)
    ).body.accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/menu', () => {
    it('answers a page {items, page, limit, total, nextCursor} by category then name', async () => {
      const page = (await request(t.url).get('/api/menu?limit=2').expect(200)).body;
      expect(page).toMatchObject({ page: 1, limit: 2, total: 7 });
      expect(page.items).toHaveLength(2);
      expect(typeof page.nextCursor).toBe('string');
      const whole = (await request(t.url).get('/api/menu?limit=100').expect(200)).body;
      expect(whole.nextCursor).toBeNull();
      const keys = whole.items.map((item: { category: string; name: string }) => `${item.category}\u0000${item.name}`);
      expect(keys).toEqual([...keys].sort());
      // Page numbers still work, in the same order.
      const second = (await request(t.url).get('/api/menu?page=2&limit=3').expect(200)).body;
      expect(second.items.map((item: { id: string }) => item.id)).toEqual(
        whole.items.slice(3, 6).map((item: { id: string }) => item.id),
      );
    });

    it('lists every item once while items are being added and removed around the pages', async () => {
      const categories = ['Aa first', 'Pizza', 'Starters', 'Zz last'];
      for (let i = 0; i < 12; i++) {
        await request(t.url)
          .post('/api/menu')
          .set(as(admin))
          .send({
            name: `Dish ${String(i).padStart(2, '0')}`,
            priceCents: 100 + i,
            category: categories[i % 4],
            available: i % 3 !== 0,
          })
          .expect(201);
      }
      const existing = (
        await request(t.url).get('/api/menu?includeUnavailable=true&limit=100').expect(200)
      ).body.items.map((item: { id: string }) => item.id) as string[];
      let writing = true;
      let added = 0;
      const writer = (async () => {
        while (writing) {
          const category = categories[added % 4];
          const created = await request(t.url)
            .post('/api/menu')
            .set(as(admin))
            .send({ name: `Late ${randomUUID().slice(0, 8)}`, priceCents: 500, category });
          if (created.status !== 201) throw new Error(`menu item creation failed with ${created.status}`);
          added++;
        }
      })();
      try {
        const { ids, items, pages } = await allIds(t.url, '/api/menu?includeUnavailable=true&limit=3');
        expect(pages).toBeGreaterThan(5);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of existing) expect(ids).toContain(id);
        const keys = items.map((item) => `${item.category as string}\u0000${item.name as string}`);
        expect(keys).toEqual([...keys].sort());
        // Available items only by default: the same walk skips the switched-off ones.
        const available = await allIds(t.url, '/api/menu?limit=4');
        expect(available.items.every((item) => item.available === true)).toBe(true);
        expect(new Set(available.ids).size).toBe(available.ids.length);
      } finally {
        writing = false;
        await writer;
      }
      expect(added).toBeGreaterThan(0);
    });

    it('refuses a cursor it did not make: 400 problem+json', async () => {
      const malformed = await request(t.url).get('/api/menu?cursor=not%20a%20cursor').expect(400);
      expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      for (const forged of [
        cursorOf(['Pizza', 'Margherita']),
        cursorOf(['Pizza', 'Margherita', 'not-an-id']),
        cursorOf({ $gt: '' }),
        'AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ]) {
        const res = await request(t.url).get(`/api/menu?cursor=${forged}`).expect(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toMatchObject({ type: 'https://tabletalk.dev/problems/invalid-cursor', status: 400 });
      }
    });
  });

  it('refuses a time-and-id cursor (orders, support requests) whose time no date holds: 400, not 500', async () => {
    const farFuture = Buffer.concat([
      Buffer.from([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      Buffer.alloc(12),
    ]).toString('base64url');
    for (const path of ['/api/orders', '/api/support-requests']) {
      const res = await request(t.url).get(`${path}?cursor=${farFuture}`).set(as(admin)).expect(400);
      expect(res.body).toMatchObject({ type: 'https://tabletalk.dev/problems/invalid-cursor' });
    }
  });

  describe('GET /api/notifications', () => {
    it("lists an order's texts once, oldest first, while texts are queued and sent between the pages", async () => {
      const outbox = t.app.get(OutboxService);
      const orderId = new Types.ObjectId().toHexString();
      const entry = (n: number): OutboxMessage<typeof MESSAGING_SEND_TOPIC> => ({
        key: `order:${orderId}:${String(n).padStart(2, '0')}`,
        topic: MESSAGING_SEND_TOPIC,
        payload: {
          channel: 'sms',
          to: `+44770090${String(6000 + n)}`,
          text: `Order update ${n}`,
          orderId,
          customerId: new Types.ObjectId().toHexString(),
          event: 'placed',
        },
      });
      // Queued one by one, so each has its own time; the worker records and sends them meanwhile.
      for (let n = 0; n < 8; n++) await outbox.enqueue([entry(n)]);
      let writing = true;
      let next = 8;
      const writer = (async () => {
        while (writing && next < 40) {
          await outbox.enqueue([entry(next++)]);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      let walk: Awaited<ReturnType<typeof allIds>>;
      try {
        walk = await allIds(t.url, `/api/notifications?orderId=${orderId}&limit=2`, admin);
      } finally {
        writing = false;
        await writer;
      }
      expect(new Set(walk.ids).size).toBe(walk.ids.length);
      const numbers = walk.ids.map((id) => Number(id.split(':').pop()));
      // All texts queued before the walk, and in the order they were queued.
      for (let n = 0; n < 8; n++) expect(numbers).toContain(n);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      const whole = (
        await request(t.url).get(`/api/notifications?orderId=${orderId}&limit=100`).set(as(admin)).expect(200)
      ).body;
      expect(whole).toMatchObject({ page: 1, limit: 100, total: next, nextCursor: null });
    });

    it('refuses a cursor it did not make: 400 problem+json', async () => {
      const orderId = new Types.ObjectId().toHexString();
      const menuCursor = (await request(t.url).get('/api/menu?limit=1').expect(200)).body.nextCursor;
      for (const forged of [menuCursor, cursorOf([1, 2]), cursorOf(['x', 'y'])]) {
        const res = await request(t.url)
          .get(`/api/notifications?orderId=${orderId}&cursor=${forged}`)
          .set(as(admin))
          .expect(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toMatchObject({ type: 'https://tabletalk.dev/problems/invalid-cursor' });
      }
    });
  });

  describe('RateLimit-* on every answer', () => {
    const limits = (res: request.Response) => ({
      limit: Number(res.headers['ratelimit-limit']),
      remaining: Number(res.headers['ratelimit-remaining']),
      reset: Number(res.headers['ratelimit-reset']),
    });
    const expectHeaders = (res: request.Response) => {
      for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'])
        expect(res.headers[name]).toMatch(/^\d+$/);
    };

    it('on health checks and signed Vonage webhooks, which show the general budget without spending it', async () => {
      const live = await request(t.url).get('/api/health/live').expect(200);
      expectHeaders(live);
      expect(limits(live).limit).toBe(300);
      const ready = await request(t.url).get('/api/health/ready').expect(200);
      expect(limits(ready).remaining).toBe(limits(live).remaining);
      const body = JSON.stringify({
        message_uuid: randomUUID(),
        status: 'delivered',
        timestamp: new Date().toISOString(),
        to: '447700900000',
        channel: 'sms',
      });
      const signed = await request(t.url)
        .post('/api/webhooks/messages/status')
        .set('Content-Type', 'application/json')
        .set('Authorization', `Bearer ${sign(body, t.vonage.signatureSecret)}`)
        .send(body)
        .expect(204);
      expectHeaders(signed);
      expect(limits(signed).remaining).toBe(limits(live).remaining);
      // An unsigned (or forged) call is refused, and spends it.
      const unsigned = await request(t.url)
        .post('/api/webhooks/messages/status')
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(401);
      expectHeaders(unsigned);
      expect(limits(unsigned).remaining).toBe(limits(live).remaining - 1);
      expect(limits(unsigned).reset).toBeGreaterThan(0);
    });

    it('on unknown paths (404), wrong methods (405) and requests refused before their route (malformed JSON)', async () => {
      const before = limits(await request(t.url).get('/api/health/live').expect(200));
      const missing = await request(t.url).get('/api/no-such-thing').expect(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      expectHeaders(missing);
      expect(limits(missing)).toMatchObject({ limit: 300, remaining: before.remaining - 1 });
      const wrongMethod = await request(t.url).delete('/api/menu').expect(405);
      expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
      expectHeaders(wrongMethod);
      expect(limits(wrongMethod).remaining).toBe(before.remaining - 2);
      const malformed = await request(t.url)
        .post('/api/orders')
        .set(as(admin))
        .set('Content-Type', 'application/json')
        .send('{"items": [')
        .expect(400);
      expectHeaders(malformed);
      // Throttled routes keep their own count.
      const listed = await request(t.url).get('/api/orders').set(as(admin)).expect(200);
      expectHeaders(listed);
    });

    it('on the live event stream', async () => {
      const controller = new AbortController();
      const res = await fetch(`${t.url}/api/events`, {
        headers: { authorization: `Bearer ${admin}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      try {
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-limit')).toBe('300');
        expect(res.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
      } finally {
        controller.abort();
      }
    });

    it('refuses unknown paths with 429, Retry-After and the headers once the budget is spent; health and Vonage are never refused', async () => {
      const strict = await startTestApp({
        env: { ...env, THROTTLE_LIMIT: '3' },
        databaseUri: t.databaseUri,
        sandbox: t,
      });
      try {
        const tries = [];
        for (let i = 0; i < 4; i++) tries.push(await request(strict.url).get(`/api/nothing-here-${i}`));
        expect(tries.map((r) => r.status)).toEqual([404, 404, 404, 429]);
        expect(tries.map((r) => r.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
        const limited = tries[3];
        expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(limited.body).toMatchObject({ type: 'https://tabletalk.dev/problems/too-many-requests', status: 429 });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(limited.headers['ratelimit-limit']).toBe('3');
        expect(Number(limited.headers['ratelimit-reset'])).toBeGreaterThan(0);
        // Wrong methods are refused the same way.
        const wrongMethod = await request(strict.url).delete('/api/menu').expect(429);
        expect(wrongMethod.headers['retry-after']).toBeDefined();
        // A liveness probe and Vonage still get through, showing the spent budget.
        const live = await request(strict.url).get('/api/health/live').expect(200);
        expect(live.headers['ratelimit-remaining']).toBe('0');
        const body = JSON.stringify({
          message_uuid: randomUUID(),
          status: 'delivered',
          timestamp: new Date().toISOString(),
          to: '447700900000',
          channel: 'sms',
        });
        await request(strict.url)
          .post('/api/webhooks/messages/status')
          .set('Content-Type', 'application/json')
          .set('Authorization', `Bearer ${sign(body, strict.vonage.signatureSecret)}`)
          .send(body)
          .expect(204);
      } finally {
        await strict.close({ database: true, sandbox: true });
        process.env.THROTTLE_LIMIT = env.THROTTLE_LIMIT;
      }
    });
  });
});
