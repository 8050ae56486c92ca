import { getModelToken } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import request from 'supertest';
// The relay's protocol belongs to the sandbox, and so does the test client that speaks it.
import { openRelay, type RelayClient } from '../../sandbox/test/support/relay-client.js';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { MeetingRooms } from '../src/meetings/meeting-rooms.js';
import { SupportRoom } from '../src/meetings/schemas/support-room.schema.js';
import { SupportRoomsService } from '../src/meetings/support-rooms.service.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { SupportRequest } from '../src/support/schemas/support-request.schema.js';
import { toUpstreamError } from '../src/vonage/vonage-errors.js';
import { registerCustomer } from './support/customers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const STAFF = {
  email: 'video-host@support.test',
  password: 'staff-password-e2e',
  phone: '+15550104041',
  name: 'Sam Host',
};
const PAGES = 'http://pages.tabletalk.test:4200';

interface SandboxVideoSession {
  session_id: string;
  media_mode: string;
  state: string;
  connections: { connection_id: string; role: string; data: string; state: string; reason: string | null }[];
  signals: { type: string | null; data: string }[];
}
interface VideoAnswer {
  provider: 'video';
  applicationId: string;
  sessionId: string;
  token: string;
  role: string;
  expiresAt: string;
  relayUrl: string | null;
}

/** Support calls on the Vonage Video API (SUPPORT_VIDEO=video, the default), adapter included: the real @vonage/video SDK against the sandbox. */
describe('support calls on the Video API (e2e)', () => {
  let t: TestApp;
  let staff: { token: string; id: string };
  let menuItemId: string;
  const customers: Record<'ada' | 'bob', { token: string; id: string; email: string }> = {
    ada: { token: '', id: '', email: 'ada@video.test' },
    bob: { token: '', id: '', email: 'bob@video.test' },
  };
  const relays: RelayClient[] = [];
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const claims = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
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
  const video = (id: string, token: string) => request(t.url).get(`/api/support-requests/${id}/video`).set(as(token));
  const sessions = () => t.sandbox.inspect<SandboxVideoSession[]>('/video/sessions');
  const roomModel = () => t.app.get<Model<SupportRoom>>(getModelToken(SupportRoom.name), { strict: false });
  const requestModel = () => t.app.get<Model<SupportRequest>>(getModelToken(SupportRequest.name), { strict: false });
  const join = async (answer: VideoAnswer) => {
    const { client, status } = await openRelay(
      `${answer.relayUrl}/_sandbox/video/relay/${encodeURIComponent(answer.sessionId)}/events?token=${encodeURIComponent(answer.token)}`,
    );
    expect(status).toBe(200);
    relays.push(client!);
    return { client: client!, connected: await client!.next<{ connectionId: string }>('connected') };
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: STAFF.email,
        ADMIN_PASSWORD: STAFF.password,
        ADMIN_PHONE: STAFF.phone,
        ADMIN_NAME: STAFF.name,
        VERIFY_ENABLED: 'false',
        DASHBOARD_ORIGIN: `${PAGES},http://localhost:4200`,
        SUPPORT_ROOM_TTL_MINUTES: '30',
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
          phone: `+44770090042${i + 1}`,
        }),
      );
    }
    menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
    relays.splice(0).forEach((relay) => relay.close());
  });

  it('opens a routed Video API session and answers with our own kiosk call page, expiring after SUPPORT_ROOM_TTL_MINUTES', async () => {
    const before = (await sessions()).length;
    const order = await newOrder();
    const started = Date.now();
    const res = await supportCall(order.id).expect(201);
    const answered = Date.now();
    expect(res.body).toEqual({
      id: expect.any(String),
      guestUrl: `${PAGES}/kiosk/call/${res.body.id}`,
      state: 'open',
      expiresAt: expect.any(String),
    });
    // Bounded by when the call started and when it was answered, however long it took on a busy machine.
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt - started).toBeGreaterThan(29 * 60_000);
    expect(expiresAt - answered).toBeLessThanOrEqual(30 * 60_000);

    const all = await sessions();
    expect(all).toHaveLength(before + 1);
    expect(all.at(-1)).toMatchObject({ media_mode: 'routed', state: 'idle', connections: [] });
    const room = await roomModel()
      .findOne({ requestId: new Types.ObjectId(res.body.id) })
      .lean()
      .exec();
    expect(room).toMatchObject({
      provider: 'video',
      roomId: all.at(-1)!.session_id,
      state: 'open',
      hostUrl: `${PAGES}/support/${res.body.id}/call`,
    });

    const list = (await request(t.url).get('/api/support-requests?state=open').set(as(staff.token)).expect(200)).body;
    expect(list.items.find((r: { id: string }) => r.id === res.body.id)).toMatchObject({
      hostUrl: `${PAGES}/support/${res.body.id}/call`,
      guestUrl: res.body.guestUrl,
    });
  });

  it('gives staff a moderator token and the own customer a publisher token, both for the session, naming the person, expiring with the room', async () => {
    const order = await newOrder();
    const call = (await supportCall(order.id).expect(201)).body;
    const sessionId = (await roomModel()
      .findOne({ requestId: new Types.ObjectId(call.id) })
      .lean()
      .exec())!.roomId;

    const host = (await video(call.id, staff.token).expect(200)).body as VideoAnswer;
    expect(host).toEqual({
      provider: 'video',
      applicationId: t.vonage.applicationId,
      sessionId,
      token: expect.any(String),
      role: 'moderator',
      expiresAt: call.expiresAt,
      relayUrl: t.sandbox.url,
    });
    const exp = Math.floor(Date.parse(call.expiresAt) / 1000);
    expect(claims(host.token)).toMatchObject({
      scope: 'session.connect',
      session_id: sessionId,
      role: 'moderator',
      exp,
      application_id: t.vonage.applicationId,
    });
    expect(JSON.parse(claims(host.token).connection_data as string)).toEqual({ name: STAFF.name, side: 'staff' });

    const guest = (await video(call.id, customers.ada.token).expect(200)).body as VideoAnswer;
    expect(guest).toMatchObject({ provider: 'video', sessionId, role: 'publisher', expiresAt: call.expiresAt });
    expect(claims(guest.token)).toMatchObject({
      session_id: sessionId,
      role: 'publisher',
      exp,
      application_id: t.vonage.applicationId,
    });
    expect(JSON.parse(claims(guest.token).connection_data as string)).toEqual({
      name: 'ada Customer',
      side: 'customer',
    });

    // Another customer learns nothing, not even that the request exists.
    expect((await video(call.id, customers.bob.token).expect(404)).body.type).toContain('support-request-not-found');
    await video('0123456789abcdef01234567', staff.token).expect(404);
    await video('not-an-id', staff.token).expect(400);
    await request(t.url).get(`/api/support-requests/${call.id}/video`).expect(401);
  });

  it('gives racing first calls one request and one room: every caller joins the same session', async () => {
    const order = await newOrder();
    const results = await Promise.all([1, 2, 3].map(() => supportCall(order.id)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const id = results[0].body.id as string;
    expect(
      await roomModel()
        .countDocuments({ requestId: new Types.ObjectId(id) })
        .exec(),
    ).toBe(1);
    expect(
      await requestModel()
        .countDocuments({ orderId: new Types.ObjectId(order.id) })
        .exec(),
    ).toBe(1);
    const answers = await Promise.all(
      [staff.token, customers.ada.token, staff.token].map(
        async (token) => ((await video(id, token).expect(200)).body as VideoAnswer).sessionId,
      ),
    );
    expect(new Set(answers).size).toBe(1);

    // The guard is the database's, not a process lock: a unique index on the request id.
    const indexes = await roomModel().collection.indexes();
    expect(indexes.find((index) => index.key.requestId === 1)).toMatchObject({ unique: true });
    // Two instances storing different rooms for one new request at once: both get the one that won.
    const fresh = new Types.ObjectId().toString();
    const planned = (roomId: string) => ({
      provider: 'video' as const,
      roomId,
      hostUrl: `${PAGES}/h`,
      guestUrl: `${PAGES}/g`,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const rooms = t.app.get(SupportRoomsService);
    const kept = await Promise.all([
      rooms.keep(fresh, planned('room-a')),
      rooms.keep(fresh, planned('room-b')),
      rooms.keep(fresh, planned('room-c')),
    ]);
    expect(new Set(kept.map((room) => room.roomId)).size).toBe(1);
    expect(
      await roomModel()
        .countDocuments({ requestId: new Types.ObjectId(fresh) })
        .exec(),
    ).toBe(1);
  });

  it('stores nothing when the Video API cannot open a session (502 problem)', async () => {
    const order = await newOrder();
    jest
      .spyOn(t.app.get(MeetingRooms), 'createRoom')
      .mockRejectedValueOnce(toUpstreamError({ operation: 'video.createSession', status: 500 }));
    const res = await supportCall(order.id).expect(502);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(
      await requestModel()
        .countDocuments({ orderId: new Types.ObjectId(order.id) })
        .exec(),
    ).toBe(0);
    await supportCall(order.id).expect(201);
  });

  it('closing the request ends the call for everyone: end signal, force-disconnect through the Video API, then 409', async () => {
    const order = await newOrder();
    const call = (await supportCall(order.id).expect(201)).body;
    const host = (await video(call.id, staff.token).expect(200)).body as VideoAnswer;
    const guest = (await video(call.id, customers.ada.token).expect(200)).body as VideoAnswer;
    const staffSide = await join(host);
    const customerSide = await join(guest);
    // Both call pages report their connection (as the dashboard does after connecting).
    for (const [side, token] of [
      [staffSide, staff.token],
      [customerSide, customers.ada.token],
    ] as const) {
      await request(t.url)
        .post(`/api/support-requests/${call.id}/video/connections`)
        .set(as(token))
        .send({ connectionId: side.connected.connectionId })
        .expect(204);
    }
    await request(t.url)
      .post(`/api/support-requests/${call.id}/video/connections`)
      .set(as(customers.bob.token))
      .send({ connectionId: 'abc' })
      .expect(404);
    await request(t.url)
      .post(`/api/support-requests/${call.id}/video/connections`)
      .set(as(staff.token))
      .send({ connectionId: 'a b/c' })
      .expect(400);
    await request(t.url)
      .patch(`/api/support-requests/${call.id}`)
      .set(as(staff.token))
      .send({ state: 'joined' })
      .expect(200);

    await request(t.url)
      .patch(`/api/support-requests/${call.id}`)
      .set(as(staff.token))
      .send({ state: 'closed' })
      .expect(200);
    for (const side of [staffSide, customerSide]) {
      expect(await side.client.next('vonage-signal')).toEqual({ type: 'support-ended', data: 'closed' });
      expect(await side.client.next('disconnected')).toEqual({ reason: 'forceDisconnected' });
      await side.client.ended;
    }
    const session = (await sessions()).find((s) => s.session_id === host.sessionId)!;
    expect(session.state).toBe('idle');
    expect(session.connections.map((c) => [c.role, c.state, c.reason])).toEqual([
      ['moderator', 'disconnected', 'forceDisconnected'],
      ['publisher', 'disconnected', 'forceDisconnected'],
    ]);
    expect((await video(call.id, staff.token).expect(409)).body.type).toContain('support-call-ended');
    await video(call.id, customers.ada.token).expect(409);
    await request(t.url)
      .post(`/api/support-requests/${call.id}/video/connections`)
      .set(as(staff.token))
      .send({ connectionId: 'late' })
      .expect(409);
    expect(
      (await roomModel()
        .findOne({ requestId: new Types.ObjectId(call.id) })
        .lean()
        .exec())!.state,
    ).toBe('closed');
  });

  it('treats an expired room as ended: the call still going on is ended, 409 for joiners, and a new call opens a new room', async () => {
    const order = await newOrder();
    const call = (await supportCall(order.id).expect(201)).body;
    const guest = await join((await video(call.id, customers.ada.token).expect(200)).body as VideoAnswer);
    await request(t.url)
      .post(`/api/support-requests/${call.id}/video/connections`)
      .set(as(customers.ada.token))
      .send({ connectionId: guest.connected.connectionId })
      .expect(204);
    const past = new Date(Date.now() - 1000);
    await roomModel()
      .updateOne({ requestId: new Types.ObjectId(call.id) }, { $set: { expiresAt: past } })
      .exec();
    await requestModel()
      .updateOne({ _id: new Types.ObjectId(call.id) }, { $set: { roomExpiresAt: past } })
      .exec();
    await video(call.id, staff.token).expect(409);
    // The sweep (every 30 s) ends the call: run it now.
    expect(await t.app.get(SupportRoomsService).closeExpired()).toBeGreaterThanOrEqual(1);
    expect(await guest.client.next('disconnected')).toEqual({ reason: 'forceDisconnected' });
    expect(await t.app.get(SupportRoomsService).closeExpired()).toBe(0);
    await video(call.id, customers.ada.token).expect(409);
    const next = (await supportCall(order.id).expect(201)).body;
    expect(next.id).not.toBe(call.id);
    const closed = await requestModel().findById(call.id).lean().exec();
    expect(closed!.state).toBe('closed');
    expect(
      (await roomModel()
        .findOne({ requestId: new Types.ObjectId(call.id) })
        .lean()
        .exec())!.state,
    ).toBe('closed');
  });
});
