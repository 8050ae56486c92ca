import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const STAFF = { email: 'chef@orders.test', password: 'staff-password-e2e', phone: '+15550103030' };

interface MenuItem {
  id: string;
  name: string;
  priceCents: number;
  available: boolean;
}

describe('orders (e2e)', () => {
  let t: TestApp;
  let staff: string;
  let menu: MenuItem[];
  const customers: Record<'ada' | 'bob', { token: string; phone: string }> = {
    ada: { token: '', phone: '+447700900301' },
    bob: { token: '', phone: '+447700900302' },
  };
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const place = (token: string, body: object) => request(t.url).post('/api/orders').set(as(token)).send(body);
  const move = (token: string, id: string, status: string) =>
    request(t.url).patch(`/api/orders/${id}/status`).set(as(token)).send({ status });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: STAFF.email,
        ADMIN_PASSWORD: STAFF.password,
        ADMIN_PHONE: STAFF.phone,
        VERIFY_ENABLED: 'false',
      },
    });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
    staff = (
      await request(t.url).post('/api/auth/login').send({ email: STAFF.email, password: STAFF.password }).expect(200)
    ).body.accessToken;
    for (const [name, customer] of Object.entries(customers)) {
      const email = `${name}@orders.test`;
      await request(t.url)
        .post('/api/auth/register')
        .send({ email, password: 'customer-password', name: `${name} Customer`, phone: customer.phone })
        .expect(201);
      customer.token = (
        await request(t.url).post('/api/auth/login').send({ email, password: 'customer-password' }).expect(200)
      ).body.accessToken;
    }
    menu = (await request(t.url).get('/api/menu?limit=100').expect(200)).body.items;
  });
  afterAll(() => t.close());

  describe('menu', () => {
    it('is public and seeded on first start', () => {
      expect(menu.length).toBeGreaterThanOrEqual(5);
      expect(menu[0]).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        description: expect.any(String),
        priceCents: expect.any(Number),
        prepMinutes: expect.any(Number),
        available: true,
        category: expect.any(String),
      });
    });

    it('is managed by staff only; unavailable items leave the public menu', async () => {
      const created = await request(t.url)
        .post('/api/menu')
        .set(as(staff))
        .send({ name: 'Seasonal soup', priceCents: 650, category: 'Starters' })
        .expect(201);
      await request(t.url)
        .post('/api/menu')
        .set(as(customers.ada.token))
        .send({ name: 'Free lunch', priceCents: 0 })
        .expect(403);
      await request(t.url)
        .post('/api/menu')
        .set(as(staff))
        .send({ name: 'Seasonal soup', priceCents: 700 })
        .expect(409);
      // Names and categories reach customers' screens and texts: one line, not blank (a name of
      // "\r" passed validation, was trimmed to nothing by the schema and answered 500).
      for (const [body, field] of [
        [{ name: '\r', priceCents: 100 }, 'name'],
        [{ name: '   ', priceCents: 100 }, 'name'],
        [{ name: 'Soup\nof the day', priceCents: 100 }, 'name'],
        [{ name: 'Soup of the day', priceCents: 100, category: ' ' }, 'category'],
        [{ name: 'Soup of the day', priceCents: 100, category: 'Starters\u202e' }, 'category'],
      ] as const) {
        const refused = await request(t.url).post('/api/menu').set(as(staff)).send(body).expect(400);
        expect(new Set(refused.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set([field]));
      }
      await request(t.url).patch(`/api/menu/${created.body.id}`).set(as(staff)).send({ name: '\t' }).expect(400);

      await request(t.url).patch(`/api/menu/${created.body.id}`).set(as(staff)).send({ available: false }).expect(200);
      const publicMenu = (await request(t.url).get('/api/menu?limit=100').expect(200)).body.items as MenuItem[];
      expect(publicMenu.map((item) => item.id)).not.toContain(created.body.id);
      const full = (await request(t.url).get('/api/menu?includeUnavailable=true&limit=100').expect(200)).body
        .items as MenuItem[];
      expect(full.find((item) => item.id === created.body.id)).toMatchObject({ available: false, priceCents: 650 });

      await request(t.url).delete(`/api/menu/${created.body.id}`).set(as(staff)).expect(204);
      await request(t.url).delete(`/api/menu/${created.body.id}`).set(as(staff)).expect(404);
      await request(t.url).patch('/api/menu/not-an-id').set(as(staff)).send({ priceCents: 1 }).expect(400);
    });
  });

  describe('placing an order', () => {
    it('prices it on the server from the menu, whatever the client thinks', async () => {
      const [a, b] = menu;
      const res = await place(customers.ada.token, {
        items: [
          { menuItemId: a.id, quantity: 2, note: 'extra crispy' },
          { menuItemId: b.id, quantity: 1 },
        ],
      }).expect(201);
      expect(res.body).toMatchObject({
        status: 'placed',
        totalCents: 2 * a.priceCents + b.priceCents,
        items: [
          { menuItemId: a.id, name: a.name, unitPriceCents: a.priceCents, quantity: 2, note: 'extra crispy' },
          { menuItemId: b.id, quantity: 1, note: '' },
        ],
        customer: { email: 'ada@orders.test', phone: customers.ada.phone },
        nextStatuses: ['preparing', 'cancelled'],
      });
      expect(res.body.number).toBeGreaterThan(1000);
      expect(res.body.history).toEqual([expect.objectContaining({ status: 'placed', byRole: 'customer' })]);
    });

    it('refuses unknown and unavailable items, naming each, and writes nothing', async () => {
      const soup = (
        await request(t.url)
          .post('/api/menu')
          .set(as(staff))
          .send({ name: 'Sold-out special', priceCents: 900, available: false })
          .expect(201)
      ).body;
      const before = (await request(t.url).get('/api/orders').set(as(customers.bob.token)).expect(200)).body.total;
      const res = await place(customers.bob.token, {
        items: [
          { menuItemId: menu[0].id, quantity: 1 },
          { menuItemId: '0123456789abcdef01234567', quantity: 1 },
          { menuItemId: soup.id, quantity: 1 },
        ],
      }).expect(422);
      expect(res.body.type).toMatch(/menu-items-unavailable$/);
      expect(res.body.errors).toEqual([
        { field: 'items.1.menuItemId', message: expect.stringContaining('does not exist') },
        { field: 'items.2.menuItemId', message: 'Sold-out special is not available right now' },
      ]);
      expect((await request(t.url).get('/api/orders').set(as(customers.bob.token))).body.total).toBe(before);
    });

    it.each([
      ['no items', { items: [] }, 'items'],
      ['a zero quantity', { items: [{ menuItemId: '0123456789abcdef01234567', quantity: 0 }] }, 'items.0.quantity'],
      ['a bad id', { items: [{ menuItemId: 'pizza', quantity: 1 }] }, 'items.0.menuItemId'],
      [
        'a price from the client',
        { items: [{ menuItemId: '0123456789abcdef01234567', quantity: 1, priceCents: 1 }] },
        'items.0.priceCents',
      ],
    ])('rejects %s', async (_, body, field) => {
      const res = await place(customers.bob.token, body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('returns the same order for the same idempotency key, even when retries race', async () => {
      const body = { items: [{ menuItemId: menu[0].id, quantity: 1 }], idempotencyKey: 'checkout-race-0001' };
      const results = await Promise.all([1, 2, 3].map(() => place(customers.bob.token, body)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const again = await place(customers.bob.token, body).expect(201);
      expect(again.body.id).toBe(results[0].body.id);
      // Another customer's identical key is their own order.
      const other = await place(customers.ada.token, body).expect(201);
      expect(other.body.id).not.toBe(results[0].body.id);
    });

    it('is for customers: staff cannot place orders, anonymous callers get 401', async () => {
      await place(staff, { items: [{ menuItemId: menu[0].id, quantity: 1 }] }).expect(403);
      await request(t.url)
        .post('/api/orders')
        .send({ items: [{ menuItemId: menu[0].id, quantity: 1 }] })
        .expect(401);
    });
  });

  describe('who sees what', () => {
    it('a customer sees only their own orders; staff see all', async () => {
      const mine = (await place(customers.ada.token, { items: [{ menuItemId: menu[1].id, quantity: 1 }] }).expect(201))
        .body;
      await request(t.url).get(`/api/orders/${mine.id}`).set(as(customers.bob.token)).expect(403);
      await request(t.url).get(`/api/orders/${mine.id}`).set(as(staff)).expect(200);
      const bobs = (await request(t.url).get('/api/orders?limit=100').set(as(customers.bob.token)).expect(200)).body;
      expect(bobs.items.every((o: { customer: { email: string } }) => o.customer.email === 'bob@orders.test')).toBe(
        true,
      );
      const all = (await request(t.url).get('/api/orders?limit=100').set(as(staff)).expect(200)).body;
      expect(all.items.map((o: { id: string }) => o.id)).toContain(mine.id);
      await request(t.url).get('/api/orders/0123456789abcdef01234567').set(as(staff)).expect(404);
    });

    it('filters by status and pages through the results', async () => {
      const page = (
        await request(t.url).get('/api/orders?status=placed&limit=2&page=1&sort=oldest').set(as(staff)).expect(200)
      ).body;
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThan(2);
      expect(page.items.every((o: { status: string }) => o.status === 'placed')).toBe(true);
      expect(page.items[0].number).toBeLessThan(page.items[1].number);
      const next = (
        await request(t.url).get('/api/orders?status=placed&limit=2&page=2&sort=oldest').set(as(staff)).expect(200)
      ).body;
      expect(next.items[0].number).toBeGreaterThan(page.items[1].number);
      await request(t.url).get('/api/orders?status=eaten').set(as(staff)).expect(400);
      await request(t.url).get('/api/orders?limit=1000').set(as(staff)).expect(400);
    });
  });

  describe('status changes', () => {
    const newOrder = async () =>
      (await place(customers.ada.token, { items: [{ menuItemId: menu[0].id, quantity: 1 }] }).expect(201)).body;

    it('follows the lifecycle and keeps who changed what', async () => {
      const order = await newOrder();
      for (const status of ['preparing', 'ready', 'completed']) {
        const res = await move(staff, order.id, status).expect(200);
        expect(res.body.status).toBe(status);
      }
      const done = (await request(t.url).get(`/api/orders/${order.id}`).set(as(staff))).body;
      expect(done.history.map((h: { status: string }) => h.status)).toEqual([
        'placed',
        'preparing',
        'ready',
        'completed',
      ]);
      expect(done.history[1]).toMatchObject({ byRole: 'admin' });
      expect(done.nextStatuses).toEqual([]);
    });

    it.each([
      ['placed', 'ready'],
      ['placed', 'completed'],
      ['placed', 'placed'],
    ])('refuses %s → %s with 409', async (_, to) => {
      const order = await newOrder();
      const res = await move(staff, order.id, to).expect(409);
      expect(res.body.type).toBe('https://tabletalk.dev/problems/illegal-transition');
      expect((await request(t.url).get(`/api/orders/${order.id}`).set(as(staff))).body.status).toBe('placed');
    });

    it('a finished order cannot be cancelled; a preparing one can', async () => {
      const finished = await newOrder();
      for (const status of ['preparing', 'ready', 'completed']) await move(staff, finished.id, status).expect(200);
      await move(staff, finished.id, 'cancelled').expect(409);
      const cooking = await newOrder();
      await move(staff, cooking.id, 'preparing').expect(200);
      await move(staff, cooking.id, 'cancelled').expect(200);
    });

    it('a customer may cancel their own placed order, and nothing else', async () => {
      const order = await newOrder();
      await move(customers.ada.token, order.id, 'preparing').expect(403);
      await move(customers.bob.token, order.id, 'cancelled').expect(403);
      await move(customers.ada.token, order.id, 'cancelled').expect(200);
      const cooking = await newOrder();
      await move(staff, cooking.id, 'preparing').expect(200);
      await move(customers.ada.token, cooking.id, 'cancelled').expect(403);
    });

    it('two staff moving the same order at once: one wins, the other gets 409', async () => {
      const order = await newOrder();
      const results = await Promise.all([move(staff, order.id, 'preparing'), move(staff, order.id, 'preparing')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const final = (await request(t.url).get(`/api/orders/${order.id}`).set(as(staff))).body;
      expect(final.history).toHaveLength(2);
    });
  });

  describe('notifications', () => {
    it('texts the customer at every step, naming the restaurant and the order', async () => {
      const order = (await place(customers.bob.token, { items: [{ menuItemId: menu[0].id, quantity: 1 }] }).expect(201))
        .body;
      for (const status of ['preparing', 'ready']) await move(staff, order.id, status).expect(200);
      const texts = await eventually(async () => {
        const sent = await t.sandbox.inspect<{ text: string }[]>(
          `/messages?to=${encodeURIComponent(customers.bob.phone)}`,
        );
        const forOrder = sent.map((m) => m.text).filter((text) => text.includes(`#${order.number}`));
        expect(forOrder).toHaveLength(3);
        return forOrder;
      });
      expect(texts[0]).toMatch(/^TableTalk Bistro: thanks bob! Order #\d+ \(£\d+\.\d\d\) is in/);
      expect(texts[1]).toContain('being prepared');
      expect(texts[2]).toContain('is ready');
    });

    const customerTexts = (text: string) =>
      fetch(`${t.sandbox.url}/_sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'sms',
          from: customers.ada.phone,
          to: '+447700900000',
          text,
          webhook_url: `${t.url}/api/webhooks/messages/inbound`,
        }),
      });

    it("answers a STATUS text with the latest order's status and ready-by time", async () => {
      const order = (await place(customers.ada.token, { items: [{ menuItemId: menu[2].id, quantity: 1 }] }).expect(201))
        .body;
      await move(staff, order.id, 'preparing').expect(200);
      expect((await customerTexts(' Status ')).status).toBe(201);
      await eventually(async () => {
        const sent = await t.sandbox.inspect<{ text: string }[]>(
          `/messages?to=${encodeURIComponent(customers.ada.phone)}`,
        );
        expect(sent.map((m) => m.text)).toContainEqual(
          expect.stringMatching(
            new RegExp(`^TableTalk Bistro: order #${order.number} is preparing, ready by \\d\\d:\\d\\d\\.$`),
          ),
        );
      });
    });

    it('keeps any other text on the latest order for staff to read', async () => {
      const order = (await place(customers.ada.token, { items: [{ menuItemId: menu[3].id, quantity: 1 }] }).expect(201))
        .body;
      expect((await customerTexts('Could you add extra napkins?')).status).toBe(201);
      const replies = await eventually(async () => {
        const seen = (await request(t.url).get(`/api/orders/${order.id}`).set(as(staff)).expect(200)).body
          .customerReplies;
        expect(seen).toHaveLength(1);
        return seen;
      });
      expect(replies[0]).toMatchObject({ text: 'Could you add extra napkins?', channel: 'sms' });
    });
  });
});
