import { Auth } from '@vonage/auth';
import { Vonage } from '@vonage/server-sdk';
import { sign } from 'node:crypto';
import { generateKeyPair } from '../../scripts/lib/dev-stack.mjs';
import { openRelay, type RelayClient } from './support/relay-client';
import { applicationId, privateKey, serverToken, startSandbox, type TestSandbox } from './support/sandbox';

type Video = Vonage['video'];
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const LOOPBACK = 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0';
const LAN = 'candidate:2 1 udp 2122194687 192.168.1.20 50001 typ host generation 0';
const MDNS = 'candidate:3 1 udp 2122129151 5e2b1c4a-0f9d-4d3a-9a43-2c1f0e7b9a11.local 50002 typ host generation 0';

describe('Video API (server side) and the WebRTC relay', () => {
  let sandbox: TestSandbox;
  let video: Video;
  const opened: RelayClient[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    video = new Vonage(new Auth({ applicationId, privateKey }), { videoHost: sandbox.url }).video;
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.sandbox.reset());
  afterEach(() => opened.splice(0).forEach((c) => c.close()));

  const sessions = async () =>
    (await (await fetch(`${sandbox.url}/_sandbox/video/sessions`)).json()) as Record<string, any>[];
  const join = async (sessionId: string, token: string) => {
    const res = await openRelay(
      `${sandbox.url}/_sandbox/video/relay/${encodeURIComponent(sessionId)}/events?token=${encodeURIComponent(token)}`,
    );
    if (res.client) opened.push(res.client);
    return res;
  };
  const signal = (sessionId: string, token: string, body: unknown) =>
    fetch(`${sandbox.url}/_sandbox/video/relay/${encodeURIComponent(sessionId)}/signal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('creates a routed session through the real SDK (form body, Bearer JWT, array answer)', async () => {
    const { sessionId } = await video.createSession({ mediaMode: 'disabled' as never });
    expect(sessionId).toMatch(/^2_MX4/);
    const raw = await fetch(`${sandbox.url}/session/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken()}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'archiveMode=manual&p2p.preference=disabled',
    });
    expect(raw.status).toBe(200);
    const body = (await raw.json()) as Record<string, unknown>[];
    expect(body).toEqual([
      expect.objectContaining({
        session_id: expect.stringMatching(/^2_MX4/),
        project_id: applicationId,
        create_dt: expect.any(String),
        media_server_url: expect.any(String),
      }),
    ]);
    expect((await sessions()).map((s) => s.media_mode)).toEqual(['routed', 'routed']);
  });

  it('refuses missing or foreign credentials and client tokens with the Video API error shape', async () => {
    // Vonage's Video spec: invalid credentials are a 403 {code, message}.
    const none = await fetch(`${sandbox.url}/session/create`, { method: 'POST' });
    expect(none.status).toBe(403);
    expect(await none.json()).toEqual({ code: 403, message: expect.any(String) });
    const other = generateKeyPair().privateKey;
    await expect(
      new Vonage(new Auth({ applicationId, privateKey: other }), { videoHost: sandbox.url }).video.createSession({}),
    ).rejects.toMatchObject({
      response: { status: 403 },
    });
    const { sessionId } = await video.createSession({});
    const clientToken = video.generateClientToken(sessionId, { role: 'moderator' });
    const refused = await fetch(`${sandbox.url}/v2/project/${applicationId}/session/${sessionId}/stream`, {
      headers: { authorization: `Bearer ${clientToken}` },
    });
    expect(refused.status).toBe(403);
    await expect(video.disconnectClient(sessionId, 'no-such-connection')).rejects.toMatchObject({
      response: { status: 404 },
    });
    await expect(video.sendSignal({ type: 'x', data: 'y' }, 'no-such-session')).rejects.toMatchObject({
      response: { status: 404 },
    });
    await expect(video.sendSignal({ type: 'x', data: 'y'.repeat(8193) }, sessionId)).rejects.toMatchObject({
      response: { status: 413 },
    });
    await expect(video.sendSignal({ type: 't'.repeat(129), data: 'y' }, sessionId)).rejects.toMatchObject({
      response: { status: 413 },
    });
    const bad = await fetch(`${sandbox.url}/session/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken()}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'archiveMode=always&p2p.preference=enabled',
    });
    expect(bad.status).toBe(400);
  });

  it('answers armed faults in the Video API error shape, and a candidate filter that knows loopback from the rest', async () => {
    const armed = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/session/create', status: 503 }),
    });
    expect(armed.status).toBe(201);
    const failed = await video.createSession({}).catch((error: { response: Response }) => error.response);
    expect((failed as Response).status).toBe(503);
    expect(await (failed as Response).json()).toEqual({ code: 503, message: expect.any(String) });
    expect((await sessions()).length).toBe(0);
    await expect(video.createSession({})).resolves.toMatchObject({ sessionId: expect.stringMatching(/^2_MX4/) });

    const { isLoopbackCandidate, filterSdpCandidates } = await import('../src/video/loopback');
    expect(isLoopbackCandidate(LOOPBACK)).toBe(true);
    expect(isLoopbackCandidate('candidate:4 1 udp 2122262783 ::1 50003 typ host generation 0')).toBe(true);
    expect(isLoopbackCandidate('a=candidate:5 1 tcp 1518280447 127.0.0.2 9 typ host tcptype active')).toBe(true);
    expect(isLoopbackCandidate(LAN)).toBe(false);
    expect(isLoopbackCandidate(MDNS)).toBe(false);
    expect(isLoopbackCandidate('candidate:6 1 udp 2122262783 2001:db8::1 50004 typ host')).toBe(false);
    expect(
      isLoopbackCandidate('candidate:7 1 udp 1686052607 127.0.0.1 50005 typ srflx raddr 10.0.0.2 rport 50005'),
    ).toBe(true);
    expect(filterSdpCandidates(`a=${LAN}\r\na=${LOOPBACK}\r\n`)).toEqual({ sdp: `a=${LOOPBACK}\r\n`, dropped: 1 });
  });

  it('admits browsers whose token is signed by the application, for this session, unexpired; relays offers, answers and loopback candidates only', async () => {
    const { sessionId } = await video.createSession({});
    const exp = Math.floor(Date.now() / 1000) + 600;
    const staffToken = video.generateClientToken(sessionId, {
      role: 'moderator',
      data: '{"name":"Sam"}',
      expireTime: exp,
    });
    const guestToken = video.generateClientToken(sessionId, {
      role: 'publisher',
      data: '{"name":"Ada"}',
      expireTime: exp,
    });
    expect(claims(staffToken)).toMatchObject({
      scope: 'session.connect',
      session_id: sessionId,
      role: 'moderator',
      exp,
      application_id: applicationId,
    });

    // Wrong session, expired, forged: refused before any stream opens.
    const { sessionId: otherSession } = await video.createSession({});
    expect((await join(otherSession, staffToken)).status).toBe(403);
    // @vonage/jwt never signs an expired token, so this one is signed by hand with the application's key.
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ application_id: applicationId, scope: 'session.connect', session_id: sessionId, role: 'publisher', iat: now - 120, exp: now - 60, jti: 'expired' })}`;
    const expired = `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
    expect((await join(sessionId, expired)).status).toBe(403);
    const noRole = video.generateClientToken(sessionId, { role: 'owner' });
    expect((await join(sessionId, noRole)).status).toBe(401);
    expect((await join(sessionId, serverToken())).status).toBe(401);
    expect((await join(sessionId, `${staffToken.slice(0, -4)}AAAA`)).status).toBe(401);

    const staff = (await join(sessionId, staffToken)).client!;
    const me = await staff.next<{ connectionId: string; role: string; peers: unknown[] }>('connected');
    expect(me).toMatchObject({ role: 'moderator', peers: [] });
    const guest = (await join(sessionId, guestToken)).client!;
    const them = await guest.next<{ connectionId: string; peers: { connectionId: string; data: string }[] }>(
      'connected',
    );
    expect(them.peers).toEqual([
      expect.objectContaining({ connectionId: me.connectionId, role: 'moderator', data: '{"name":"Sam"}' }),
    ]);
    expect(await staff.next('peer-joined')).toMatchObject({
      connectionId: them.connectionId,
      role: 'publisher',
      data: '{"name":"Ada"}',
    });

    const sdp = [
      'v=0',
      'o=- 1 2 IN IP4 127.0.0.1',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      `a=${LOOPBACK}`,
      `a=${LAN}`,
      `a=${MDNS}`,
      '',
    ].join('\r\n');
    expect(
      (await signal(sessionId, guestToken, { from: them.connectionId, to: me.connectionId, kind: 'offer', sdp }))
        .status,
    ).toBe(202);
    const offer = await staff.next<{ from: string; kind: string; sdp: string }>('signal');
    expect(offer).toMatchObject({ from: them.connectionId, kind: 'offer' });
    expect(offer.sdp).toContain(LOOPBACK);
    expect(offer.sdp).not.toContain('192.168.1.20');
    expect(offer.sdp).not.toContain('.local');

    // Someone else's token cannot speak for a connection.
    expect(
      (await signal(sessionId, staffToken, { from: them.connectionId, to: me.connectionId, kind: 'answer', sdp }))
        .status,
    ).toBe(403);

    const lan = await signal(sessionId, staffToken, {
      from: me.connectionId,
      to: them.connectionId,
      kind: 'candidate',
      candidate: { candidate: LAN, sdpMid: '0', sdpMLineIndex: 0 },
    });
    expect(await lan.json()).toEqual({ forwarded: false, reason: expect.any(String) });
    await signal(sessionId, staffToken, {
      from: me.connectionId,
      to: them.connectionId,
      kind: 'candidate',
      candidate: { candidate: LOOPBACK, sdpMid: '0', sdpMLineIndex: 0 },
    });
    expect(await guest.next('signal')).toMatchObject({
      from: me.connectionId,
      kind: 'candidate',
      candidate: { candidate: LOOPBACK },
    });

    const [listed] = await sessions();
    expect(listed).toMatchObject({ session_id: sessionId, state: 'active' });
    expect(listed.connections.map((c: { role: string; state: string }) => [c.role, c.state])).toEqual([
      ['moderator', 'connected'],
      ['publisher', 'connected'],
    ]);
    expect(listed.connections[0].dropped_candidates).toBe(1);
    expect(listed.connections[1].dropped_candidates).toBe(2);
    // The guest published (sent an offer): the Video API lists its stream.
    expect(await video.getStreamInfo(sessionId)).toMatchObject({ count: 1 });
  });

  it('force-disconnects a connection through the SDK: its stream ends, the other side hears it, signals reach the rest', async () => {
    const { sessionId } = await video.createSession({});
    const staff = (await join(sessionId, video.generateClientToken(sessionId, { role: 'moderator' }))).client!;
    const guest = (await join(sessionId, video.generateClientToken(sessionId, { role: 'publisher' }))).client!;
    const me = await staff.next<{ connectionId: string }>('connected');
    const them = await guest.next<{ connectionId: string }>('connected');

    await video.sendSignal({ type: 'support-ended', data: 'closed' }, sessionId);
    expect(await guest.next('vonage-signal')).toEqual({ type: 'support-ended', data: 'closed' });
    await video.sendSignal({ type: 'hello', data: 'just you' }, sessionId, me.connectionId);
    expect(await staff.next('vonage-signal')).toEqual({ type: 'support-ended', data: 'closed' });
    expect(await staff.next('vonage-signal')).toEqual({ type: 'hello', data: 'just you' });

    await video.disconnectClient(sessionId, them.connectionId);
    expect(await guest.next('disconnected')).toEqual({ reason: 'forceDisconnected' });
    await guest.ended;
    expect(await staff.next('peer-left')).toEqual({ connectionId: them.connectionId, reason: 'forceDisconnected' });
    const [listed] = await sessions();
    expect(
      listed.connections.find((c: { connection_id: string }) => c.connection_id === them.connectionId),
    ).toMatchObject({ state: 'disconnected', reason: 'forceDisconnected' });
    await expect(video.disconnectClient(sessionId, them.connectionId)).rejects.toMatchObject({
      response: { status: 404 },
    });
  });
});
