import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { Verification } from '../src/verify/schemas/verification.schema.js';
import { eventually } from './support/eventually.js';
import { armFault, clearFaults, faultState } from './support/sandbox-faults.js';
import { freePort, startTestApp, type TestApp } from './support/test-app.js';

/**
 * How the API copes with Vonage misbehaving, driven through the sandbox's fault injection
 * (real SDK, real HTTP): rate limits with Retry-After, outages, refusals and answers that
 * come too late. Issues #4 (error mapping, timeouts) and #6 (retries, never twice).
 */

const STAFF = { email: 'staff@faults.test', password: 'staff-password-e2e', phone: '+15550106060' };
/** The API gives Vonage this long (VONAGE_TIMEOUT_MS); delays beyond it are timeouts. */
const VONAGE_TIMEOUT_MS = 1500;
/** How long a send with an unknown outcome waits for Vonage's receipt before sending again (> a late send's delay). */
const RECEIPT_GRACE_MS = 5000;
const SETTLE = { timeoutMs: 20_000, intervalMs: 100 };

interface Notification {
  id: string;
  state: string;
  messageUuid?: string;
  error?: string;
  attempts: number;
  history: { state: string; at: string }[];
}
interface SandboxMessage {
  message_uuid: string;
  to: string;
  text: string;
  client_ref?: string;
}
interface SandboxVerification {
  code: string;
  workflow: { to: string }[];
}

jest.setTimeout(60_000);

describe('Vonage failing (e2e, sandbox faults)', () => {
  let t: TestApp;
  let staffToken: string;
  let menuItemId: string;
  let phoneSeq = 10;

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const inbox = (phone: string) => t.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(phone)}`);
  const verifications = (phone: string) =>
    t.sandbox.inspect<SandboxVerification[]>(`/verify?to=${encodeURIComponent(phone)}`);
  const login = (email: string, password: string) => request(t.url).post('/api/auth/login').send({ email, password });

  /** Password, then the code the sandbox "sent" to the phone. */
  async function signIn(email: string, password: string, phone: string): Promise<string> {
    const challenge = await login(email, password).expect(200);
    const sent = await verifications(phone);
    const { code } = sent[sent.length - 1];
    return (
      await request(t.url).post('/api/auth/verify').send({ verifyToken: challenge.body.verifyToken, code }).expect(200)
    ).body.accessToken;
  }

  async function newCustomer() {
    const phone = `+4477009006${String(phoneSeq++).padStart(2, '0')}`;
    const email = `customer${phoneSeq}@faults.test`;
    await request(t.url)
      .post('/api/auth/register')
      .send({ email, phone, password: 'customer-password', name: `Customer ${phoneSeq}` })
      .expect(201);
    return { email, phone, token: await signIn(email, 'customer-password', phone) };
  }

  const placeOrder = async (token: string) =>
    (
      await request(t.url)
        .post('/api/orders')
        .set(as(token))
        .send({ items: [{ menuItemId, quantity: 1 }] })
        .expect(201)
    ).body as { id: string; number: number };

  const notifications = async (orderId: string) =>
    (await request(t.url).get(`/api/notifications?orderId=${orderId}&limit=100`).set(as(staffToken)).expect(200)).body
      .items as Notification[];

  const sendEntry = async (orderId: string) => {
    const [entry] = await t.app.get(OutboxService).find('messaging.send', { orderId });
    return entry;
  };

  /** The order's "placed" notification once the outbox is finished with it (done or failed). */
  const settledNotification = (orderId: string) =>
    eventually(async () => {
      const entry = await sendEntry(orderId);
      expect(['done', 'failed']).toContain(entry?.status);
      const [notification] = await notifications(orderId);
      expect(notification).toBeDefined();
      return { entry, notification };
    }, SETTLE);

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({
      port,
      env: {
        ADMIN_EMAIL: STAFF.email,
        ADMIN_PASSWORD: STAFF.password,
        ADMIN_PHONE: STAFF.phone,
        VONAGE_TIMEOUT_MS: String(VONAGE_TIMEOUT_MS),
        MESSAGES_STATUS_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/messages/status`,
        MESSAGES_RECEIPT_GRACE_MS: String(RECEIPT_GRACE_MS),
        OUTBOX_POLL_MS: '50',
        OUTBOX_BACKOFF_BASE_MS: '50',
        OUTBOX_BACKOFF_MAX_MS: '400',
      },
      sandboxEnv: { SANDBOX_DELIVERY_DELAY_MS: '50' },
    });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
    staffToken = await signIn(STAFF.email, STAFF.password, STAFF.phone);
    menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
  });
  afterAll(() => t?.close());
  afterEach(() => clearFaults(t.sandbox));

  describe('order notifications (Messages API)', () => {
    it('gets through a 429 with Retry-After and then a 503: one text, sent on the third attempt, after the wait Vonage asked for', async () => {
      const customer = await newCustomer();
      const throttled = await armFault(t.sandbox, {
        method: 'POST',
        path: '/v1/messages',
        status: 429,
        retry_after: 2,
      });
      const outage = await armFault(t.sandbox, { method: 'POST', path: '/v1/messages', status: 503 });

      const order = await placeOrder(customer.token);
      const { entry, notification } = await settledNotification(order.id);

      expect(entry).toMatchObject({ status: 'done', attempts: 3, lastError: null });
      expect((await faultState(t.sandbox, throttled.id)).fired).toBe(1);
      expect((await faultState(t.sandbox, outage.id)).fired).toBe(1);
      const sent = await inbox(customer.phone);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ client_ref: entry.key, text: expect.stringContaining(`#${order.number}`) });

      await eventually(async () => expect((await notifications(order.id))[0].state).toBe('delivered'), SETTLE);
      expect(notification).toMatchObject({ id: entry.key, messageUuid: sent[0].message_uuid, attempts: 3 });
      // Recorded by the API itself: the first attempt (queued) and the successful one (sent)
      // are at least Retry-After apart, though the backoff alone would be a few dozen ms.
      const at = (state: string) => Date.parse(notification.history.find((h) => h.state === state)!.at);
      expect(at('sent') - at('queued')).toBeGreaterThanOrEqual(2000);
    });

    it('does not retry a refusal that will not change (422): the notification fails with the reason and nothing is sent', async () => {
      const customer = await newCustomer();
      const refusal = await armFault(t.sandbox, { method: 'POST', path: '/v1/messages', status: 422, times: 5 });

      const order = await placeOrder(customer.token);
      const { entry, notification } = await settledNotification(order.id);

      expect(entry).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('422') });
      expect(notification).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringContaining('422') });
      expect(notification.messageUuid).toBeUndefined();
      expect(await faultState(t.sandbox, refusal.id)).toMatchObject({ fired: 1, remaining: 4 });
      expect(await inbox(customer.phone)).toEqual([]);
    });

    it('after a timeout where Vonage never got the message, waits for a receipt, then sends it once', async () => {
      const customer = await newCustomer();
      // Vonage answers (an error) only after the API gave up: the message was not taken.
      const lost = await armFault(t.sandbox, {
        method: 'POST',
        path: '/v1/messages',
        delay_ms: VONAGE_TIMEOUT_MS * 2,
        status: 504,
      });

      const order = await placeOrder(customer.token);
      const { entry, notification } = await settledNotification(order.id);

      expect(entry.status).toBe('done');
      expect(entry.attempts).toBeGreaterThanOrEqual(2);
      expect((await faultState(t.sandbox, lost.id)).fired).toBe(1);
      const sent = await inbox(customer.phone);
      expect(sent).toHaveLength(1);
      expect(notification).toMatchObject({ messageUuid: sent[0].message_uuid, attempts: 2 });
      // The second send waited out the receipt grace period rather than firing straight away.
      const at = (state: string) => Date.parse(notification.history.find((h) => h.state === state)!.at);
      expect(at('sent') - at('queued')).toBeGreaterThanOrEqual(RECEIPT_GRACE_MS);
    });

    it('after a timeout where Vonage did send it late, adopts the receipt and never sends a second text', async () => {
      const customer = await newCustomer();
      // A slow Vonage: it answers (and sends) after the API's timeout.
      const slow = await armFault(t.sandbox, { method: 'POST', path: '/v1/messages', delay_ms: VONAGE_TIMEOUT_MS * 2 });

      const order = await placeOrder(customer.token);
      const { entry } = await settledNotification(order.id);
      expect((await faultState(t.sandbox, slow.id)).fired).toBe(1);

      const sent = await inbox(customer.phone);
      expect(sent).toHaveLength(1);
      // The attempt after the grace period found Vonage's uuid (from the receipt) and did not send.
      expect(entry).toMatchObject({ status: 'done', result: { messageUuid: sent[0].message_uuid, alreadySent: true } });
      await eventually(async () => {
        const [notification] = await notifications(order.id);
        expect(notification).toMatchObject({ state: 'delivered', messageUuid: sent[0].message_uuid, attempts: 1 });
      }, SETTLE);
    });
  });

  describe('sign-in codes (Verify)', () => {
    const verificationCount = () =>
      t.app.get<Model<Verification>>(getModelToken(Verification.name), { strict: false }).countDocuments().exec();

    it("passes Vonage's 429 on as ours, with its Retry-After, and issues no verify token", async () => {
      const customer = await newCustomer();
      const before = { stored: await verificationCount(), sent: (await verifications(customer.phone)).length };
      await armFault(t.sandbox, { method: 'POST', path: '/v2/verify', status: 429, retry_after: 7 });

      const res = await login(customer.email, 'customer-password').expect(429);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body).toMatchObject({
        status: 429,
        type: expect.stringContaining('vonage-error'),
        detail: expect.stringContaining('429'),
      });
      expect(res.body).not.toHaveProperty('verifyToken');
      expect(await verificationCount()).toBe(before.stored);
      expect(await verifications(customer.phone)).toHaveLength(before.sent);

      // Once Vonage takes requests again, so does sign-in.
      expect((await login(customer.email, 'customer-password').expect(200)).body.verifyToken).toEqual(
        expect.any(String),
      );
    });

    it('answers a Vonage outage with a 502 problem and stores nothing', async () => {
      const customer = await newCustomer();
      const before = { stored: await verificationCount(), sent: (await verifications(customer.phone)).length };
      await armFault(t.sandbox, { method: 'POST', path: '/v2/verify', status: 503 });

      const res = await login(customer.email, 'customer-password').expect(502);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status: 502,
        type: expect.stringContaining('vonage-error'),
        detail: 'Vonage failed verify.start (503)',
      });
      // Vonage's words for its own failure stay in our log, not in the answer.
      expect(JSON.stringify(res.body)).not.toContain('There was an error processing');
      expect(res.body).not.toHaveProperty('verifyToken');
      expect(await verificationCount()).toBe(before.stored);
      expect(await verifications(customer.phone)).toHaveLength(before.sent);
    });

    it('answers a Verify that does not answer in time with a 504 problem', async () => {
      const customer = await newCustomer();
      const before = await verificationCount();
      await armFault(t.sandbox, { method: 'POST', path: '/v2/verify', status: 504, delay_ms: VONAGE_TIMEOUT_MS * 2 });

      const res = await login(customer.email, 'customer-password').expect(504);
      expect(res.body).toMatchObject({ status: 504, type: expect.stringContaining('vonage-timeout') });
      expect(await verificationCount()).toBe(before);
    });
  });

  describe('support calls (Video API, Conversations)', () => {
    const supportCall = (orderId: string, token: string) =>
      request(t.url).post(`/api/orders/${orderId}/support-call`).set(as(token));
    const supportRequestsOf = async (orderId: string) =>
      (
        (await request(t.url).get('/api/support-requests?limit=100').set(as(staffToken)).expect(200)).body.items as {
          id: string;
          orderId: string;
        }[]
      ).filter((r) => r.orderId === orderId);
    const supportEvents = async (orderId: string) => {
      const channel = await t.sandbox.inspect<{ events: { type: string; body: Record<string, unknown> }[] }>(
        '/conversations?name=pos-notifications',
      );
      return channel.events.filter((e) => e.type === 'custom:support_request' && e.body.order_id === orderId);
    };
    const rooms = () => t.sandbox.inspect<{ session_id: string }[]>('/video/sessions');

    it('cannot open a room while the Video API answers 503: a 502 problem, nothing stored, nothing announced; the next call works', async () => {
      const customer = await newCustomer();
      const order = await placeOrder(customer.token);
      const roomsBefore = (await rooms()).length;
      await armFault(t.sandbox, { method: 'POST', path: '/session/create', status: 503 });

      const res = await supportCall(order.id, customer.token).expect(502);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.type).toContain('vonage-error');
      expect(await supportRequestsOf(order.id)).toEqual([]);
      expect(
        (await request(t.url).get(`/api/orders/${order.id}`).set(as(customer.token)).expect(200)).body.meetingUrl,
      ).toBeNull();
      expect(await rooms()).toHaveLength(roomsBefore);
      await t.app.get(OutboxService).drain();
      expect(await t.app.get(OutboxService).find('conversations.event', { 'body.order_id': order.id })).toEqual([]);

      const retried = await supportCall(order.id, customer.token).expect(201);
      expect(retried.body.guestUrl).toEqual(expect.any(String));
      expect(await supportRequestsOf(order.id)).toHaveLength(1);
      // Announced once, and settled before the next test arms its faults.
      await eventually(async () => expect(await supportEvents(order.id)).toHaveLength(1), SETTLE);
    });

    it('answers 504 when the Video API does not create the session in time, and stores nothing', async () => {
      const customer = await newCustomer();
      const order = await placeOrder(customer.token);
      const roomsBefore = (await rooms()).length;
      await armFault(t.sandbox, { method: 'POST', path: '/session/create', delay_ms: VONAGE_TIMEOUT_MS + 500 });
      const res = await supportCall(order.id, customer.token).expect(504);
      expect(res.body.type).toContain('vonage-timeout');
      expect(await supportRequestsOf(order.id)).toEqual([]);
      // The late session does appear at Vonage: unused, never handed out (and settled before the next test counts).
      await eventually(async () => expect(await rooms()).toHaveLength(roomsBefore + 1), SETTLE);
      expect(await supportRequestsOf(order.id)).toEqual([]);
    });

    it("gives the customer the room while the Conversations API 5xx's, and delivers the staff event once from the outbox", async () => {
      const customer = await newCustomer();
      const order = await placeOrder(customer.token);
      const roomsBefore = (await rooms()).length;
      const outage = await armFault(t.sandbox, {
        method: 'POST',
        path: '/v1/conversations/*/events',
        status: 500,
        times: 2,
      });

      const res = await supportCall(order.id, customer.token).expect(201);
      expect(res.body).toMatchObject({ state: 'open', guestUrl: expect.any(String) });
      expect(await rooms()).toHaveLength(roomsBefore + 1);
      expect(await supportRequestsOf(order.id)).toEqual([expect.objectContaining({ id: res.body.id })]);

      const entry = await eventually(async () => {
        const [found] = await t.app
          .get(OutboxService)
          .find('conversations.event', { 'body.support_request_id': res.body.id });
        expect(found?.status).toBe('done');
        return found;
      }, SETTLE);
      expect(entry).toMatchObject({ key: `support:${res.body.id}`, attempts: 3 });
      expect(await faultState(t.sandbox, outage.id)).toMatchObject({ fired: 2, remaining: 0 });
      expect(await supportEvents(order.id)).toHaveLength(1);
    });
  });
});
