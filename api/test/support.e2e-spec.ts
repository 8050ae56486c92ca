import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { io } from 'socket.io-client';
import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import { type VonageConfig, vonageConfig } from '../src/config/configuration.js';
import { ConversationEvents } from '../src/conversations/conversation-events.js';
import { ConversationsService } from '../src/conversations/conversations.service.js';
import { ResourceIds } from '../src/conversations/resource-ids.js';
import { VonageResource } from '../src/conversations/schemas/vonage-resource.schema.js';
import { MeetingRooms } from '../src/meetings/meeting-rooms.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { toUpstreamError } from '../src/vonage/vonage-errors.js';
import { registerCustomer } from './support/customers.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const STAFF = { email: 'host@support.test', password: 'staff-password-e2e', phone: '+15550104040', name: 'Sam Host' };
const CHANNEL = 'pos-notifications';

interface SandboxEvent {
  id: number;
  type: string;
  from?: string;
  body: Record<string, unknown>;
  _embedded: { from_user?: { name: string } };
}
interface SandboxConversation {
  id: string;
  name: string;
  members: { id: string; state: string; _embedded: { user: { id: string; name: string; display_name: string } } }[];
  events: SandboxEvent[];
}
interface SandboxRoom {
  id: string;
  display_name: string;
  type: string;
  _links: { host_url: { href: string }; guest_url: { href: string } };
}

// The Meetings API path (SUPPORT_VIDEO=meetings), kept for fidelity with the original story; the
// Video API path (the default) is in support-video.e2e-spec.ts.
describe('support calls and the staff channel, Meetings provider (e2e)', () => {
  let t: TestApp;
  let staff: { token: string; id: string };
  let menuItemId: string;
  const customers: Record<'ada' | 'bob', { token: string; id: string; email: string }> = {
    ada: { token: '', id: '', email: 'ada@support.test' },
    bob: { token: '', id: '', email: 'bob@support.test' },
  };
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const newOrder = async (token = customers.ada.token) =>
    (
      await request(t.url)
        .post('/api/orders')
        .set(as(token))
        .send({ items: [{ menuItemId, quantity: 1 }] })
        .expect(201)
    ).body as { id: string; number: number };
  const supportCall = (orderId: string, token = customers.ada.token) =>
    request(t.url).post(`/api/orders/${orderId}/support-call`).set(as(token));
  const channel = () => t.sandbox.inspect<SandboxConversation>(`/conversations?name=${CHANNEL}`);
  const supportEvents = async (orderId: string) =>
    (await channel()).events.filter((e) => e.type === 'custom:support_request' && e.body.order_id === orderId);
  const rooms = () => t.sandbox.inspect<SandboxRoom[]>('/meetings');
  const claims = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: STAFF.email,
        ADMIN_PASSWORD: STAFF.password,
        ADMIN_PHONE: STAFF.phone,
        ADMIN_NAME: STAFF.name,
        VERIFY_ENABLED: 'false',
        SUPPORT_VIDEO: 'meetings',
        OUTBOX_POLL_MS: '50',
        OUTBOX_BACKOFF_BASE_MS: '50',
      },
    });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
    const login = (
      await request(t.url).post('/api/auth/login').send({ email: STAFF.email, password: STAFF.password }).expect(200)
    ).body;
    staff = { token: login.accessToken, id: login.user.id };
    for (const [i, [name, customer]] of Object.entries(customers).entries()) {
      Object.assign(
        customer,
        await registerCustomer(t.url, {
          email: customer.email,
          name: `${name} Customer`,
          phone: `+44770090041${i + 1}`,
        }),
      );
    }
    menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  describe('POST /api/jwt', () => {
    it('creates the staff channel once however many first calls race', async () => {
      const results = await Promise.all([1, 2, 3, 4].map(() => request(t.url).post('/api/jwt').set(as(staff.token))));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(results.map((r) => r.body.conversation.id)).size).toBe(1);
      const all = await t.sandbox.inspect<SandboxConversation[]>('/conversations');
      expect(all.filter((c) => c.name === CHANNEL)).toHaveLength(1);
    });

    it('signs the staff member in as their own Vonage user, a joined member of the channel', async () => {
      const res = await request(t.url).post('/api/jwt').set(as(staff.token)).expect(200);
      const conversation = await channel();
      expect(res.body).toEqual({
        token: expect.any(String),
        expiresAt: expect.any(String),
        conversation: { id: conversation.id, name: CHANNEL },
        user: { id: expect.stringMatching(/^USR-/), name: `tt-${staff.id}` },
        client: { url: t.sandbox.url, nexmoApiUrl: t.sandbox.url },
      });
      const members = conversation.members.filter((m) => m._embedded.user.name === `tt-${staff.id}`);
      expect(members).toEqual([
        expect.objectContaining({
          state: 'JOINED',
          _embedded: { user: expect.objectContaining({ id: res.body.user.id, display_name: STAFF.name }) },
        }),
      ]);
    });

    it('issues a short-lived token whose ACL is sessions plus read-only on that one conversation', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await request(t.url).post('/api/jwt').set(as(staff.token)).expect(200);
      const token = claims(res.body.token);
      expect(token).toMatchObject({ sub: `tt-${staff.id}`, application_id: t.vonage.applicationId });
      expect(token.acl).toEqual({
        paths: { '/*/sessions/**': {}, [`/*/conversations/${res.body.conversation.id}/**`]: { methods: ['GET'] } },
      });
      const exp = token.exp as number;
      expect(exp - before).toBeGreaterThanOrEqual(60);
      expect(exp - before).toBeLessThanOrEqual(900 + 5);
      expect(new Date(res.body.expiresAt).getTime()).toBe(exp * 1000);
    });

    it('is honoured by Vonage for reading the channel only: other conversations and writes are refused', async () => {
      const res = await request(t.url).post('/api/jwt').set(as(staff.token)).expect(200);
      const { id } = res.body.conversation;
      const other = await t.app
        .get(ConversationEvents)
        .createConversation({ name: 'kitchen-private', displayName: 'Kitchen' });
      const vonage = (method: string, path: string, body?: object) =>
        fetch(`${t.sandbox.url}${path}`, {
          method,
          headers: { Authorization: `Bearer ${res.body.token}`, 'Content-Type': 'application/json' },
          body: body && JSON.stringify(body),
        });

      expect((await vonage('GET', `/v0.3/conversations/${id}`)).status).toBe(200);
      expect((await vonage('GET', `/v1/conversations/${id}/events`)).status).toBe(200);
      expect((await vonage('GET', `/v0.3/conversations/${id}/members/me`)).status).toBe(200);
      for (const [method, path, body] of [
        [
          'POST',
          `/v1/conversations/${id}/events`,
          { type: 'custom:support_request', body: { host_url: 'https://evil.test' } },
        ],
        ['POST', `/v0.3/conversations/${id}/events`, { type: 'custom:x', body: {} }],
        ['DELETE', `/v1/conversations/${id}`, undefined],
        ['GET', `/v1/conversations/${other.id}`, undefined],
        ['GET', `/v1/conversations/${other.id}/events`, undefined],
        ['GET', '/v1/conversations', undefined],
        ['GET', '/v1/users', undefined],
      ] as const) {
        expect({ method, path, status: (await vonage(method, path, body)).status }).toEqual({
          method,
          path,
          status: 403,
        });
      }
    });

    it('is refused to customers and to anonymous callers, and ignores who the body claims to be', async () => {
      await request(t.url).post('/api/jwt').set(as(customers.ada.token)).expect(403);
      await request(t.url).post('/api/jwt').expect(401);
      const res = await request(t.url)
        .post('/api/jwt')
        .set(as(staff.token))
        .send({ sub: `tt-${customers.ada.id}`, userId: customers.ada.id });
      // Either the body is refused outright or ignored; it never picks the user.
      if (res.status === 200) expect(claims(res.body.token).sub).toBe(`tt-${staff.id}`);
      else expect(res.status).toBe(400);
    });
  });

  describe('POST /api/orders/:id/support-call', () => {
    it('opens a room, keeps the host link on the order, stores the request and tells the staff channel', async () => {
      const order = await newOrder();
      const res = await supportCall(order.id).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        guestUrl: expect.any(String),
        state: 'open',
        expiresAt: expect.any(String),
      });

      const room = (await rooms()).find((r) => r._links.guest_url.href === res.body.guestUrl);
      expect(room).toMatchObject({ type: 'instant', display_name: expect.stringContaining(`#${order.number}`) });
      const hostUrl = room!._links.host_url.href;

      const stored = await request(t.url).get(`/api/orders/${order.id}`).set(as(staff.token)).expect(200);
      expect(stored.body.meetingUrl).toBe(hostUrl);
      // The host link is for staff: the customer's view of the order never carries it.
      expect(
        (await request(t.url).get(`/api/orders/${order.id}`).set(as(customers.ada.token)).expect(200)).body.meetingUrl,
      ).toBeNull();

      const list = await request(t.url).get('/api/support-requests?state=open').set(as(staff.token)).expect(200);
      expect(list.body.items.find((r: { id: string }) => r.id === res.body.id)).toMatchObject({
        orderId: order.id,
        orderNumber: order.number,
        customer: { id: customers.ada.id, email: customers.ada.email, name: 'ada Customer' },
        hostUrl,
        guestUrl: res.body.guestUrl,
        state: 'open',
        joinedAt: null,
        closedAt: null,
      });

      const [event] = await eventually(async () => {
        const events = await supportEvents(order.id);
        expect(events).toHaveLength(1);
        return events;
      });
      expect(event.body).toEqual({
        host_url: hostUrl,
        email: customers.ada.email,
        order_id: order.id,
        order_number: order.number,
        support_request_id: res.body.id,
      });
      // Sent by the customer's own Vonage user, made a member first.
      expect(event._embedded.from_user?.name).toBe(`tt-${customers.ada.id}`);
    });

    it('returns the same room while the request is open, without a second room or event', async () => {
      const order = await newOrder();
      const first = await supportCall(order.id).expect(201);
      await eventually(async () => expect(await supportEvents(order.id)).toHaveLength(1));
      const roomCount = (await rooms()).length;

      const again = await supportCall(order.id).expect(200);
      expect(again.body).toEqual(first.body);
      await t.app.get(OutboxService).drain();
      expect(await rooms()).toHaveLength(roomCount);
      expect(await supportEvents(order.id)).toHaveLength(1);
    });

    it('gives concurrent first calls one room and one request', async () => {
      const order = await newOrder();
      const results = await Promise.all([1, 2, 3].map(() => supportCall(order.id)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(results.map((r) => r.body.guestUrl)).size).toBe(1);
      const list = (await request(t.url).get('/api/support-requests?limit=100').set(as(staff.token)).expect(200)).body;
      expect(list.items.filter((r: { orderId: string }) => r.orderId === order.id)).toHaveLength(1);
    });

    it("is the order's customer's alone", async () => {
      const order = await newOrder();
      await supportCall(order.id, customers.bob.token).expect(403);
      await supportCall(order.id, staff.token).expect(403);
      await request(t.url).post(`/api/orders/${order.id}/support-call`).expect(401);
      await supportCall('0123456789abcdef01234567').expect(404);
      const bad = await supportCall('not-an-id').expect(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(
        (await request(t.url).get(`/api/orders/${order.id}`).set(as(customers.ada.token))).body.meetingUrl,
      ).toBeNull();
    });

    it('stores nothing when Vonage cannot open a room, and says so as a 502 problem', async () => {
      const order = await newOrder();
      jest
        .spyOn(t.app.get(MeetingRooms), 'createRoom')
        .mockRejectedValueOnce(toUpstreamError({ operation: 'meetings.createRoom', status: 500 }));
      const before = (await request(t.url).get('/api/support-requests').set(as(staff.token))).body.total;
      const res = await supportCall(order.id).expect(502);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.type).toContain('vonage-error');
      expect((await request(t.url).get('/api/support-requests').set(as(staff.token))).body.total).toBe(before);
      expect(
        (await request(t.url).get(`/api/orders/${order.id}`).set(as(customers.ada.token))).body.meetingUrl,
      ).toBeNull();
    });

    it('still gives the customer the room when the staff channel is down, and delivers the event later', async () => {
      const order = await newOrder();
      const post = jest
        .spyOn(t.app.get(ConversationEvents), 'post')
        .mockRejectedValueOnce(toUpstreamError({ operation: 'conversations.event', status: 503 }))
        .mockRejectedValueOnce(toUpstreamError({ operation: 'conversations.event', timedOut: true }));
      const res = await supportCall(order.id).expect(201);
      expect(res.body.guestUrl).toEqual(expect.any(String));

      await eventually(async () => expect(await supportEvents(order.id)).toHaveLength(1));
      expect(post).toHaveBeenCalledTimes(3);
      // The entry is marked done just after its event went out: wait for that write too.
      await eventually(async () => {
        const [entry] = await t.app
          .get(OutboxService)
          .find('conversations.event', { 'body.support_request_id': res.body.id });
        expect(entry).toMatchObject({ key: `support:${res.body.id}`, status: 'done', attempts: 3 });
      });
    });
  });

  describe('the staff dashboard, live', () => {
    it('receives the support request in real time over a Client SDK session opened with the issued token', async () => {
      const session = (await request(t.url).post('/api/jwt').set(as(staff.token)).expect(200)).body;
      const socket = io(session.client.url, {
        path: '/v2/rtc',
        query: { token: session.token },
        transports: ['websocket'],
        forceNew: true,
      });
      try {
        const login = await new Promise<{ body: { name: string } }>((resolve, reject) => {
          socket.once('session:success', resolve);
          socket.once('connect_error', reject);
        });
        expect(login.body.name).toBe(`tt-${staff.id}`);
        const received = new Promise<{ cid: string; body: Record<string, unknown> }>((resolve) =>
          socket.on('custom:support_request', resolve),
        );

        const order = await newOrder();
        const call = (await supportCall(order.id).expect(201)).body;
        const event = await received;
        expect(event.cid).toBe(session.conversation.id);
        expect(event.body).toMatchObject({
          order_id: order.id,
          support_request_id: call.id,
          email: customers.ada.email,
          host_url: expect.stringContaining('participant_token='),
        });
      } finally {
        socket.close();
      }
    });
  });

  describe('support requests for staff', () => {
    it('moves open → joined → closed, filters by state, and a closed request frees the order for a new room', async () => {
      const order = await newOrder();
      const call = (await supportCall(order.id).expect(201)).body;
      const patch = (state: string, token = staff.token) =>
        request(t.url).patch(`/api/support-requests/${call.id}`).set(as(token)).send({ state });
      const ids = async (state: string) =>
        (
          (await request(t.url).get(`/api/support-requests?state=${state}&limit=100`).set(as(staff.token)).expect(200))
            .body.items as { id: string }[]
        ).map((r) => r.id);

      const joined = (await patch('joined').expect(200)).body;
      expect(joined).toMatchObject({
        state: 'joined',
        joinedBy: staff.id,
        joinedAt: expect.any(String),
        closedAt: null,
      });
      await patch('joined').expect(200);
      expect(await ids('joined')).toContain(call.id);
      expect(await ids('open')).not.toContain(call.id);
      // Still being handled: the customer gets the same room.
      expect((await supportCall(order.id).expect(200)).body.id).toBe(call.id);

      const orderNow = () => request(t.url).get(`/api/orders/${order.id}`).set(as(staff.token)).expect(200);
      expect((await orderNow()).body.meetingUrl).toBe(joined.hostUrl);
      expect((await patch('closed').expect(200)).body).toMatchObject({
        state: 'closed',
        closedBy: staff.id,
        closedAt: expect.any(String),
      });
      // The call is over: the order no longer offers its host link.
      expect((await orderNow()).body.meetingUrl).toBeNull();
      const reopen = await patch('joined').expect(409);
      expect(reopen.body.type).toContain('illegal-transition');
      expect(await ids('open,joined')).not.toContain(call.id);

      const next = await supportCall(order.id).expect(201);
      expect(next.body.id).not.toBe(call.id);
      expect(next.body.guestUrl).not.toBe(call.guestUrl);
      const nextHostUrl = (
        await request(t.url)
          .patch(`/api/support-requests/${next.body.id}`)
          .set(as(staff.token))
          .send({ state: 'joined' })
          .expect(200)
      ).body.hostUrl;
      expect(nextHostUrl).not.toBe(joined.hostUrl);
      expect((await orderNow()).body.meetingUrl).toBe(nextHostUrl);
      // Closing the old request again changes nothing, and never takes the new room's link away.
      await patch('closed').expect(200);
      expect((await orderNow()).body.meetingUrl).toBe(nextHostUrl);
    });

    it('answers GET /video with the host link for staff and the guest link for the own customer only', async () => {
      const order = await newOrder();
      const call = (await supportCall(order.id).expect(201)).body;
      const room = (await rooms()).find((r) => r._links.guest_url.href === call.guestUrl)!;
      const video = (token: string) => request(t.url).get(`/api/support-requests/${call.id}/video`).set(as(token));
      expect((await video(staff.token).expect(200)).body).toEqual({
        provider: 'meetings',
        role: 'host',
        url: room._links.host_url.href,
        expiresAt: call.expiresAt,
      });
      const guest = (await video(customers.ada.token).expect(200)).body;
      expect(guest).toEqual({ provider: 'meetings', role: 'guest', url: call.guestUrl, expiresAt: call.expiresAt });
      expect(JSON.stringify(guest)).not.toContain('participant_token');
      await video(customers.bob.token).expect(404);
      await request(t.url)
        .patch(`/api/support-requests/${call.id}`)
        .set(as(staff.token))
        .send({ state: 'closed' })
        .expect(200);
      expect((await video(staff.token).expect(409)).body.type).toContain('support-call-ended');
      await video(customers.ada.token).expect(409);
    });

    it('is for staff only and validates its input', async () => {
      const order = await newOrder();
      const call = (await supportCall(order.id).expect(201)).body;
      await request(t.url).get('/api/support-requests').set(as(customers.ada.token)).expect(403);
      await request(t.url).get('/api/support-requests').expect(401);
      await request(t.url)
        .patch(`/api/support-requests/${call.id}`)
        .set(as(customers.ada.token))
        .send({ state: 'closed' })
        .expect(403);
      const badState = await request(t.url)
        .patch(`/api/support-requests/${call.id}`)
        .set(as(staff.token))
        .send({ state: 'open' })
        .expect(400);
      expect(badState.body.errors.map((e: { field: string }) => e.field)).toContain('state');
      await request(t.url).get('/api/support-requests?state=lost').set(as(staff.token)).expect(400);
      await request(t.url)
        .patch('/api/support-requests/0123456789abcdef01234567')
        .set(as(staff.token))
        .send({ state: 'closed' })
        .expect(404);
    });
  });

  describe('the conversation helper', () => {
    it('lets two API instances starting together create one conversation, both using its id', async () => {
      const model = t.app.get<Model<VonageResource>>(getModelToken(VonageResource.name), { strict: false });
      const config = t.app.get<VonageConfig>(vonageConfig.KEY, { strict: false });
      const instance = () =>
        new ConversationsService(
          t.app.get(ConversationEvents),
          new ResourceIds(model),
          t.app.get(OutboxService),
          config,
        );
      const [a, b] = [instance(), instance()];
      const refs = await Promise.all([a, b, a, b].map((helper) => helper.conversation('race-channel')));
      expect(new Set(refs.map((ref) => ref.id)).size).toBe(1);
      const all = await t.sandbox.inspect<SandboxConversation[]>('/conversations');
      expect(all.filter((c) => c.name === 'race-channel').map((c) => c.id)).toEqual([refs[0].id]);
      // A third instance started later finds it without asking Vonage to create anything.
      const create = jest.spyOn(t.app.get(ConversationEvents), 'createConversation');
      expect((await instance().conversation('race-channel')).id).toBe(refs[0].id);
      expect(create).not.toHaveBeenCalled();
    });
  });
});
