import { importPKCS8, SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { aclAllows } from '../src/auth/acl';
import { applicationId, json, privateKey, serverToken, startSandbox, type TestSandbox } from './support/sandbox';

// nexmo-client is written for browsers: it talks REST through XMLHttpRequest.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- must run before nexmo-client loads (an import would be hoisted above)
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= require('xhr2');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NexmoClient = require('nexmo-client');

const SESSIONS = { '/*/sessions/**': {} };

/** The dashboard's token: sessions plus GET-only on one conversation (as POST /api/jwt mints it). */
function dashboardToken(user: string, conversationId: string) {
  return serverToken({
    sub: user,
    acl: { paths: { ...SESSIONS, [`/*/conversations/${conversationId}`]: { methods: ['GET'] } } },
  });
}

function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

/** Settles like `promise`, or rejects after `ms` (the timer never outlives the race). */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A raw socket.io client speaking the Client SDK protocol, recording every event it gets. */
function rawClient(url: string, token: string) {
  const events: { name: string; payload: any }[] = [];
  const socket: Socket = io(url, {
    path: '/v2/rtc',
    transports: ['websocket'],
    query: { token },
    forceNew: true,
    reconnection: false,
  });
  socket.onAny((name, payload) => events.push({ name, payload }));
  return { socket, events, first: () => waitFor(() => events[0], 'the login answer') };
}

describe('Client SDK real-time (socket.io /v2/rtc + client REST)', () => {
  let sandbox: TestSandbox;
  let conversationId: string;
  const sockets: Socket[] = [];
  const clients: { deleteSession(): Promise<unknown> }[] = [];

  function call(method: string, path: string, body?: unknown, token = serverToken()) {
    return fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function join(userName: string) {
    const user = await json(await call('POST', '/v1/users', { name: userName }));
    const member = await json(
      await call('POST', `/v1/conversations/${conversationId}/members`, {
        state: 'JOINED',
        user: { id: user.id },
        channel: { type: 'app' },
      }),
    );
    return { user, member };
  }

  function postSupportRequest(n: number) {
    return call('POST', `/v1/conversations/${conversationId}/events`, {
      type: 'custom:support_request',
      body: { host_url: `http://localhost:3100/meetings/${n}`, email: `guest${n}@example.com` },
    });
  }

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    sandbox.sandbox.reset();
    conversationId = (await json(await call('POST', '/v1/conversations', { name: 'pos-notifications' }))).id;
  });
  afterEach(async () => {
    const loggedOut = Promise.all(clients.splice(0).map((c) => c.deleteSession().catch(() => undefined)));
    await withTimeout(loggedOut, 2000, 'logout').catch(() => undefined);
    sockets.splice(0).forEach((s) => s.disconnect());
  });

  function connectNexmo(token: string): Promise<any> {
    const client = new NexmoClient({
      url: sandbox.url,
      nexmo_api_url: sandbox.url,
      ips_url: `${sandbox.url}/v1/image`,
      path: '/v2/rtc',
      debug: 'silent',
      rtcstats: { remote_collection: false },
      log_reporter: { enabled: false },
    });
    // createSession never settles when the socket cannot connect: race it.
    return withTimeout(
      client.createSession(token).then((application: unknown) => {
        clients.push(client);
        return application;
      }),
      5000,
      'createSession',
    );
  }

  it('nexmo-client 9.5.1 logs in, opens the conversation and gets custom events in order', async () => {
    const { user } = await join('admin');
    const application = await connectNexmo(dashboardToken('admin', conversationId));
    expect(application.me).toMatchObject({ id: user.id, name: 'admin' });

    const conversation = await application.getConversation(conversationId);
    expect(conversation.name).toBe('pos-notifications');
    const received: { sender: any; event: any }[] = [];
    conversation.on('support_request', (sender: unknown, event: unknown) => received.push({ sender, event }));

    for (let n = 1; n <= 3; n++) expect((await postSupportRequest(n)).status).toBe(201);
    await waitFor(() => (received.length >= 3 ? true : undefined), '3 support requests');

    expect(received.map(({ event }) => event.body.email)).toEqual([
      'guest1@example.com',
      'guest2@example.com',
      'guest3@example.com',
    ]);
    const ids = received.map(({ event }) => Number(event.id));
    expect(ids).toEqual([ids[0], ids[0] + 1, ids[0] + 2]);
    expect(received[0].event.type).toBe('support_request');
    expect(received[0].event.body.host_url).toBe('http://localhost:3100/meetings/1');
    expect(
      (await json(await fetch(`${sandbox.url}/_sandbox/sessions`))).map((s: { user: { name: string } }) => s.user.name),
    ).toEqual(['admin']);
  });

  it('@vonage/client-sdk 2.x logs in, reads the conversation and gets conversationEvent in order', async () => {
    await join('admin');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { VonageClient } = require('@vonage/client-sdk');
    const client = new VonageClient({ loggingLevel: 'Error', apiUrl: sandbox.url, websocketUrl: sandbox.url });
    clients.push(client);
    const received: any[] = [];
    client.on('conversationEvent', (event: any) => event.kind === 'custom' && received.push(event));

    const sessionId = await withTimeout(
      client.createSession(dashboardToken('admin', conversationId)),
      5000,
      'client-sdk createSession',
    );
    expect(sessionId).toMatch(/^s-/);
    expect((await client.getConversation(conversationId)).name).toBe('pos-notifications');

    for (let n = 1; n <= 3; n++) await postSupportRequest(n);
    await waitFor(() => (received.length >= 3 ? true : undefined), '3 conversationEvents');
    expect(received.map((e) => [e.eventType, e.conversationId, e.body.email])).toEqual(
      [1, 2, 3].map((n) => ['custom:support_request', conversationId, `guest${n}@example.com`]),
    );
    expect(received.map((e) => e.id)).toEqual([received[0].id, received[0].id + 1, received[0].id + 2]);
  });

  it('@vonage/client-sdk: a bad token rejects createSession', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { VonageClient } = require('@vonage/client-sdk');
    const client = new VonageClient({ loggingLevel: 'Silent', apiUrl: sandbox.url, websocketUrl: sandbox.url });
    await expect(
      withTimeout(client.createSession('not-a-token'), 8000, 'client-sdk createSession'),
    ).rejects.toMatchObject({ message: expect.stringMatching(/token/i) });
  });

  it('nexmo-client: an invalid token rejects createSession with system:error:invalid-token', async () => {
    const forged = serverToken({ sub: 'admin' }).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
    await expect(connectNexmo(forged)).rejects.toMatchObject({ type: 'system:error:invalid-token' });
  });

  it('delivers events to every member session, with consecutive ids, and to nobody else', async () => {
    await join('admin');
    await join('waiter');
    await json(await call('POST', '/v1/users', { name: 'outsider' }));
    const admin = rawClient(sandbox.url, dashboardToken('admin', conversationId));
    const admin2 = rawClient(sandbox.url, dashboardToken('admin', conversationId));
    const waiter = rawClient(
      sandbox.url,
      serverToken({ sub: 'waiter', acl: { paths: { ...SESSIONS, '/*/conversations/**': {} } } }),
    );
    const outsider = rawClient(
      sandbox.url,
      serverToken({ sub: 'outsider', acl: { paths: { ...SESSIONS, '/*/conversations/**': {} } } }),
    );
    // Member, but its token has no GET right on the conversation: it must not see its events.
    const blind = rawClient(sandbox.url, serverToken({ sub: 'waiter', acl: { paths: SESSIONS } }));
    const all = [admin, admin2, waiter, outsider, blind];
    sockets.push(...all.map((c) => c.socket));
    for (const client of all) expect((await client.first()).name).toBe('session:success');

    for (let n = 1; n <= 5; n++) await postSupportRequest(n);
    for (const client of [admin, admin2, waiter]) {
      const custom = await waitFor(() => {
        const got = client.events.filter((e) => e.name === 'custom:support_request');
        return got.length >= 5 ? got : undefined;
      }, '5 events');
      expect(custom.map((e) => e.payload.body.email)).toEqual([1, 2, 3, 4, 5].map((n) => `guest${n}@example.com`));
      const ids = custom.map((e) => e.payload.id);
      expect(ids).toEqual(ids.map((_id, i) => ids[0] + i));
      expect(custom[0].payload).toMatchObject({
        cid: conversationId,
        type: 'custom:support_request',
        timestamp: expect.any(String),
      });
    }
    expect(outsider.events.map((e) => e.name)).toEqual(['session:success']);
    expect(blind.events.map((e) => e.name)).toEqual(['session:success']);
  });

  it('refuses sessions for bad tokens with the SDK error events', async () => {
    const noSub = rawClient(sandbox.url, serverToken({ acl: { paths: SESSIONS } }));
    const noSessionsAcl = rawClient(sandbox.url, serverToken({ sub: 'admin', acl: { paths: { '/*/users/**': {} } } }));
    const now = Math.floor(Date.now() / 1000);
    const expiredToken = await new SignJWT({ application_id: applicationId, sub: 'admin', acl: { paths: SESSIONS } })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 60)
      .sign(await importPKCS8(privateKey, 'RS256'));
    const expired = rawClient(sandbox.url, expiredToken);
    sockets.push(noSub.socket, noSessionsAcl.socket, expired.socket);
    expect((await noSub.first()).name).toBe('system:error:invalid-token');
    expect((await noSessionsAcl.first()).name).toBe('system:error:permission');
    expect((await expired.first()).name).toBe('system:error:expired-token');
  });

  it('answers logout with session:logged-out carrying the request id', async () => {
    await join('admin');
    const client = rawClient(sandbox.url, dashboardToken('admin', conversationId));
    sockets.push(client.socket);
    await client.first();
    client.socket.emit('session:logout', { tid: 'tid-1', body: {} });
    const answer = await waitFor(() => client.events.find((e) => e.name === 'session:logged-out'), 'logout answer');
    expect(answer.payload.rid).toBe('tid-1');
  });

  describe('client REST routes', () => {
    it('answers CORS preflights and serves the conversation and members/me', async () => {
      await join('admin');
      const preflight = await fetch(`${sandbox.url}/v0.3/conversations/${conversationId}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:4200',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

      const token = serverToken({
        sub: 'admin',
        acl: { paths: { ...SESSIONS, [`/*/conversations/${conversationId}/**`]: { methods: ['GET'] } } },
      });
      const conversation = await call('GET', `/v0.3/conversations/${conversationId}`, undefined, token);
      expect(conversation.status).toBe(200);
      expect(await json(conversation)).toMatchObject({
        id: conversationId,
        name: 'pos-notifications',
        timestamp: { created: expect.any(String) },
      });
      const me = await json(await call('GET', `/v0.3/conversations/${conversationId}/members/me`, undefined, token));
      expect(me).toMatchObject({ state: 'JOINED', _embedded: { user: { name: 'admin' } } });
    });

    it('holds REST calls to the ACL (paths and methods)', async () => {
      await join('admin');
      const other = (await json(await call('POST', '/v1/conversations', { name: 'other' }))).id;
      const token = dashboardToken('admin', conversationId);
      expect((await call('GET', `/v0.3/conversations/${conversationId}`, undefined, token)).status).toBe(200);
      expect((await call('GET', `/v0.3/conversations/${other}`, undefined, token)).status).toBe(403);
      expect(
        (await call('POST', `/v0.3/conversations/${conversationId}/events`, { type: 'custom:x', body: {} }, token))
          .status,
      ).toBe(403);
    });

    it('serves the /beta2 events range nexmo-client uses to fill gaps', async () => {
      await join('admin');
      for (let n = 1; n <= 3; n++) await postSupportRequest(n);
      const token = serverToken({ sub: 'admin', acl: { paths: { ...SESSIONS, '/*/conversations/**': {} } } });
      const page = await json(
        await call('GET', `/beta2/conversations/${conversationId}/events?start_id=2&end_id=3`, undefined, token),
      );
      expect(page._embedded.data.events.map((e: { id: number; cid: string }) => [e.id, e.cid])).toEqual([
        [2, conversationId],
        [3, conversationId],
      ]);
    });
  });

  it('ACL globs: * is one segment, ** any depth, methods restrict', () => {
    const acl = { paths: { '/*/sessions/**': {}, '/*/conversations/CON-1': { methods: ['GET'] } } };
    expect(aclAllows(acl, 'POST', '/v1/sessions/s-1')).toBe(true);
    expect(aclAllows(acl, 'GET', '/v0.3/conversations/CON-1')).toBe(true);
    expect(aclAllows(acl, 'GET', '/v0.3/conversations/CON-1?x=1')).toBe(true);
    expect(aclAllows(acl, 'POST', '/v0.3/conversations/CON-1')).toBe(false);
    expect(aclAllows(acl, 'GET', '/v0.3/conversations/CON-2')).toBe(false);
    expect(aclAllows(acl, 'GET', '/v0.3/conversations/CON-1/events')).toBe(false);
    expect(aclAllows({ paths: { '/*/conversations/CON-1/**': {} } }, 'GET', '/v0.3/conversations/CON-1')).toBe(true);
    expect(aclAllows(undefined, 'DELETE', '/anything')).toBe(true);
  });
});
