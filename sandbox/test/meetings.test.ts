import { Meetings } from '@vonage/meetings';
import { expectContract, expectSchema } from './support/contract';
import {
  applicationId,
  basic,
  json,
  manualClock,
  privateKey,
  serverToken,
  startSandbox,
  type TestSandbox,
} from './support/sandbox';

const SPEC = 'meetings.yml';

describe('Meetings v1', () => {
  const clock = manualClock();
  let sandbox: TestSandbox;
  let meetings: Meetings;

  beforeAll(async () => {
    sandbox = await startSandbox({ now: clock.now, publicUrl: 'http://meetings.sandbox.test:3100' });
    meetings = new Meetings({ applicationId, privateKey }, { meetingsHost: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.sandbox.reset());

  /** The links use SANDBOX_PUBLIC_URL; tests open them on the actual listening address. */
  const local = (link: string) => link.replace('http://meetings.sandbox.test:3100', sandbox.url);

  function createRoom(body: unknown, authorization = `Bearer ${serverToken()}`) {
    return fetch(`${sandbox.url}/v1/meetings/rooms`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('creates an instant room with host and guest links (real @vonage/meetings)', async () => {
    const room = await meetings.createRoom({ displayName: 'Order #42 support', type: 'instant' } as never);
    expect(room.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(room.displayName).toBe('Order #42 support');
    expect(room.hostUrl).toMatch(
      /^http:\/\/meetings\.sandbox\.test:3100\/meetings\/\d{9}\?participant_token=[0-9a-f]{32}$/,
    );
    expect(room.guestUrl).toMatch(/^http:\/\/meetings\.sandbox\.test:3100\/meetings\/\d{9}$/);

    const fetched = await meetings.getRoom(room.id as string);
    expect(fetched).toMatchObject({
      id: room.id,
      displayName: 'Order #42 support',
      hostUrl: room.hostUrl,
      guestUrl: room.guestUrl,
      isAvailable: true,
    });
  });

  it('serves a page for each link that says which room and role it is', async () => {
    const room = await meetings.createRoom({ displayName: 'Table 7 <help>', type: 'instant' } as never);
    const host = await fetch(local(room.hostUrl as string));
    expect(host.status).toBe(200);
    expect(host.headers.get('content-type')).toContain('text/html');
    const hostHtml = await host.text();
    expect(hostHtml).toContain('You are joining as host');
    expect(hostHtml).toContain('Table 7 &lt;help&gt;');
    expect(hostHtml).toContain(room.id);

    const guestHtml = await (await fetch(local(room.guestUrl as string))).text();
    expect(guestHtml).toContain('You are joining as guest');
    expect(guestHtml).not.toContain('as host');

    const forged = await fetch(`${local(room.guestUrl as string)}?participant_token=guess`);
    expect(forged.status).toBe(403);
    expect((await fetch(`${sandbox.url}/meetings/000000000`)).status).toBe(404);
  });

  it('an instant room expires after 10 minutes', async () => {
    const room = await meetings.createRoom({ displayName: 'Short', type: 'instant' } as never);
    clock.advance(10 * 60 * 1000 + 1);
    expect((await meetings.getRoom(room.id as string)).isAvailable).toBe(false);
    expect((await fetch(local(room.guestUrl as string))).status).toBe(410);
  });

  it('creates a long_term room with its expiry and lists rooms', async () => {
    const expiresAt = new Date(clock.now() + 7 * 24 * 3600 * 1000).toISOString();
    const response = await createRoom({
      display_name: 'Weekly',
      type: 'long_term',
      expires_at: expiresAt,
      metadata: 'order-42',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    const room = await json(response);
    expect(room).toMatchObject({ type: 'long_term', expires_at: expiresAt, metadata: 'order-42', is_available: true });
    // The spec types created_at/expires_at as "date" while Vonage sends date-times: check shapes, not formats.
    await expectSchema(SPEC, '/components/schemas/Room', room);
    await expectContract(SPEC, 'createRoom', 201, {
      ...room,
      created_at: room.created_at.slice(0, 10),
      expires_at: room.expires_at.slice(0, 10),
    });

    const page = await json(
      await fetch(`${sandbox.url}/v1/meetings/rooms`, { headers: { authorization: `Bearer ${serverToken()}` } }),
    );
    expect(page).toMatchObject({ page_size: 1, total_items: 1, _embedded: [{ id: room.id }] });

    const listed = await json(await fetch(`${sandbox.url}/_sandbox/meetings`));
    expect(listed.map((r: { id: string }) => r.id)).toEqual([room.id]);
  });

  it('updates a room (PATCH update_options)', async () => {
    const room = await meetings.createRoom({ displayName: 'Before', type: 'instant' } as never);
    const updated = await meetings.updateRoom(room.id as string, { displayName: 'After' } as never);
    expect(updated.displayName).toBe('After');
  });

  it('answers 404 for an unknown room', async () => {
    const response = await fetch(`${sandbox.url}/v1/meetings/rooms/7b1e0a33-0c8f-4f37-9d7e-1a8c1a1f0000`, {
      headers: { authorization: `Bearer ${serverToken()}` },
    });
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ title: 'Not Found' });
    await expect(meetings.getRoom('nope')).rejects.toMatchObject({ response: { status: 404 } });
  });

  it.each([
    ['no display_name', { type: 'instant' }, 'display_name'],
    ['an unknown type', { display_name: 'x', type: 'forever' }, 'type'],
    ['a long_term room without expires_at', { display_name: 'x', type: 'long_term' }, 'expires_at'],
    [
      'an expiry in the past',
      { display_name: 'x', type: 'long_term', expires_at: '2001-01-01T00:00:00.000Z' },
      'expires_at',
    ],
  ])('rejects %s with 422', async (_case, body, parameter) => {
    const response = await createRoom(body);
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem.invalid_parameters.map((p: { name: string }) => p.name)).toContain(parameter);
  });

  it('takes JWTs only (no Basic auth)', async () => {
    expect((await createRoom({ display_name: 'x' }, basic())).status).toBe(401);
  });
});
