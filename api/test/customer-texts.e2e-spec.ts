import { getModelToken } from '@nestjs/mongoose';
import jwt from 'jsonwebtoken';
import { type Model, trusted } from 'mongoose';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { Clock } from '../src/common/clock/clock.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import { OutboxEntry } from '../src/common/outbox/outbox-entry.schema.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { ConsentService } from '../src/messaging/consent/consent.service.js';
import { MESSAGING_SEND_TOPIC } from '../src/messaging/messaging.events.js';
import { MessagingService } from '../src/messaging/messaging.service.js';
import { LateOrdersSweep } from '../src/orders/late-orders.sweep.js';
import { eventually } from './support/eventually.js';
import { freePort, startTestApp, type TestApp } from './support/test-app.js';

interface SandboxMessage {
  message_uuid: string;
  direction: 'outbound' | 'inbound';
  channel: string;
  message_type: string;
  template: string | null;
  to: string;
  from: string;
  text: string;
  status: string;
  client_ref: string | null;
  error_code: string | null;
}

interface Notification {
  id: string;
  event: string;
  channel: string;
  state: string;
  text: string;
  error?: string;
  template?: string;
  fallbackOf?: string;
  resendOf?: string;
  resentAs?: string;
  history: { state: string }[];
}

jest.setTimeout(60_000);

const ADMIN = { email: 'admin@texts.test', password: 'admin-password-e2e', phone: '+15550104040' };
const VIRTUAL_NUMBER = '447520600100';
/** Opted out at the carrier: the sandbox reports error 1240 for it. */
const CARRIER_OPTED_OUT = '+447700900880';

let phoneSeq = 10;
const newPhone = () => `+4477009005${String(phoneSeq++).padStart(2, '0')}`;

function sign(body: string, secret: string): string {
  const payloadHash = createHash('sha256').update(body).digest('hex');
  return jwt.sign({ iss: 'Vonage', jti: randomUUID(), payload_hash: payloadHash }, secret, { algorithm: 'HS256' });
}

describe('customer texts a restaurant can trust (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let messaging: MessagingService;
  let menu: { id: string; name: string; prepMinutes: number }[];
  /** The API's clock, moved by hand: ETAs and the late text without sleeping. */
  let now: Date | undefined;

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const outbound = async (to: string) =>
    (await t.sandbox.inspect<SandboxMessage[]>(`/messages?to=${encodeURIComponent(to)}`)).filter(
      (m) => m.direction === 'outbound',
    );
  const notifications = async (orderId: string) =>
    (await request(t.url).get(`/api/notifications?orderId=${orderId}&limit=100`).set(as(staff)).expect(200)).body
      .items as Notification[];
  const inject = (from: string, text: string, channel: 'sms' | 'whatsapp' = 'sms') =>
    fetch(`${t.sandbox.url}/_sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channel,
        from,
        to: VIRTUAL_NUMBER,
        text,
        webhook_url: `${t.url}/api/webhooks/messages/inbound`,
      }),
    }).then(async (response) => {
      expect(response.status).toBe(201);
      const body = (await response.json()) as { webhook: { status_code: number } };
      expect(body.webhook.status_code).toBe(204);
    });

  async function customer(options: { channel?: 'sms' | 'whatsapp'; language?: 'en' | 'es'; phone?: string } = {}) {
    const phone = options.phone ?? newPhone();
    const email = `c${phone.slice(-6)}@texts.test`;
    await request(t.url)
      .post('/api/auth/register')
      .send({
        email,
        password: 'customer-password',
        name: 'Cleo Customer',
        phone,
        ...(options.language && { language: options.language }),
      })
      .expect(201);
    const token = (
      await request(t.url).post('/api/auth/login').send({ email, password: 'customer-password' }).expect(200)
    ).body.accessToken as string;
    if (options.channel)
      await request(t.url)
        .patch('/api/auth/me')
        .set(as(token))
        .send({ notificationChannel: options.channel })
        .expect(200);
    return { phone, token };
  }
  const place = async (token: string, body: object = {}) =>
    (
      await request(t.url)
        .post('/api/orders')
        .set(as(token))
        .send({ items: [{ menuItemId: menu[0].id, quantity: 1 }], ...body })
        .expect(201)
    ).body;
  const move = (id: string, status: string) =>
    request(t.url).patch(`/api/orders/${id}/status`).set(as(staff)).send({ status }).expect(200);

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({
      port,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ADMIN_PHONE: ADMIN.phone,
        VERIFY_ENABLED: 'false',
        VONAGE_SMS_FROM: `+${VIRTUAL_NUMBER}`,
        MESSAGES_STATUS_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/messages/status`,
        OUTBOX_POLL_MS: '50',
        OUTBOX_BACKOFF_BASE_MS: '50',
        RESTAURANT_TIMEZONE: 'UTC',
        RESEND_THROTTLE_LIMIT: '10',
        // The running-late sweep runs only when a test calls it, on the hand-moved clock. On its own
        // timer it would read the real clock: the STATUS test's order (still preparing, ETA fixed at
        // 2026-12-01 12:xx) is overdue on any run after that, and its running-late text could take the
        // one-shot 422 fault the resend test arms; and while the WhatsApp test has the clock 25 h
        // ahead, a tick before its move to ready would add a late text to the three it counts.
        ORDER_LATE_SWEEP_MS: String(3_600_000),
      },
      sandboxEnv: {
        SANDBOX_DELIVERY_DELAY_MS: '100',
        SANDBOX_OPTED_OUT_NUMBERS: CARRIER_OPTED_OUT,
        SANDBOX_VIRTUAL_NUMBER: VIRTUAL_NUMBER,
      },
    });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
    messaging = t.app.get(MessagingService);
    const clock = t.app.get(Clock);
    const real = clock.now.bind(clock);
    jest.spyOn(clock, 'now').mockImplementation(() => (now ? new Date(now) : real()));
    admin = (
      await request(t.url).post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200)
    ).body.accessToken;
    staff = admin;
    menu = (await request(t.url).get('/api/menu?limit=100').expect(200)).body.items;
  });
  afterAll(() => t.close());
  afterEach(() => {
    now = undefined;
  });

  it('texts from the virtual number, and the first text to a number ends with the opt-out line', async () => {
    const { phone, token } = await customer();
    const order = await place(token);
    await move(order.id, 'preparing');
    const texts = await eventually(async () => {
      const sent = await outbound(phone);
      expect(sent).toHaveLength(2);
      return sent;
    });
    expect(texts.every((m) => m.from === VIRTUAL_NUMBER)).toBe(true);
    expect(texts[0].text).toMatch(/Reply STOP to opt out\.$/);
    expect(texts[1].text).not.toMatch(/opt out/);
  });

  describe('keywords', () => {
    it.each(['STOP', 'stopall', ' Unsubscribe ', 'cancel', 'End', 'QUIT!'])(
      '%j opts the number out: one confirmation, then silence',
      async (word) => {
        const { phone, token } = await customer();
        await inject(phone, word);
        await inject(phone, 'STOP'); // a second STOP: recorded, not answered again
        await eventually(async () =>
          expect((await outbound(phone)).map((m) => m.text)).toEqual([expect.stringMatching(/unsubscribed/)]),
        );
        expect(await t.app.get(ConsentService).isSuppressed(phone)).toBe(true);

        // Suppressed when queued: recorded, never sent, never retried.
        const order = await place(token);
        const [placed] = await eventually(async () => {
          const list = await notifications(order.id);
          expect(list[0]?.state).toBe('suppressed');
          return list;
        });
        expect(placed.error).toMatch(/when the text was queued/);
        expect(placed.history.map((h) => h.state)).toEqual(['queued', 'suppressed']);
        expect(await outbound(phone)).toHaveLength(1);
      },
    );

    it.each(['START', 'unstop', 'Yes'])('%j opts back in with a confirmation', async (word) => {
      const { phone, token } = await customer();
      await inject(phone, 'STOP');
      await inject(phone, word);
      await eventually(async () =>
        expect((await outbound(phone)).map((m) => m.text)).toEqual([
          expect.stringMatching(/unsubscribed/),
          expect.stringMatching(/order updates by text again/),
        ]),
      );
      expect(await t.app.get(ConsentService).isSuppressed(phone)).toBe(false);
      const order = await place(token);
      await eventually(async () => expect((await notifications(order.id))[0].state).toBe('delivered'));
    });

    it.each(['HELP', 'info'])('%j says who we are and how to opt out, even to an opted-out number', async (word) => {
      const phone = newPhone();
      await inject(phone, 'STOP');
      await inject(phone, word);
      await eventually(async () =>
        expect((await outbound(phone)).map((m) => m.text)).toEqual([
          expect.stringMatching(/unsubscribed/),
          expect.stringMatching(/^TableTalk Bistro order updates\. .*STOP to opt out/),
        ]),
      );
    });

    it('STATUS answers the latest order with its ready-by time', async () => {
      const { phone, token } = await customer();
      now = new Date('2026-12-01T12:00:00Z');
      const order = await place(token);
      await move(order.id, 'preparing');
      await inject(phone, 'status');
      await eventually(async () =>
        expect((await outbound(phone)).map((m) => m.text)).toContain(
          `TableTalk Bistro: order #${order.number} is preparing, ready by 12:${String(menu[0].prepMinutes).padStart(2, '0')}.`,
        ),
      );
    });

    it('CANCEL ORDER asks staff (shown on the order), never cancels, and is not the opt-out CANCEL', async () => {
      const { phone, token } = await customer();
      const order = await place(token);
      await inject(phone, 'Cancel Order');
      const seen = await eventually(async () => {
        const body = (await request(t.url).get(`/api/orders/${order.id}`).set(as(staff)).expect(200)).body;
        expect(body.cancelRequest).toMatchObject({ channel: 'sms' });
        return body;
      });
      expect(seen.status).toBe('placed');
      expect(await t.app.get(ConsentService).isSuppressed(phone)).toBe(false);
      await eventually(async () =>
        expect((await outbound(phone)).map((m) => m.text)).toContain(
          `TableTalk Bistro: we have asked the team to cancel order #${order.number}. We will text you when it is done.`,
        ),
      );
    });

    it('anything else is an inbox message staff can mark handled', async () => {
      const { phone, token } = await customer();
      const order = await place(token);
      await inject(phone, 'stop the music please');
      const [reply] = await eventually(async () => {
        const replies = (await request(t.url).get(`/api/orders/${order.id}`).set(as(staff)).expect(200)).body
          .customerReplies;
        expect(replies).toHaveLength(1);
        return replies;
      });
      expect(reply).toMatchObject({ text: 'stop the music please', handledAt: null });
      const handled = (
        await request(t.url).post(`/api/orders/${order.id}/replies/${reply.id}/handled`).set(as(staff)).expect(200)
      ).body;
      expect(handled.customerReplies[0].handledAt).toEqual(expect.any(String));
      await request(t.url).post(`/api/orders/${order.id}/replies/nope/handled`).set(as(staff)).expect(404);
      await request(t.url).post(`/api/orders/${order.id}/replies/${reply.id}/handled`).set(as(token)).expect(403);
      expect(await t.app.get(ConsentService).isSuppressed(phone)).toBe(false);
    });
  });

  describe('suppression', () => {
    it('is checked again just before the send: opted out after queueing → suppressed, not sent', async () => {
      const { phone, token } = await customer();
      const outbox = t.app.get(OutboxService);
      // Hold the worker at the send so the opt-out lands between queue and send.
      const deliver = messaging.deliver.bind(messaging);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const spy = jest.spyOn(messaging, 'deliver').mockImplementation(async (payload, entry) => {
        if (payload.to === phone && payload.event === 'placed') await gate;
        return deliver(payload, entry);
      });
      try {
        const order = await place(token);
        await t.app.get(ConsentService).record(phone, 'opt-out', 'keyword', 'STOP');
        release();
        await eventually(async () => expect((await notifications(order.id))[0].state).toBe('suppressed'));
        expect((await notifications(order.id))[0].error).toMatch(/before the text was sent/);
        await outbox.drain();
        expect(await outbound(phone)).toHaveLength(0);
      } finally {
        spy.mockRestore();
      }
    });

    it('Vonage reporting an opted-out recipient (1240) marks the number opted out', async () => {
      const { token } = await customer({ phone: CARRIER_OPTED_OUT });
      const first = await place(token);
      await eventually(async () =>
        expect((await notifications(first.id))[0]).toMatchObject({
          state: 'failed',
          error: expect.stringMatching(/1240/),
        }),
      );
      await eventually(async () => expect(await t.app.get(ConsentService).isSuppressed(CARRIER_OPTED_OUT)).toBe(true));
      const second = await place(token);
      await eventually(async () => expect((await notifications(second.id))[0].state).toBe('suppressed'));
    });
  });

  describe('consent record', () => {
    it('keeps the kiosk wording and every change, and admins export it as formula-safe CSV', async () => {
      const { phone, token } = await customer();
      const wording = '=HYPERLINK("http://evil") Text me updates, "please"';
      await place(token, { textConsent: { source: 'kiosk', wording } });
      await inject(phone, 'STOP');
      await inject(phone, 'START');

      const csv = await request(t.url).get('/api/consent.csv').set(as(admin)).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toBe('phone,opted_out_now,first_text_at,event_at,action,source,detail');
      const mine = lines.filter((line) => line.startsWith(`'${phone},`));
      expect(mine.map((line) => line.split(',').slice(4, 6).join(','))).toEqual([
        'opt-in,kiosk',
        'opt-out,keyword',
        'opt-in,keyword',
      ]);
      expect(mine[0]).toContain(`"'=HYPERLINK(""http://evil"") Text me updates, ""please"""`);

      await request(t.url)
        .post('/api/orders')
        .set(as(token))
        .send({ items: [{ menuItemId: menu[0].id, quantity: 1 }], textConsent: { source: 'fax', wording } })
        .expect(400);
      await request(t.url).get('/api/consent.csv').set(as(token)).expect(403);
      await request(t.url).get('/api/consent.csv').expect(401);
    });
  });

  describe('delivery state and resend', () => {
    it('shows the last text on the order; staff resend a failed one (idempotent) and it is delivered', async () => {
      const { token } = await customer();
      // The fault fails whichever text the sandbox gets next: earlier tests' texts (a keyword's
      // confirmation, say) must have left first, or one of them takes it instead of this order's.
      const outbox = t.app.get<Model<OutboxEntry>>(getModelToken(OutboxEntry.name));
      await eventually(async () =>
        expect(
          await outbox.countDocuments({
            topic: MESSAGING_SEND_TOPIC,
            status: trusted({ $in: ['pending', 'sending'] }),
          }),
        ).toBe(0),
      );
      await fetch(`${t.sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'POST', path: '/v1/messages', status: 422, times: 1 }),
      }).then((r) => expect(r.status).toBe(201));
      const order = await place(token);
      const failed = await eventually(async () => {
        const body = (await request(t.url).get(`/api/orders/${order.id}`).set(as(staff)).expect(200)).body;
        expect(body.lastNotification).toMatchObject({ state: 'failed', event: 'placed' });
        return body.lastNotification;
      });
      const listed = (await request(t.url).get('/api/orders?limit=50').set(as(staff)).expect(200)).body.items.find(
        (o: { id: string }) => o.id === order.id,
      );
      expect(listed.lastNotification).toMatchObject({ id: failed.id, state: 'failed' });

      const [first, again] = await Promise.all([
        request(t.url)
          .post(`/api/notifications/${encodeURIComponent(failed.id)}/resend`)
          .set(as(staff)),
        request(t.url)
          .post(`/api/notifications/${encodeURIComponent(failed.id)}/resend`)
          .set(as(staff)),
      ]);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(first.body).toMatchObject({ resendOf: failed.id });
      await eventually(async () => {
        const body = (await request(t.url).get(`/api/orders/${order.id}`).set(as(staff)).expect(200)).body;
        expect(body.lastNotification).toMatchObject({ id: first.body.id, state: 'delivered' });
      });
      expect((await notifications(order.id)).map((n) => n.state)).toEqual(['failed', 'delivered']);

      // Only a failed text can be resent; customers cannot resend.
      await request(t.url)
        .post(`/api/notifications/${encodeURIComponent(first.body.id)}/resend`)
        .set(as(staff))
        .expect(409);
      await request(t.url)
        .post(`/api/notifications/${encodeURIComponent(failed.id)}/resend`)
        .set(as(token))
        .expect(403);
      await request(t.url).post('/api/notifications/no-such-id/resend').set(as(staff)).expect(404);
      await request(t.url).post('/api/notifications/bad%20id/resend').set(as(staff)).expect(400);
    });

    it('is rate-limited per client', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await request(t.url).post('/api/notifications/no-such-id/resend').set(as(staff))).status);
      expect(statuses).toContain(429);
    });

    it('never lets a late or out-of-order receipt overwrite a final state', async () => {
      const { token } = await customer();
      const order = await place(token);
      const delivered = await eventually(async () => {
        const [n] = await notifications(order.id);
        expect(n.state).toBe('delivered');
        return n;
      });
      const uuid = (await messaging.notificationsForOrder(order.id)).items[0].messageUuid!;
      for (const status of ['rejected', 'submitted', 'undeliverable']) {
        const body = JSON.stringify({
          message_uuid: uuid,
          status,
          timestamp: new Date().toISOString(),
          channel: 'sms',
          client_ref: delivered.id,
        });
        await request(t.url)
          .post('/api/webhooks/messages/status')
          .set('Content-Type', 'application/json')
          .set('Authorization', `Bearer ${sign(body, t.vonage.signatureSecret)}`)
          .send(body)
          .expect(204);
      }
      const after = (await notifications(order.id))[0];
      expect(after.state).toBe('delivered');
      expect(after.history.map((h) => h.state)).toEqual(['queued', 'sent', 'delivered']);
    });
  });

  describe('ETA and the running-late text (controllable clock)', () => {
    it('states a ready-by time, sends one running-late text 10 minutes past it, and shows the order overdue', async () => {
      const { phone, token } = await customer();
      now = new Date('2026-12-01T18:00:00Z');
      const order = await place(token, {
        items: [
          { menuItemId: menu[0].id, quantity: 1 },
          { menuItemId: menu[4].id, quantity: 1 },
        ],
      });
      const prep = Math.max(menu[0].prepMinutes, menu[4].prepMinutes);
      const preparing = (await move(order.id, 'preparing')).body;
      expect(preparing.etaAt).toBe(new Date(now.getTime() + prep * 60_000).toISOString());
      expect(preparing.overdue).toBe(false);
      const readyBy = `18:${String(prep).padStart(2, '0')}`;
      await eventually(async () =>
        expect((await outbound(phone)).map((m) => m.text)).toContain(
          `TableTalk Bistro: good news, order #${order.number} is being prepared now. Ready by ${readyBy}.`,
        ),
      );

      const sweep = t.app.get(LateOrdersSweep);
      now = new Date(now.getTime() + (prep + 9) * 60_000); // 9 minutes past the ETA: not yet
      await sweep.sweep();
      expect((await request(t.url).get(`/api/orders/${order.id}`).set(as(staff))).body.overdue).toBe(false);

      now = new Date(now.getTime() + 60_000); // 10 minutes past
      await Promise.all([sweep.sweep(), sweep.sweep()]);
      await sweep.sweep();
      expect((await request(t.url).get(`/api/orders/${order.id}`).set(as(staff))).body.overdue).toBe(true);
      const late = await eventually(async () => {
        const texts = (await outbound(phone)).map((m) => m.text).filter((text) => text.includes('running late'));
        expect(texts).toHaveLength(1);
        return texts;
      });
      expect(late[0]).toBe(
        `TableTalk Bistro: sorry Cleo, order #${order.number} is running late (it was due at ${readyBy}). It will not be long now.`,
      );

      await move(order.id, 'ready');
      expect((await request(t.url).get(`/api/orders/${order.id}`).set(as(staff))).body.overdue).toBe(false);
      await sweep.sweep();
      expect((await outbound(phone)).filter((m) => m.text.includes('running late'))).toHaveLength(1);
    });
  });

  describe('WhatsApp', () => {
    it('goes as the approved template outside the 24-hour window and as free text inside it', async () => {
      const { phone, token } = await customer({ channel: 'whatsapp', language: 'es' });
      const first = await place(token);
      const [outside] = await eventually(async () => {
        const sent = await outbound(phone);
        expect(sent).toHaveLength(1);
        return sent;
      });
      expect(outside).toMatchObject({
        channel: 'whatsapp',
        message_type: 'template',
        template: 'tabletalk_order_update',
      });
      expect(outside.text).toMatch(/^Order update: TableTalk Bistro: ¡gracias Cleo!/);
      await eventually(async () =>
        expect((await notifications(first.id))[0]).toMatchObject({
          state: 'delivered',
          template: 'tabletalk_order_update',
        }),
      );

      await inject(phone, 'Hola, gracias', 'whatsapp'); // opens the window
      await move(first.id, 'preparing');
      await eventually(async () =>
        expect((await outbound(phone)).map((m) => m.message_type)).toEqual(['template', 'text']),
      );
      const inside = (await outbound(phone))[1];
      expect(inside.text).toMatch(
        /^TableTalk Bistro: buenas noticias, estamos preparando tu pedido #\d+\. Estará listo a las \d\d:\d\d\.$/,
      );
      await eventually(async () => expect((await notifications(first.id))[1].state).toBe('delivered'));

      // 25 hours later (our clock) the window has closed again: back to the template.
      now = new Date(Date.now() + 25 * 3600_000);
      await move(first.id, 'ready');
      await eventually(async () =>
        expect((await outbound(phone)).map((m) => m.message_type)).toEqual(['template', 'text', 'template']),
      );
    });

    it('a WhatsApp text the window refuses falls back to SMS exactly once, never both delivered', async () => {
      const { phone, token } = await customer({ channel: 'whatsapp' });
      const order = await place(token);
      await eventually(async () => expect((await notifications(order.id))[0].state).toBe('delivered'));
      // We saw the customer write (our window is open), but WhatsApp's has lapsed by the time we
      // send (the sandbox forgets it): the free text is refused with 1340.
      await inject(phone, 'thanks', 'whatsapp');
      await fetch(`${t.sandbox.url}/_sandbox`, { method: 'DELETE' });
      {
        await move(order.id, 'preparing');
        const list = await eventually(async () => {
          const all = await notifications(order.id);
          expect(all).toHaveLength(3);
          expect(all[2].state).toBe('delivered');
          return all;
        });
        expect(list[1]).toMatchObject({
          channel: 'whatsapp',
          event: 'preparing',
          state: 'failed',
          error: expect.stringMatching(/1340/),
        });
        expect(list[2]).toMatchObject({ channel: 'sms', event: 'preparing', fallbackOf: list[1].id });
        const sent = await outbound(phone);
        expect(sent.map((m) => `${m.channel}:${m.status}`)).toEqual(['whatsapp:rejected', 'sms:delivered']);

        // A repeated failure report does not send a second SMS.
        const uuid = (await messaging.notificationsForOrder(order.id)).items[1].messageUuid!;
        const body = JSON.stringify({
          message_uuid: uuid,
          status: 'rejected',
          timestamp: new Date().toISOString(),
          channel: 'whatsapp',
          client_ref: list[1].id,
        });
        await request(t.url)
          .post('/api/webhooks/messages/status')
          .set('Content-Type', 'application/json')
          .set('Authorization', `Bearer ${sign(body, t.vonage.signatureSecret)}`)
          .send(body)
          .expect(204);
        await t.app.get(OutboxService).drain();
        expect((await outbound(phone)).filter((m) => m.channel === 'sms')).toHaveLength(1);
        expect(await notifications(order.id)).toHaveLength(3);
      }
    });
  });
});
