import { EventEmitter2 } from '@nestjs/event-emitter';
import jwt from 'jsonwebtoken';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import type { OutboxMessage } from '../src/common/outbox/outbox-topics.js';
import { MessageSender } from '../src/messaging/message-sender.js';
import { type InboundMessageEvent, MESSAGING_INBOUND } from '../src/messaging/messaging.events.js';
import { MessagingService } from '../src/messaging/messaging.service.js';
import type { SendRequest } from '../src/messaging/send-request.js';
import { toUpstreamError } from '../src/vonage/vonage-errors.js';
import { eventually } from './support/eventually.js';
import { freePort, startTestApp, type TestApp } from './support/test-app.js';

interface SandboxMessage {
  message_uuid: string;
  direction: 'outbound' | 'inbound';
  channel: string;
  to: string;
  from: string;
  text: string;
  status: string;
  client_ref?: string;
}

// Each app boots its own sandbox and database, and some tests wait out retries and leases.
jest.setTimeout(30_000);

const ADMIN = { email: 'admin@messaging.test', password: 'admin-password-e2e' };
const REJECTED = '+447700900999';

const newOrderId = () => randomBytes(12).toString('hex');
const newCustomerId = () => randomBytes(12).toString('hex');
let phoneSeq = 100;
const newPhone = () => `+4477009001${String(phoneSeq++).padStart(2, '0')}`;

function sendEntry(to: string, overrides: Partial<SendRequest> = {}, n = 0): OutboxMessage<'messaging.send'> {
  const orderId = overrides.orderId ?? newOrderId();
  return {
    key: `order:${orderId}:${n}`,
    topic: 'messaging.send',
    payload: {
      channel: 'sms',
      to,
      text: `Order ${orderId.slice(-4)} update ${n}`,
      orderId,
      customerId: newCustomerId(),
      event: 'placed',
      ...overrides,
    },
  };
}

/** Signs a body the way Vonage does (or, with another secret, the way a forger would). */
function sign(body: string, secret: string, claims: Record<string, unknown> = {}): string {
  const payloadHash = createHash('sha256').update(body).digest('hex');
  return jwt.sign(
    { iss: 'Vonage', jti: randomUUID(), payload_hash: payloadHash, api_key: 'abcd1234', ...claims },
    secret,
    { algorithm: 'HS256' },
  );
}

describe('order notifications over the Messages API (e2e)', () => {
  let t: TestApp;
  let outbox: OutboxService;
  let messaging: MessagingService;
  let sender: MessageSender;
  let adminToken: string;

  const inbox = (to: string) => t.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(to)}`);
  const notification = async (orderId: string) => (await messaging.notificationsForOrder(orderId)).items[0];
  const postWebhook = (path: string, body: string, token?: string) => {
    const call = request(t.url).post(`/api/webhooks/messages/${path}`).set('Content-Type', 'application/json');
    return (token ? call.set('Authorization', `Bearer ${token}`) : call).send(body);
  };

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({
      port,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        VERIFY_ENABLED: 'false',
        MESSAGES_STATUS_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/messages/status`,
        OUTBOX_WORKER_ENABLED: 'true',
        OUTBOX_POLL_MS: '50',
        OUTBOX_BACKOFF_BASE_MS: '50',
        OUTBOX_BACKOFF_MAX_MS: '500',
        MESSAGES_RECEIPT_GRACE_MS: '5000',
      },
      sandboxEnv: { SANDBOX_DELIVERY_DELAY_MS: '100', SANDBOX_REJECTED_NUMBERS: REJECTED },
    });
    outbox = t.app.get(OutboxService);
    messaging = t.app.get(MessagingService);
    sender = t.app.get(MessageSender);
    await t.app.get(AdminSeeder).seeded;
    adminToken = (await request(t.url).post('/api/auth/login').send(ADMIN).expect(200)).body.accessToken;
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('sends an enqueued notification by SMS once, and receipts take it to delivered', async () => {
    const to = newPhone();
    const entry = sendEntry(to);
    await outbox.enqueue([entry]);
    await outbox.enqueue([entry]); // the same key again: still one notification

    const [sent] = await eventually(async () => {
      const messages = await inbox(to);
      expect(messages).toHaveLength(1);
      return messages;
    });
    // The first text to a number ends with the opt-out line.
    expect(sent).toMatchObject({
      channel: 'sms',
      from: 'TableTalk',
      text: `${entry.payload.text} Reply STOP to opt out.`,
      client_ref: entry.key,
    });

    const orderId = entry.payload.orderId;
    await eventually(async () => expect((await notification(orderId)).state).toBe('delivered'));
    const delivered = await notification(orderId);
    expect(delivered).toMatchObject({
      id: entry.key,
      event: 'placed',
      channel: 'sms',
      to,
      messageUuid: sent.message_uuid,
      attempts: 1,
    });
    expect(delivered.history.map((h) => h.state)).toEqual(['queued', 'sent', 'delivered']);

    // Staff read the same through the API; customers cannot.
    const listed = await request(t.url)
      .get(`/api/notifications?orderId=${orderId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: entry.key, state: 'delivered', messageUuid: sent.message_uuid }),
    ]);
    await request(t.url)
      .get('/api/notifications?orderId=not-an-id')
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(400);
    await request(t.url).get(`/api/notifications?orderId=${orderId}`).expect(401);
    expect(await inbox(to)).toHaveLength(1);
  });

  it('sends by WhatsApp from the WhatsApp number, as the approved template outside the 24-hour window', async () => {
    const to = newPhone();
    const entry = sendEntry(to, { channel: 'whatsapp', event: 'ready' });
    await outbox.enqueue([entry]);
    const [sent] = await eventually(async () => {
      const messages = await inbox(to);
      expect(messages).toHaveLength(1);
      return messages;
    });
    expect(sent).toMatchObject({
      channel: 'whatsapp',
      from: '14157386102',
      message_type: 'template',
      template: 'tabletalk_order_update',
      text: `Order update: ${entry.payload.text} Reply STOP to opt out.`,
    });
    await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('delivered'));
  });

  it('records a rejection from the carrier as final, with its reason', async () => {
    const entry = sendEntry(REJECTED);
    await outbox.enqueue([entry]);
    await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('failed'));
    expect((await notification(entry.payload.orderId)).error).toMatch(/1320/);
  });

  it('shows a notification the worker has not reached yet as queued', async () => {
    const real = sender.send.bind(sender);
    // A Vonage that answers only when the test lets it: the notification stays queued until then
    // (a fixed delay raced the read below on a slow machine).
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    jest.spyOn(sender, 'send').mockImplementation(async (message) => {
      await answered;
      return real(message);
    });
    const entry = sendEntry(newPhone(), {}, 9);
    try {
      await outbox.enqueue([entry]);
      const [queued] = (await messaging.notificationsForOrder(entry.payload.orderId)).items;
      expect(queued).toMatchObject({ id: entry.key, state: 'queued', text: entry.payload.text });
    } finally {
      answer(); // also when the check fails: a send held for ever would hold the app's shutdown
    }
    await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('delivered'));
  });

  describe('signed webhooks', () => {
    let orderId: string;
    let messageUuid: string;

    beforeAll(async () => {
      const entry = sendEntry(newPhone(), { channel: 'whatsapp' });
      orderId = entry.payload.orderId;
      await outbox.enqueue([entry]);
      await eventually(async () => expect((await notification(orderId)).state).toBe('delivered'));
      messageUuid = (await notification(orderId)).messageUuid!;
    });

    const status = (state: string) =>
      JSON.stringify({
        message_uuid: messageUuid,
        status: state,
        channel: 'whatsapp',
        timestamp: new Date().toISOString(),
      });

    it.each([
      ['unsigned', () => undefined as string | undefined, () => status('read')],
      [
        'signed with another secret',
        () => sign(status('read'), 'not-the-signature-secret-at-all'),
        () => status('read'),
      ],
      ['altered after signing', () => sign(status('read'), t.vonage.signatureSecret), () => status('rejected')],
      [
        'not issued by Vonage',
        () => sign(status('read'), t.vonage.signatureSecret, { iss: 'Mallory' }),
        () => status('read'),
      ],
      [
        'signed without a payload hash',
        () => jwt.sign({ iss: 'Vonage' }, t.vonage.signatureSecret),
        () => status('read'),
      ],
    ])('rejects a status webhook %s with 401 and changes nothing', async (_, token, body) => {
      const answer = await postWebhook('status', body(), token()).expect(401);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
      expect(answer.body.type).toBe('https://tabletalk.dev/problems/invalid-webhook-signature');
      expect((await notification(orderId)).state).toBe('delivered');
    });

    it('applies receipts in any order and any number of times, never backwards', async () => {
      const post = (state: string) => {
        const body = status(state);
        return postWebhook('status', body, sign(body, t.vonage.signatureSecret)).expect(204);
      };
      await post('read');
      await post('delivered');
      await post('submitted');
      await post('read');
      await post('rejected');
      const after = await notification(orderId);
      expect(after.state).toBe('read');
      expect(after.history.map((h) => h.state)).toEqual(['queued', 'sent', 'delivered', 'read']);
    });

    it('refuses a receipt signed more than 5 minutes ago, or without an issue time (a replay later)', async () => {
      const entry = sendEntry(newPhone(), { channel: 'whatsapp' });
      await outbox.enqueue([entry]);
      await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('delivered'));
      const uuid = (await notification(entry.payload.orderId)).messageUuid;
      const body = JSON.stringify({
        message_uuid: uuid,
        status: 'read',
        channel: 'whatsapp',
        timestamp: new Date().toISOString(),
      });
      const payload_hash = createHash('sha256').update(body).digest('hex');
      const old = jwt.sign(
        { iss: 'Vonage', payload_hash, iat: Math.floor(Date.now() / 1000) - 301 },
        t.vonage.signatureSecret,
        { algorithm: 'HS256' },
      );
      const timeless = jwt.sign({ iss: 'Vonage', payload_hash }, t.vonage.signatureSecret, {
        algorithm: 'HS256',
        noTimestamp: true,
      });
      for (const token of [old, timeless]) {
        const answer = await postWebhook('status', body, token).expect(401);
        expect(answer.body.detail).toContain('within the last 5 minutes');
      }
      expect((await notification(entry.payload.orderId)).state).toBe('delivered');
      // The same body signed now is accepted.
      await postWebhook('status', body, sign(body, t.vonage.signatureSecret)).expect(204);
      expect((await notification(entry.payload.orderId)).state).toBe('read');
    });

    it('a replayed delivery receipt (the same signed request, even many at once) changes nothing', async () => {
      const entry = sendEntry(newPhone(), { channel: 'whatsapp' });
      await outbox.enqueue([entry]);
      await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('delivered'));
      const before = await notification(entry.payload.orderId);
      const body = JSON.stringify({
        message_uuid: before.messageUuid,
        status: 'read',
        channel: 'whatsapp',
        timestamp: new Date().toISOString(),
      });
      const token = sign(body, t.vonage.signatureSecret);
      const answers = await Promise.all(Array.from({ length: 6 }, () => postWebhook('status', body, token)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 204));
      await postWebhook('status', body, token).expect(204);
      const after = await notification(entry.payload.orderId);
      expect(after.state).toBe('read');
      expect(after.history.map((h) => h.state)).toEqual(['queued', 'sent', 'delivered', 'read']);
    });

    it('acknowledges receipts for messages it does not know, and rejects bodies that are not receipts', async () => {
      const unknown = JSON.stringify({ message_uuid: randomUUID(), status: 'delivered' });
      await postWebhook('status', unknown, sign(unknown, t.vonage.signatureSecret)).expect(204);
      const garbage = JSON.stringify({ hello: 'world' });
      const answer = await postWebhook('status', garbage, sign(garbage, t.vonage.signatureSecret)).expect(400);
      expect(answer.body.type).toBe('https://tabletalk.dev/problems/malformed-webhook');
    });
  });

  describe('failures while sending', () => {
    it('retries a 503 and a 429 from Vonage (honouring Retry-After) and sends once', async () => {
      const to = newPhone();
      const real = sender.send.bind(sender);
      let throttledAt = 0;
      const send = jest
        .spyOn(sender, 'send')
        .mockRejectedValueOnce(toUpstreamError({ operation: 'messages.send.sms', status: 503 }))
        .mockImplementationOnce(async () => {
          throttledAt = Date.now();
          throw toUpstreamError({ operation: 'messages.send.sms', status: 429, retryAfter: 2 });
        })
        .mockImplementation(real);
      const entry = sendEntry(to);
      await outbox.enqueue([entry]);

      // The entry waits out the Retry-After (2 s: room for the poll below to see it on a slow machine).
      const waiting = await eventually(async () => {
        const [found] = await outbox.find('messaging.send', { orderId: entry.payload.orderId });
        expect(found).toMatchObject({ status: 'pending', attempts: 2 });
        return found;
      });
      expect(send).toHaveBeenCalledTimes(2);
      // Measured from the 429 itself, not from when the poll happened to look: Retry-After, not the 50 ms backoff.
      expect(waiting.availableAt.getTime() - throttledAt).toBeGreaterThanOrEqual(2000);

      await eventually(async () => expect(await inbox(to)).toHaveLength(1));
      await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('delivered'));
      expect(send).toHaveBeenCalledTimes(3);
      expect((await notification(entry.payload.orderId)).attempts).toBe(3);
    });

    it('gives up at once on a 4xx that will not change', async () => {
      const send = jest
        .spyOn(sender, 'send')
        .mockRejectedValue(
          toUpstreamError({ operation: 'messages.send.sms', status: 422, detail: 'Invalid phone number' }),
        );
      const entry = sendEntry(newPhone());
      await outbox.enqueue([entry]);
      await eventually(async () =>
        expect((await outbox.find('messaging.send', { orderId: entry.payload.orderId }))[0].status).toBe('failed'),
      );
      const failed = await notification(entry.payload.orderId);
      expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: expect.stringContaining('422') });
      await outbox.drain();
      expect(send).toHaveBeenCalledTimes(1);
    });

    it('fails a malformed payload for good without calling Vonage', async () => {
      const send = jest.spyOn(sender, 'send');
      const entry = sendEntry('0123', {});
      await outbox.enqueue([entry]);
      await eventually(async () => {
        const [failed] = await outbox.find('messaging.send', { orderId: entry.payload.orderId });
        expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('E.164') });
      });
      expect(send).not.toHaveBeenCalled();
    });

    it('never sends twice when the process dies after Vonage accepted the message', async () => {
      const to = newPhone();
      const real = sender.send.bind(sender);
      const send = jest.spyOn(sender, 'send').mockImplementationOnce(async (message) => {
        await real(message);
        throw new Error('process died before recording the answer');
      });
      const entry = sendEntry(to);
      await outbox.enqueue([entry]);

      await eventually(async () =>
        expect((await outbox.find('messaging.send', { orderId: entry.payload.orderId }))[0].status).toBe('done'),
      );
      expect(await inbox(to)).toHaveLength(1);
      expect(send).toHaveBeenCalledTimes(1);
      const recorded = await notification(entry.payload.orderId);
      expect(recorded.messageUuid).toBe((await inbox(to))[0].message_uuid);
      await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('delivered'));
    });
  });

  describe('inbound messages', () => {
    const inject = (from: string, text: string) =>
      fetch(`${t.sandbox.url}/_sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'sms',
          from,
          to: '447700900000',
          text,
          webhook_url: `${t.url}/api/webhooks/messages/inbound`,
        }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { message_uuid: string; payload: unknown; webhook: { status_code: number } },
      }));

    it('STOP suppresses later texts to the number (recorded as suppressed, never sent)', async () => {
      const phone = newPhone();
      const injected = await inject(phone, 'Stop');
      expect(injected.status).toBe(201);
      expect(injected.body.webhook.status_code).toBe(204);

      const entry = sendEntry(phone, { event: 'ready' });
      await outbox.enqueue([entry]);
      await eventually(async () => expect((await notification(entry.payload.orderId)).state).toBe('suppressed'));
      expect((await notification(entry.payload.orderId)).error).toMatch(/opted out/);
      // Only STOP's confirmation went to the number.
      await eventually(async () =>
        expect((await inbox(phone)).filter((m) => m.direction === 'outbound').map((m) => m.text)).toEqual([
          expect.stringMatching(/unsubscribed/),
        ]),
      );
    });

    it('passes any other reply on as an application event, once per message', async () => {
      const events: InboundMessageEvent[] = [];
      const listener = (event: InboundMessageEvent) => void events.push(event);
      const emitter = t.app.get(EventEmitter2);
      emitter.on(MESSAGING_INBOUND, listener);
      try {
        const phone = newPhone();
        const injected = await inject(phone, 'STATUS');
        expect(injected.body.webhook.status_code).toBe(204);
        expect(events).toEqual([
          {
            from: phone,
            channel: 'sms',
            text: 'STATUS',
            keyword: 'status',
            messageUuid: injected.body.message_uuid,
            receivedAt: expect.any(Date),
          },
        ]);

        // Vonage redelivers the same webhook: acknowledged, not handled again.
        const body = JSON.stringify(injected.body.payload);
        await postWebhook('inbound', body, sign(body, t.vonage.signatureSecret)).expect(204);
        expect(events).toHaveLength(1);

        const forged = JSON.stringify({ ...(injected.body.payload as object), message_uuid: randomUUID() });
        await postWebhook('inbound', forged, sign(forged, 'not-the-signature-secret-at-all')).expect(401);
        expect(events).toHaveLength(1);
      } finally {
        emitter.off(MESSAGING_INBOUND, listener);
      }
    });
  });
});

describe('notifications across a restart (e2e)', () => {
  const to = '+447700900777';
  const baseEnv = {
    VERIFY_ENABLED: 'false',
    MESSAGES_STATUS_WEBHOOK_URL: '',
    OUTBOX_POLL_MS: '50',
    OUTBOX_LEASE_MS: '1000',
  };

  it('an entry written while no worker runs is sent exactly once by the next process', async () => {
    const first = await startTestApp({ env: { ...baseEnv, OUTBOX_WORKER_ENABLED: 'false' } });
    const entry = sendEntry(to);
    await first.app.get(OutboxService).enqueue([entry]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await first.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(to)}`)).toHaveLength(0);
    await first.close({ database: true, sandbox: true });

    const second = await startTestApp({
      env: { ...baseEnv, OUTBOX_WORKER_ENABLED: 'true' },
      databaseUri: first.databaseUri,
      sandbox: first,
    });
    try {
      await eventually(async () =>
        expect(await second.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(to)}`)).toHaveLength(
          1,
        ),
      );
      await eventually(async () =>
        expect(
          (await second.app.get(OutboxService).find('messaging.send', { orderId: entry.payload.orderId }))[0].status,
        ).toBe('done'),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await second.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(to)}`)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('an entry claimed by a worker that died before sending is taken over once its lease ends', async () => {
    const phone = '+447700900778';
    const first = await startTestApp({ env: { ...baseEnv, OUTBOX_WORKER_ENABLED: 'false' } });
    const outbox = first.app.get(OutboxService);
    jest.spyOn(first.app.get(MessageSender), 'send').mockImplementation(() => new Promise(() => undefined)); // dies mid-send
    const entry = sendEntry(phone);
    await outbox.enqueue([entry]);
    void outbox.drain();
    await eventually(async () =>
      expect((await outbox.find('messaging.send', { orderId: entry.payload.orderId }))[0].status).toBe('sending'),
    );
    await first.close({ database: true, sandbox: true });

    const second = await startTestApp({
      env: { ...baseEnv, OUTBOX_WORKER_ENABLED: 'true', MESSAGES_RECEIPT_GRACE_MS: '0' },
      databaseUri: first.databaseUri,
      sandbox: first,
    });
    try {
      const inbox = () => second.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(phone)}`);
      await eventually(async () => expect(await inbox()).toHaveLength(1));
      await eventually(async () => {
        const [done] = await second.app.get(OutboxService).find('messaging.send', { orderId: entry.payload.orderId });
        expect(done).toMatchObject({ status: 'done', attempts: 2 });
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await inbox()).toHaveLength(1);
    } finally {
      await second.close();
      jest.restoreAllMocks();
    }
  });
});

describe('outbox wake-up (e2e)', () => {
  it('sends new work at once, not at the next poll', async () => {
    // A poll interval far longer than the wait below: only the wake-up on enqueue can send in time.
    const t = await startTestApp({ env: { VERIFY_ENABLED: 'false', OUTBOX_POLL_MS: '60000' } });
    try {
      const to = '+447700900778';
      await new Promise((resolve) => setTimeout(resolve, 200)); // let the first (start-up) pass finish
      await t.app.get(OutboxService).enqueue([sendEntry(to)]);
      await eventually(
        async () =>
          expect(await t.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(to)}`)).toHaveLength(1),
        // Well inside the 60 s poll, with room for a loaded machine.
        { timeoutMs: 15_000 },
      );
    } finally {
      await t.close();
    }
  });
});
