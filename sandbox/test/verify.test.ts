import { Auth } from '@vonage/auth';
import { Vonage } from '@vonage/server-sdk';
import { Channels } from '@vonage/verify2';
import { expectContract } from './support/contract';
import {
  applicationId,
  json,
  manualClock,
  privateKey,
  serverToken,
  startSandbox,
  type TestSandbox,
} from './support/sandbox';

const SPEC = 'verify.v2.yml';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Verify v2', () => {
  const clock = manualClock();
  let sandbox: TestSandbox;
  let vonage: Vonage;

  beforeAll(async () => {
    sandbox = await startSandbox({ now: clock.now });
    vonage = new Vonage(new Auth({ applicationId, privateKey }), { apiHost: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.sandbox.reset());

  async function inspect(to: string) {
    const response = await fetch(`${sandbox.url}/_sandbox/verify?to=${encodeURIComponent(to)}`);
    expect(response.status).toBe(200);
    return json(response);
  }

  function post(path: string, body: unknown, authorization = `Bearer ${serverToken()}`) {
    return fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  it('sends a code by SMS and completes with the right code (real SDK)', async () => {
    const { requestId } = await vonage.verify2.newRequest({
      brand: 'TableTalk',
      workflow: [{ channel: Channels.SMS, to: '447700900001' }],
    });
    expect(requestId).toMatch(UUID);

    const [recorded] = await inspect('447700900001');
    expect(recorded).toMatchObject({
      request_id: requestId,
      channel: 'sms',
      brand: 'TableTalk',
      status: 'pending',
      attempts: 0,
    });
    expect(recorded.code).toMatch(/^\d{4}$/);

    await expect(vonage.verify2.checkCode(requestId, recorded.code)).resolves.toBe('completed');
    const [after] = await inspect('447700900001');
    expect(after.status).toBe('completed');
    expect(after.workflow[0].status).toBe('completed');
    // A verified request is gone for Vonage: checking again is 404.
    await expect(vonage.verify2.checkCode(requestId, recorded.code)).rejects.toMatchObject({
      response: { status: 404 },
    });
  });

  it('honours code_length and accepts a "+" prefixed number', async () => {
    await vonage.verify2.newRequest({
      brand: 'TableTalk',
      codeLength: 6,
      workflow: [{ channel: Channels.SMS, to: '+447700900002' }],
    });
    const [recorded] = await inspect('447700900002');
    expect(recorded.code).toMatch(/^\d{6}$/);
    expect(recorded.code_length).toBe(6);
  });

  it('sends whatsapp and email workflows and records them by recipient', async () => {
    await vonage.verify2.newRequest({
      brand: 'TableTalk',
      workflow: [{ channel: Channels.WHATSAPP, to: '447700900003', from: '447700900999' }],
    });
    await vonage.verify2.newRequest({
      brand: 'TableTalk',
      workflow: [{ channel: Channels.EMAIL, to: 'chef@example.com' }],
    });
    expect((await inspect('447700900003'))[0].workflow[0]).toMatchObject({ channel: 'whatsapp', from: '447700900999' });
    expect((await inspect('chef@example.com'))[0].channel).toBe('email');
  });

  it('counts wrong codes: 400 while attempts are left, then 410 and the request fails', async () => {
    const { requestId } = await vonage.verify2.newRequest({
      brand: 'TableTalk',
      workflow: [{ channel: Channels.SMS, to: '447700900004' }],
    });
    const { code } = (await inspect('447700900004'))[0];
    const wrong = code === '0000' ? '1111' : '0000';

    const first = await post(`/v2/verify/${requestId}`, { code: wrong });
    expect(first.status).toBe(400);
    expect(first.headers.get('content-type')).toBe('application/problem+json');
    const firstBody = await json(first);
    expect(firstBody).toMatchObject({
      title: 'Invalid Code',
      detail: expect.any(String),
      instance: expect.any(String),
    });
    await expectContract(SPEC, 'checkCode', 400, firstBody);

    expect((await post(`/v2/verify/${requestId}`, { code: wrong })).status).toBe(400);
    const third = await post(`/v2/verify/${requestId}`, { code: wrong });
    expect(third.status).toBe(410);
    await expectContract(SPEC, 'checkCode', 410, await json(third));
    // Even the right code is refused once the workflow is terminated.
    expect((await post(`/v2/verify/${requestId}`, { code })).status).toBe(410);
    expect((await inspect('447700900004'))[0]).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('expires a code after channel_timeout and moves through the workflow on its own', async () => {
    const { requestId } = await vonage.verify2.newRequest({
      brand: 'TableTalk',
      channelTimeout: 60,
      workflow: [
        { channel: Channels.SMS, to: '447700900005' },
        { channel: Channels.WHATSAPP, to: '447700900005' },
      ],
    });
    clock.advance(61_000);
    expect((await inspect('447700900005'))[0]).toMatchObject({ status: 'pending', channel: 'whatsapp' });
    clock.advance(60_000);
    const [expired] = await inspect('447700900005');
    expect(expired.status).toBe('expired');
    const response = await post(`/v2/verify/${requestId}`, { code: expired.code });
    expect(response.status).toBe(410);
    await expectContract(SPEC, 'checkCode', 410, await json(response));
  });

  it('cancels a request (DELETE) and moves to the next workflow on demand', async () => {
    const { requestId } = await vonage.verify2.newRequest({
      brand: 'TableTalk',
      workflow: [
        { channel: Channels.SMS, to: '447700900006' },
        { channel: Channels.EMAIL, to: 'owner@example.com' },
      ],
    });
    await expect(vonage.verify2.nextWorkflow(requestId)).resolves.toBe(true);
    expect((await inspect('447700900006'))[0]).toMatchObject({ channel: 'email', to: 'owner@example.com' });
    // Already on the last step: Vonage answers 409 and the SDK reports false.
    await expect(vonage.verify2.nextWorkflow(requestId)).resolves.toBe(false);

    await expect(vonage.verify2.cancel(requestId)).resolves.toBe(true);
    expect((await inspect('447700900006'))[0].status).toBe('cancelled');
    await expect(vonage.verify2.cancel(requestId)).resolves.toBe(false);
    const check = await post(`/v2/verify/${requestId}`, { code: '1234' });
    expect(check.status).toBe(404);
    await expectContract(SPEC, 'checkCode', 404, await json(check));
  });

  it('refuses a second concurrent verification to the same number (409)', async () => {
    const { requestId } = await vonage.verify2.newRequest({
      brand: 'TableTalk',
      workflow: [{ channel: Channels.SMS, to: '447700900007' }],
    });
    const response = await post('/v2/verify', {
      brand: 'TableTalk',
      workflow: [{ channel: 'sms', to: '447700900007' }],
    });
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ title: 'Conflict', request_id: requestId });
  });

  it('answers 202 with exactly application/json and a body matching the spec', async () => {
    const response = await post('/v2/verify', {
      brand: 'TableTalk',
      workflow: [{ channel: 'sms', to: '447700900008' }],
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expectContract(SPEC, 'newRequest', 202, await json(response));
  });

  describe('bad input gets 422 invalid params', () => {
    it.each([
      ['an invalid number', { brand: 'TableTalk', workflow: [{ channel: 'sms', to: '12ab' }] }, 'workflow[0].to'],
      [
        'an invalid email',
        { brand: 'TableTalk', workflow: [{ channel: 'email', to: 'not-an-email' }] },
        'workflow[0].to',
      ],
      ['no brand', { workflow: [{ channel: 'sms', to: '447700900009' }] }, 'brand'],
      [
        'an unknown channel',
        { brand: 'TableTalk', workflow: [{ channel: 'pigeon', to: '447700900009' }] },
        'workflow[0].channel',
      ],
      [
        'a code_length out of range',
        { brand: 'TableTalk', code_length: 3, workflow: [{ channel: 'sms', to: '447700900009' }] },
        'code_length',
      ],
      ['no workflow', { brand: 'TableTalk' }, 'workflow'],
    ])('%s', async (_case, body, parameter) => {
      const response = await post('/v2/verify', body);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await json(response);
      expect(problem).toMatchObject({ title: 'Invalid params', type: expect.stringContaining('invalid-params') });
      expect(problem.invalid_parameters.map((p: { name: string }) => p.name)).toContain(parameter);
      await expectContract(SPEC, 'newRequest', 422, problem);
    });

    it('a malformed JSON body is a 400 problem, not a crash', async () => {
      const response = await post('/v2/verify', '{"brand": ');
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({ title: 'Bad Request', instance: expect.any(String) });
    });
  });
});
