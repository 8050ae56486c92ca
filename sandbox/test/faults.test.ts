import { Auth } from '@vonage/auth';
import { Meetings } from '@vonage/meetings';
import { SMS } from '@vonage/messages';
import { Vonage } from '@vonage/server-sdk';
import { Channels } from '@vonage/verify2';
import { applicationId, json, privateKey, serverToken, startSandbox, type TestSandbox } from './support/sandbox';

interface ListedFault {
  id: string;
  method: string | null;
  path: string;
  status: number | null;
  retry_after: number | null;
  delay_ms: number;
  times: number;
  remaining: number;
  fired: number;
}

/** What the SDK throws on a non-2xx answer: a VetchError holding the fetch Response. */
async function failureOf(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as { name: string; response?: Response };
  if (!error.response) return { name: error.name, status: undefined, headers: undefined, body: undefined };
  const { response } = error;
  return {
    name: error.name,
    status: response.status,
    headers: response.headers,
    body: JSON.parse(await response.text()),
  };
}

describe('fault injection (/_sandbox/faults)', () => {
  let sandbox: TestSandbox;
  let vonage: Vonage;

  const sms = (to = '447700900001') =>
    new SMS({ channel: 'sms', messageType: 'text', to, from: 'TableTalk', text: 'Your order is ready' });
  const arm = async (body: Record<string, unknown>) =>
    fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const armed = async (body: Record<string, unknown>) => {
    const response = await arm(body);
    expect(response.status).toBe(201);
    return (await json(response)) as ListedFault;
  };
  const faults = async () => (await json(await fetch(`${sandbox.url}/_sandbox/faults`))) as ListedFault[];
  const messages = async () => json(await fetch(`${sandbox.url}/_sandbox/messages`));
  const verifications = async () => json(await fetch(`${sandbox.url}/_sandbox/verify`));

  beforeAll(async () => {
    sandbox = await startSandbox({ messageDeliveryDelayMs: 10 });
    vonage = new Vonage(new Auth({ applicationId, privateKey }), { apiHost: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.sandbox.reset());

  it('answers 429 with Retry-After in the Messages problem shape, then the normal answer', async () => {
    const fault = await armed({ method: 'POST', path: '/v1/messages', status: 429, retry_after: 3 });
    expect(fault).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      status: 429,
      retry_after: 3,
      times: 1,
      remaining: 1,
      fired: 0,
    });

    const throttled = await failureOf(vonage.messages.send(sms()));
    expect(throttled.status).toBe(429);
    expect(throttled.headers!.get('retry-after')).toBe('3');
    expect(throttled.headers!.get('content-type')).toBe('application/problem+json');
    expect(throttled.headers!.get('x-sandbox-fault')).toBe(fault.id);
    expect(throttled.body).toEqual({
      type: 'https://developer.nexmo.com/api-errors/messages-olympus#1010',
      title: 'Rate Limit Hit',
      detail: 'Please wait, then retry your request',
      instance: expect.any(String),
    });
    expect(await messages()).toEqual([]);

    const { messageUUID } = await vonage.messages.send(sms());
    expect(await messages()).toEqual([expect.objectContaining({ message_uuid: messageUUID, to: '447700900001' })]);
    expect(await faults()).toEqual([expect.objectContaining({ id: fault.id, remaining: 0, fired: 1 })]);
  });

  it('fires on a share of matching requests with `probability` (issue 15: faults over a whole load test)', async () => {
    const fault = await armed({ method: 'POST', path: '/v1/messages', status: 503, probability: 0.5, times: 100_000 });
    expect(fault).toMatchObject({ probability: 0.5, times: 100_000 });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        vonage.messages.send(sms(`4477009002${String(i).padStart(2, '0')}`)).then(
          () => 'sent',
          () => 'failed',
        ),
      ),
    );
    const failed = outcomes.filter((o) => o === 'failed').length;
    // Both outcomes happen (all 40 alike has a chance of 2 in 10^12 at p = 0.5), and only faulted requests fail.
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(40);
    expect((await faults())[0]).toMatchObject({ fired: failed, remaining: 100_000 - failed });
    expect(await messages()).toHaveLength(40 - failed);
  });

  it('gives 429 a default Retry-After', async () => {
    await armed({ path: '/v1/messages', status: 429 });
    const throttled = await failureOf(vonage.messages.send(sms()));
    expect(throttled.headers!.get('retry-after')).toBe('1');
  });

  it('answers a Verify request 503 without starting a verification', async () => {
    await armed({ path: '/v2/verify/**', status: 503 });
    const failure = await failureOf(
      vonage.verify2.newRequest({ brand: 'TableTalk', workflow: [{ channel: Channels.SMS, to: '447700900002' }] }),
    );
    expect(failure.status).toBe(503);
    expect(failure.headers!.get('content-type')).toBe('application/problem+json');
    expect(failure.headers!.get('retry-after')).toBeNull();
    expect(failure.body).toMatchObject({ title: 'Internal Error', type: expect.stringContaining('#internal-error') });
    expect(await verifications()).toEqual([]);

    const { requestId } = await vonage.verify2.newRequest({
      brand: 'TableTalk',
      workflow: [{ channel: Channels.SMS, to: '447700900002' }],
    });
    expect(await verifications()).toEqual([expect.objectContaining({ request_id: requestId, status: 'pending' })]);
  });

  it('affects `times` matching requests, in the order faults were armed, then stops', async () => {
    const first = await armed({ path: '/v1/messages', status: 500, times: 2 });
    const second = await armed({ path: '/v1/*', status: 502 });
    expect((await failureOf(vonage.messages.send(sms()))).status).toBe(500);
    expect((await failureOf(vonage.messages.send(sms()))).status).toBe(500);
    expect((await failureOf(vonage.messages.send(sms()))).status).toBe(502);
    await vonage.messages.send(sms());
    expect(await messages()).toHaveLength(1);
    expect((await faults()).map(({ id, remaining, fired }) => ({ id, remaining, fired }))).toEqual([
      { id: first.id, remaining: 0, fired: 2 },
      { id: second.id, remaining: 0, fired: 1 },
    ]);
  });

  it('matches method and path: other routes and methods are left alone', async () => {
    await armed({ method: 'DELETE', path: '/v2/verify/*', status: 500 });
    await armed({ path: '/v1/conversations/*/events', status: 500 });
    // POST /v2/verify is neither DELETE nor below /v2/verify/; messages are another path.
    await vonage.verify2.newRequest({ brand: 'TableTalk', workflow: [{ channel: Channels.SMS, to: '447700900003' }] });
    await vonage.messages.send(sms());
    expect((await faults()).map((f) => f.fired)).toEqual([0, 0]);
  });

  it('uses the Conversation API error shape (application/json with a code) on its paths', async () => {
    await armed({ path: '/v1/conversations', method: 'POST', status: 429, retry_after: 2 });
    const failure = await failureOf(vonage.conversations.createConversation({ name: 'faulted' }));
    expect(failure.status).toBe(429);
    expect(failure.headers!.get('content-type')).toBe('application/json');
    expect(failure.headers!.get('retry-after')).toBe('2');
    expect(failure.body).toMatchObject({
      code: 'http:error:too-many-request',
      title: 'Rate Limit Hit',
      type: expect.stringContaining('conversation'),
    });
    const conversations = await json(await fetch(`${sandbox.url}/_sandbox/conversations`));
    expect(conversations).toEqual([]);
  });

  it('fails Meetings with its problem shape', async () => {
    await armed({ path: '/v1/meetings/rooms', status: 500 });
    const meetings = new Meetings({ applicationId, privateKey }, { meetingsHost: sandbox.url });
    const failure = await failureOf(meetings.createRoom({ displayName: 'Faulted room' } as never));
    expect(failure.status).toBe(500);
    expect(failure.headers!.get('content-type')).toBe('application/problem+json');
    expect(await json(await fetch(`${sandbox.url}/_sandbox/meetings`))).toEqual([]);
  });

  it('checks auth first: an unauthenticated request gets 401 and does not use the fault up', async () => {
    await armed({ path: '/v1/messages', status: 503 });
    const response = await fetch(`${sandbox.url}/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${serverToken({}, privateKey, '00000000-0000-4000-8000-000000000000')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ channel: 'sms', message_type: 'text', to: '447700900001', from: 'TableTalk', text: 'hi' }),
    });
    expect(response.status).toBe(401);
    expect((await faults())[0]).toMatchObject({ remaining: 1, fired: 0 });
    expect((await failureOf(vonage.messages.send(sms()))).status).toBe(503);
  });

  it('delays an answer past the client timeout; a delay alone still does the work, as a slow Vonage would', async () => {
    const impatient = new Vonage(new Auth({ applicationId, privateKey }), { apiHost: sandbox.url, timeout: 100 });
    await armed({ path: '/v1/messages', delay_ms: 400, status: 504 });
    const timedOut = await failureOf(impatient.messages.send(sms()));
    expect(timedOut.status).toBeUndefined();
    expect(timedOut.name).toMatch(/AbortError|TimeoutError/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await messages()).toEqual([]);

    await armed({ path: '/v1/messages', delay_ms: 300 });
    const started = Date.now();
    const slow = await fetch(`${sandbox.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'sms',
        message_type: 'text',
        to: '447700900001',
        from: 'TableTalk',
        text: 'slow but sent',
      }),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(slow.status).toBe(202);
    expect(slow.headers.get('x-sandbox-fault')).toEqual(expect.any(String));
    const messageUUID = (await json(slow)).message_uuid;
    expect(await messages()).toEqual([expect.objectContaining({ message_uuid: messageUUID })]);
  });

  it('is cleared by DELETE /_sandbox/faults and by DELETE /_sandbox; both cut pending delays short', async () => {
    await armed({ path: '/v1/messages', status: 500, times: 5 });
    expect((await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect(await faults()).toEqual([]);
    await vonage.messages.send(sms());

    await armed({ path: '/v1/messages', delay_ms: 60_000, status: 503 });
    const started = Date.now();
    const slow = failureOf(vonage.messages.send(sms()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${sandbox.url}/_sandbox`, { method: 'DELETE' })).status).toBe(204);
    expect((await slow).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await faults()).toEqual([]);
    expect(await messages()).toEqual([]);
  });

  it.each([
    [{}, ['path']],
    [{ path: 'v1/messages', status: 500 }, ['path']],
    [{ path: '/v1/messages' }, ['status']],
    [{ path: '/v1/messages', status: 200 }, ['status']],
    [{ path: '/v1/messages', status: 500, times: 0 }, ['times']],
    [{ path: '/v1/messages', method: 'TRACE', status: 500 }, ['method']],
    [{ path: '/v1/messages', delay_ms: 100, retry_after: 5 }, ['retry_after']],
    [{ path: '/_sandbox/messages', status: 500 }, ['path']],
    [{ path: '/v1/messages', status: 500, retryAfter: 5 }, ['retryAfter']],
  ])('refuses the fault %j with 422 naming %j, and arms nothing', async (body, names) => {
    const response = await arm(body);
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem).toMatchObject({ title: 'Invalid params', type: expect.stringContaining('#invalid-params') });
    expect(problem.invalid_parameters.map((p: { name: string }) => p.name)).toEqual(names);
    expect(await faults()).toEqual([]);
  });

  it('never faults the sandbox routes themselves', async () => {
    await armed({ path: '/**', status: 500, times: 10 });
    expect((await fetch(`${sandbox.url}/_sandbox/messages`)).status).toBe(200);
    expect((await fetch(`${sandbox.url}/`)).status).toBe(200);
    expect((await faults())[0].fired).toBe(0);
  });
});
