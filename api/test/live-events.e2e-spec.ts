import { getModelToken } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { EventStreamHub } from '../src/live-events/event-stream-hub.js';
import { LiveEventsService } from '../src/live-events/live-events.service.js';
import { LiveEvent } from '../src/live-events/schemas/live-event.schema.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { eventually } from './support/eventually.js';
import { SseClient } from './support/sse.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const STAFF = { email: 'host@live.test', password: 'staff-password-e2e', phone: '+15550104050', name: 'Sam Live' };
const env = {
  ADMIN_EMAIL: STAFF.email,
  ADMIN_PASSWORD: STAFF.password,
  ADMIN_PHONE: STAFF.phone,
  ADMIN_NAME: STAFF.name,
  VERIFY_ENABLED: 'false',
  OUTBOX_POLL_MS: '50',
  OUTBOX_BACKOFF_BASE_MS: '50',
  EVENTS_POLL_MS: '50',
  EVENTS_HEARTBEAT_MS: '200',
  EVENTS_TICKET_TTL_SECONDS: '2',
};

describe('live event stream GET /api/events (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let staff: string;
  let menuItemId: string;
  const customers = { ada: { token: '', id: '' }, bob: { token: '', id: '' } };
  const open: SseClient[] = [];
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const stream = async (t: TestApp, headers: Record<string, string> = {}, query = '') => {
    const client = await SseClient.open(`${t.url}/api/events${query}`, headers);
    open.push(client);
    return client;
  };
  const order = async (token: string, t = a) =>
    (
      await request(t.url)
        .post('/api/orders')
        .set(as(token))
        .send({ items: [{ menuItemId, quantity: 2 }] })
        .expect(201)
    ).body as { id: string; number: number };
  const ticket = async (token: string, t = a) =>
    (await request(t.url).post('/api/events/tickets').set(as(token)).expect(201)).body as {
      ticket: string;
      expiresAt: string;
    };

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startTestApp({ env: { ...env, LIVE_ALERTS: 'vonage' }, databaseUri: a.databaseUri, sandbox: a });
    await Promise.all([a.app.get(AdminSeeder).seeded, a.app.get(MenuSeeder).seeded]);
    staff = (
      await request(a.url).post('/api/auth/login').send({ email: STAFF.email, password: STAFF.password }).expect(200)
    ).body.accessToken;
    for (const [name, customer] of Object.entries(customers)) {
      const email = `${name}@live.test`;
      const phone = name === 'ada' ? '+447700900511' : '+447700900512';
      await request(a.url)
        .post('/api/auth/register')
        .send({ email, password: 'customer-password', name: `${name} Live`, phone })
        .expect(201);
      const session = (
        await request(a.url).post('/api/auth/login').send({ email, password: 'customer-password' }).expect(200)
      ).body;
      Object.assign(customer, { token: session.accessToken, id: session.user.id });
    }
    menuItemId = (await request(a.url).get('/api/menu').expect(200)).body.items[0].id;
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  afterAll(async () => {
    await b?.close({ database: true, sandbox: true });
    await a?.close();
  });

  describe('authentication', () => {
    it('answers 401 problem+json, not a stream, without a token, with a bad token or an unknown ticket', async () => {
      for (const [headers, query] of [
        [{}, ''],
        [{ Authorization: 'Bearer nope' }, ''],
        [{}, '?ticket=not-a-ticket'],
      ] as const) {
        const client = await stream(a, headers, query);
        expect(client.status).toBe(401);
        expect(client.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(JSON.parse(client.body)).toMatchObject({ status: 401 });
      }
    });

    it('opens with a ticket once; the same ticket again is 401', async () => {
      const { ticket: t, expiresAt } = await ticket(customers.ada.token);
      expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
      const first = await stream(a, {}, `?ticket=${t}`);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
      const again = await stream(a, {}, `?ticket=${t}`);
      expect(again.status).toBe(401);
      expect(JSON.parse(again.body)).toMatchObject({ type: expect.stringContaining('invalid-ticket') });
    });

    it('lets exactly one of two instances redeem a ticket raced to both', async () => {
      for (let round = 0; round < 5; round++) {
        const { ticket: t } = await ticket(staff);
        const results = await Promise.all([stream(a, {}, `?ticket=${t}`), stream(b, {}, `?ticket=${t}`)]);
        expect(results.map((c) => c.status).sort()).toEqual([200, 401]);
      }
    });

    it('refuses an expired ticket', async () => {
      const { ticket: t } = await ticket(staff);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await stream(a, {}, `?ticket=${t}`)).status).toBe(401);
    });

    it('needs a token to ask for a ticket', async () => {
      await request(a.url).post('/api/events/tickets').expect(401);
    });

    it('rejects a malformed Last-Event-ID with 400', async () => {
      const client = await stream(a, { ...as(staff), 'Last-Event-ID': 'abc' });
      expect(client.status).toBe(400);
    });
  });

  it('tells the dashboard, without sign-in, where staff alerts come from (LIVE_ALERTS)', async () => {
    expect((await request(a.url).get('/api/client-config').expect(200)).body).toEqual({ liveAlerts: 'stream' });
    expect((await request(b.url).get('/api/client-config').expect(200)).body).toEqual({ liveAlerts: 'vonage' });
  });

  it('sends heartbeats while idle', async () => {
    const client = await stream(a, as(staff));
    await client.waitForComment('keep-alive', 2000);
  });

  it('shows staff every event and a customer only their own, without staff-only fields', async () => {
    const staffStream = await stream(a, as(staff));
    const adaStream = await stream(a, {}, `?ticket=${(await ticket(customers.ada.token)).ticket}`);
    const bobStream = await stream(a, as(customers.bob.token));
    const adas = await order(customers.ada.token);
    const bobs = await order(customers.bob.token);

    const created = (o: { id: string }) => (e: { event: string; data: Record<string, unknown> }) =>
      e.event === 'order.created' && e.data.orderId === o.id;
    const seen = await staffStream.waitFor(created(adas));
    expect(seen.data).toMatchObject({
      number: adas.number,
      status: 'placed',
      previousStatus: null,
      customerName: 'ada Live',
      itemCount: 2,
      nextStatuses: ['preparing', 'cancelled'],
    });
    expect(seen.data.totalCents).toEqual(expect.any(Number));
    await staffStream.waitFor(created(bobs));
    await adaStream.waitFor(created(adas));
    await bobStream.waitFor(created(bobs));

    // Staff move Ada's order; she hears it, Bob does not.
    await request(a.url)
      .patch(`/api/orders/${adas.id}/status`)
      .set(as(staff))
      .send({ status: 'preparing' })
      .expect(200);
    const moved = await adaStream.waitFor((e) => e.event === 'order.status_changed' && e.data.orderId === adas.id);
    expect(moved.data).toMatchObject({ status: 'preparing', previousStatus: 'placed' });
    // Delivery state of her texts reaches her and staff.
    await adaStream.waitFor(
      (e) => e.event === 'notification.updated' && e.data.orderId === adas.id && e.data.state === 'sent',
    );
    await staffStream.waitFor((e) => e.event === 'notification.updated' && e.data.orderId === adas.id);

    // A support call: staff get the host link, the customer never does.
    await request(a.url).post(`/api/orders/${adas.id}/support-call`).set(as(customers.ada.token)).expect(201);
    const staffAlert = await staffStream.waitFor((e) => e.event === 'support_request.created');
    expect(staffAlert.data).toMatchObject({
      orderId: adas.id,
      orderNumber: adas.number,
      state: 'open',
      hostUrl: expect.stringMatching(/^http/),
    });
    const adaAlert = await adaStream.waitFor((e) => e.event === 'support_request.created');
    expect(adaAlert.data).not.toHaveProperty('hostUrl');
    expect(adaAlert.data).not.toHaveProperty('customerEmail');
    await request(a.url)
      .patch(`/api/support-requests/${staffAlert.data.id as string}`)
      .set(as(staff))
      .send({ state: 'joined' })
      .expect(200);
    await staffStream.waitFor((e) => e.event === 'support_request.updated' && e.data.state === 'joined');

    // Give stragglers a moment, then check nothing of the other customer leaked.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(adaStream.events.every((e) => e.data.customerId === customers.ada.id)).toBe(true);
    expect(bobStream.events.every((e) => e.data.customerId === customers.bob.id)).toBe(true);
    expect(bobStream.events.some((e) => e.data.orderId === adas.id)).toBe(false);
    // Ids increase along the stream.
    const ids = staffStream.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('delivers an event caused on one instance to a client of another', async () => {
    const onB = await stream(b, as(staff));
    const adaOnB = await stream(b, as(customers.ada.token));
    const placed = await order(customers.ada.token, a);
    await onB.waitFor((e) => e.event === 'order.created' && e.data.orderId === placed.id);
    await adaOnB.waitFor((e) => e.event === 'order.created' && e.data.orderId === placed.id);
    // And the other way round.
    const onA = await stream(a, as(staff));
    await request(b.url)
      .patch(`/api/orders/${placed.id}/status`)
      .set(as(staff))
      .send({ status: 'cancelled' })
      .expect(200);
    await onA.waitFor(
      (e) => e.event === 'order.status_changed' && e.data.orderId === placed.id && e.data.status === 'cancelled',
    );
  });

  it('resumes after a gap with Last-Event-ID or ?lastEventId=, in order, only what the caller may see', async () => {
    const first = await stream(a, as(customers.bob.token));
    const before = await order(customers.bob.token);
    const seen = await first.waitFor((e) => e.event === 'order.created' && e.data.orderId === before.id);
    first.close();

    // While Bob is away: his two orders and one of Ada's.
    const missed1 = await order(customers.bob.token);
    await order(customers.ada.token);
    const missed2 = await order(customers.bob.token);

    for (const [headers, query] of [
      [{ ...as(customers.bob.token), 'Last-Event-ID': seen.id! }, ''],
      [as(customers.bob.token), `?lastEventId=${seen.id}`],
    ] as const) {
      const resumed = await stream(a, headers, query);
      await resumed.waitFor((e) => e.data.orderId === missed2.id);
      const orders = resumed.events.filter((e) => e.event === 'order.created').map((e) => e.data.orderId);
      // In order, each once (the second round also replays the first round's live order).
      expect(orders.slice(0, 2)).toEqual([missed1.id, missed2.id]);
      expect(new Set(orders).size).toBe(orders.length);
      expect(orders).not.toContain(before.id);
      expect(resumed.events.every((e) => e.data.customerId === customers.bob.id)).toBe(true);
      // Live after the replay: a new order arrives on the same connection.
      const after = await order(customers.bob.token);
      await resumed.waitFor((e) => e.data.orderId === after.id);
      resumed.close();
    }
  });

  it('starts with a reset when the id is older than what is kept', async () => {
    const events = a.app.get<Model<LiveEvent>>(getModelToken(LiveEvent.name));
    await order(customers.ada.token);
    const newest = await a.app.get(LiveEventsService).latestSeq();
    // As if a day had passed: pruning keeps only the newest event.
    const pruned = await a.app.get(LiveEventsService).prune(Date.now() + 25 * 3600_000);
    expect(pruned).toBeGreaterThan(0);
    // Only the newest is left (texts of the order may have added events since).
    expect(await events.countDocuments({ seq: trusted({ $lt: newest }) })).toBe(0);

    const client = await stream(a, { ...as(staff), 'Last-Event-ID': '1' });
    const reset = await client.waitFor(() => true);
    // Its id is the newest kept, so the browser resumes from there next time.
    expect(reset.event).toBe('reset');
    expect(Number(reset.id)).toBeGreaterThanOrEqual(newest);
    // An id that was never issued (another database) also resets.
    const future = await stream(a, { ...as(staff), 'Last-Event-ID': String(newest + 1000) });
    expect((await future.waitFor(() => true)).event).toBe('reset');
    // The stream goes on after a reset.
    const placed = await order(customers.ada.token);
    await client.waitFor((e) => e.data.orderId === placed.id);
    // A new event after pruning continues the sequence.
    expect(Number(client.events.at(-1)!.id)).toBeGreaterThan(newest);
  });

  it('still delivers an event when the immediate append fails: the outbox entry written with the order appends it', async () => {
    const staffStream = await stream(a, as(staff));
    const live = a.app.get(LiveEventsService);
    // The fast path "fails" (as if the process died right after the order was written).
    const skip = jest.spyOn(live, 'appendNow').mockResolvedValueOnce(undefined);
    const placed = await order(customers.ada.token);
    expect(skip).toHaveBeenCalled();
    await staffStream.waitFor((e) => e.event === 'order.created' && e.data.orderId === placed.id, 10_000);
    skip.mockRestore();
  });

  it('ends a stream, and voids an unused ticket, when the account signs out', async () => {
    await request(a.url)
      .post('/api/auth/register')
      .send({ email: 'cy@live.test', password: 'customer-password', name: 'cy Live', phone: '+447700900513' })
      .expect(201);
    const session = (
      await request(a.url)
        .post('/api/auth/login')
        .send({ email: 'cy@live.test', password: 'customer-password' })
        .expect(200)
    ).body;
    const open1 = await stream(a, as(session.accessToken));
    expect(open1.status).toBe(200);
    const unused = await ticket(session.accessToken);
    await request(a.url).post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);

    expect((await stream(a, {}, `?ticket=${unused.ticket}`)).status).toBe(401);
    await a.app.get(EventStreamHub).checkAccounts();
    const last = await open1.waitFor((e) => e.event === 'session_ended');
    expect(last.data).toMatchObject({ reason: expect.any(String) });
    await eventually(async () => expect(open1.ended).toBe(true), { timeoutMs: 5000 });
  });

  it('ends open streams when the app shuts down', async () => {
    const { app, close, ...rest } = await startTestApp({ env, databaseUri: a.databaseUri, sandbox: a });
    void rest;
    const client = await SseClient.open(`${await app.getUrl()}/api/events`, as(staff));
    expect(client.status).toBe(200);
    const started = Date.now();
    await close({ database: true, sandbox: true });
    expect(Date.now() - started).toBeLessThan(5000);
    // The socket's close reaches the client a moment after the server is down (later on a busy machine).
    await eventually(async () => expect(client.ended).toBe(true), { timeoutMs: 5000 });
  });
});
