import { Auth } from '@vonage/auth';
import { verifySignature } from '@vonage/jwt';
import { SMS, WhatsAppTemplate, WhatsAppText } from '@vonage/messages';
import { Vonage } from '@vonage/server-sdk';
import { createHash } from 'node:crypto';
import { expectSchema } from './support/contract';
import {
  apiKey,
  apiSecret,
  applicationId,
  json,
  privateKey,
  serverToken,
  signatureSecret,
  startSandbox,
  type TestSandbox,
} from './support/sandbox';
import { type ReceivedWebhook, startWebhookReceiver } from './support/webhook-receiver';

const SPEC = 'messages-olympus.yml';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What an application does with a Vonage webhook: check the HS256 signature and the payload hash. */
function expectSignedByVonage(webhook: ReceivedWebhook) {
  const token = String(webhook.headers.authorization).replace(/^Bearer /, '');
  expect(verifySignature(token, signatureSecret)).toBe(true);
  expect(verifySignature(token, 'some-other-secret-0123456789')).toBe(false);
  const [header, claims] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
  expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
  expect(claims).toMatchObject({
    iss: 'Vonage',
    api_key: apiKey,
    application_id: applicationId,
    jti: expect.any(String),
    iat: expect.any(Number),
  });
  expect(claims.payload_hash).toBe(createHash('sha256').update(webhook.rawBody).digest('hex'));
  expect(webhook.headers['content-type']).toBe('application/json');
}

describe('Messages v1', () => {
  let sandbox: TestSandbox;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let vonageJwt: Vonage;
  let vonageBasic: Vonage;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({
      statusWebhookUrl: `${receiver.url}/status`,
      inboundWebhookUrl: `${receiver.url}/inbound`,
      messageDeliveryDelayMs: 50,
      rejectedNumbers: ['447700900666'],
      optedOutNumbers: ['447700900667'],
    });
    vonageJwt = new Vonage(new Auth({ applicationId, privateKey }), { apiHost: sandbox.url });
    vonageBasic = new Vonage(new Auth({ apiKey, apiSecret }), { apiHost: sandbox.url });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(() => {
    sandbox.sandbox.reset();
    receiver.received.length = 0;
  });

  async function inbound(body: Record<string, unknown>) {
    const response = await fetch(`${sandbox.url}/_sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
  }

  async function inspect(query: string) {
    return json(await fetch(`${sandbox.url}/_sandbox/messages?${query}`));
  }

  function send(body: unknown, authorization = `Bearer ${serverToken()}`) {
    return fetch(`${sandbox.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('sends an SMS (real SDK, JWT) and posts signed submitted then delivered status webhooks', async () => {
    const { messageUUID } = await vonageJwt.messages.send(
      new SMS({
        channel: 'sms',
        messageType: 'text',
        to: '447700900001',
        from: 'TableTalk',
        text: 'Your order #12 is ready',
        clientRef: 'order-12',
      }),
    );
    expect(messageUUID).toMatch(UUID);

    const statuses = await receiver.waitFor('/status', 2);
    expect(statuses.map((w) => w.body.status)).toEqual(['submitted', 'delivered']);
    for (const webhook of statuses) {
      expectSignedByVonage(webhook);
      expect(webhook.body).toMatchObject({
        message_uuid: messageUUID,
        to: '447700900001',
        from: 'TableTalk',
        channel: 'sms',
        client_ref: 'order-12',
      });
      await expectSchema(SPEC, '/components/schemas/messageStatusSMS', webhook.body);
    }

    const [recorded] = await inspect('to=447700900001');
    expect(recorded).toMatchObject({
      message_uuid: messageUUID,
      channel: 'sms',
      to: '447700900001',
      from: 'TableTalk',
      text: 'Your order #12 is ready',
      status: 'delivered',
      direction: 'outbound',
    });
    expect(new Date(recorded.time).toString()).not.toBe('Invalid Date');
  });

  it('sends a WhatsApp text (real SDK, Basic auth) inside the 24-hour window the customer opened', async () => {
    await inbound({ channel: 'whatsapp', from: '447700900002', to: '447700900999', text: 'Hi there' });
    receiver.received.length = 0;
    const { messageUUID } = await vonageBasic.messages.send(
      new WhatsAppText({ to: '447700900002', from: '447700900999', text: 'Order confirmed' }),
    );
    const statuses = await receiver.waitFor('/status', 2);
    expect(statuses.map((w) => w.body.status)).toEqual(['submitted', 'delivered']);
    expect(statuses[1].body).toMatchObject({ message_uuid: messageUUID, channel: 'whatsapp' });
    await expectSchema(SPEC, '/components/schemas/messageStatusWhatsApp', statuses[1].body);
    expect((await inspect('to=%2B447700900002'))[0]).toMatchObject({ channel: 'whatsapp', text: 'Order confirmed' });
  });

  it('reports "rejected" with an error for unreachable numbers', async () => {
    await vonageJwt.messages.send(
      new SMS({ channel: 'sms', messageType: 'text', to: '447700900666', from: 'TableTalk', text: 'hello' }),
    );
    const statuses = await receiver.waitFor('/status', 2);
    expect(statuses[1].body.status).toBe('rejected');
    expect(statuses[1].body.error).toMatchObject({
      type: expect.stringContaining('messages-olympus'),
      detail: expect.any(String),
    });
    await expectSchema(SPEC, '/components/schemas/messageStatusSMS', statuses[1].body);
    expect((await inspect('to=447700900666'))[0].status).toBe('rejected');
  });

  it('sends status webhooks to the message webhook_url when given', async () => {
    const response = await send({
      channel: 'sms',
      message_type: 'text',
      to: '447700900003',
      from: 'TableTalk',
      text: 'hi',
      webhook_url: `${receiver.url}/custom`,
    });
    expect(response.status).toBe(202);
    expect((await receiver.waitFor('/custom', 2)).map((w) => w.body.status)).toEqual(['submitted', 'delivered']);
    expect(receiver.received.filter((w) => w.path === '/status')).toHaveLength(0);
  });

  it('answers 202 {message_uuid} with exactly application/json', async () => {
    const response = await send({
      channel: 'sms',
      message_type: 'text',
      to: '447700900004',
      from: 'TableTalk',
      text: 'hi',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expectSchema(
      SPEC,
      '/paths/~1/post/responses/202/content/application~1json/schema/oneOf/0',
      await json(response),
    );
  });

  it('a reset stops pending status updates', async () => {
    await send({ channel: 'sms', message_type: 'text', to: '447700900005', from: 'TableTalk', text: 'hi' });
    sandbox.sandbox.reset();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.filter((w) => w.body.status === 'delivered')).toHaveLength(0);
    expect(await inspect('')).toEqual([]);
  });

  describe('WhatsApp 24-hour window and templates', () => {
    it('refuses free text outside the window: accepted, then "rejected" with error 1340', async () => {
      await vonageJwt.messages.send(
        new WhatsAppText({ to: '447700900020', from: '447700900999', text: 'Your order is ready' }),
      );
      const statuses = await receiver.waitFor('/status', 2);
      expect(statuses[1].body).toMatchObject({
        status: 'rejected',
        channel: 'whatsapp',
        error: { type: 'https://developer.nexmo.com/api-errors/messages-olympus#1340', title: '1340' },
      });
      await expectSchema(SPEC, '/components/schemas/messageStatusWhatsApp', statuses[1].body);
      expect((await inspect('to=447700900020'))[0]).toMatchObject({ status: 'rejected', error_code: '1340' });
    });

    it('delivers an approved template outside the window (real SDK), rendered for the inbox', async () => {
      const request = {
        channel: 'whatsapp',
        message_type: 'template',
        to: '447700900022',
        from: '447700900999',
        whatsapp: { policy: 'deterministic', locale: 'en_GB' },
        template: { name: 'tabletalk_order_update', parameters: ['Order #7 is ready'] },
        client_ref: 'order-7',
      };
      // The template part of the spec (its baseMessageType also requires a `message` field no SDK sends).
      await expectSchema(SPEC, '/components/schemas/Template/allOf/1', request);
      const { messageUUID } = await vonageJwt.messages.send(
        new WhatsAppTemplate({
          to: request.to,
          from: request.from,
          whatsapp: { policy: 'deterministic', locale: 'en_GB' as never },
          template: request.template,
          clientRef: 'order-7',
        }),
      );
      const statuses = await receiver.waitFor('/status', 2);
      expect(statuses.map((w) => w.body.status)).toEqual(['submitted', 'delivered']);
      expect(statuses[1].body).toMatchObject({ message_uuid: messageUUID, client_ref: 'order-7' });
      await expectSchema(SPEC, '/components/schemas/messageStatusWhatsApp', statuses[1].body);
      expect((await inspect('to=447700900022'))[0]).toMatchObject({
        message_type: 'template',
        template: 'tabletalk_order_update',
        text: 'Order update: Order #7 is ready',
      });
    });

    it.each([
      ['an unknown template', { name: 'nope', parameters: ['x'] }, 'en_GB', /No approved template/],
      [
        'a locale it is not approved in',
        { name: 'tabletalk_order_update', parameters: ['x'] },
        'fr',
        /not approved in locale fr/,
      ],
      [
        'the wrong number of parameters',
        { name: 'tabletalk_order_update', parameters: [] },
        'en_GB',
        /takes 1 parameters, got 0/,
      ],
    ])('refuses %s with 422 Invalid template (1022)', async (_case, template, locale, detail) => {
      const response = await send({
        channel: 'whatsapp',
        message_type: 'template',
        to: '447700900023',
        from: '447700900999',
        whatsapp: { locale },
        template,
      });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await json(response);
      expect(problem).toMatchObject({
        type: 'https://developer.nexmo.com/api-errors/messages-olympus#1022',
        title: 'Invalid template',
        detail: expect.stringMatching(detail),
      });
      expect(await inspect('to=447700900023')).toEqual([]);
    });

    it('refuses a template without locale, as Vonage names the parameter', async () => {
      const response = await send({
        channel: 'whatsapp',
        message_type: 'template',
        to: '447700900024',
        from: '447700900999',
        template: { name: 'tabletalk_order_update', parameters: ['x'] },
      });
      expect(response.status).toBe(422);
      expect((await json(response)).invalid_parameters).toEqual([
        { name: 'whatsapp.locale', reason: expect.any(String) },
      ]);
    });
  });

  it('reports a recipient who opted out at the carrier as "rejected" with error 1240', async () => {
    await vonageJwt.messages.send(
      new SMS({ channel: 'sms', messageType: 'text', to: '447700900667', from: '447520600100', text: 'hello' }),
    );
    const statuses = await receiver.waitFor('/status', 2);
    expect(statuses[1].body).toMatchObject({
      status: 'rejected',
      error: { type: 'https://developer.nexmo.com/api-errors/messages-olympus#1240', title: '1240' },
    });
    await expectSchema(SPEC, '/components/schemas/messageStatusSMS', statuses[1].body);
  });

  it('lists its virtual number', async () => {
    expect(await json(await fetch(`${sandbox.url}/_sandbox/numbers`))).toEqual([
      { msisdn: '447520600100', features: ['SMS', 'WHATSAPP'] },
    ]);
  });

  describe('bad input gets Vonage 422 errors (application/problem+json)', () => {
    it.each([
      ['an invalid number', { to: '0044 7700', from: 'TableTalk', text: 'hi' }, 'to'],
      ['a missing text', { to: '447700900006', from: 'TableTalk' }, 'text'],
      ['a text over 1000 characters', { to: '447700900006', from: 'TableTalk', text: 'x'.repeat(1001) }, 'text'],
      ['a sender ID over 11 characters', { to: '447700900006', from: 'TableTalkRestaurant', text: 'hi' }, 'from'],
    ])('%s', async (_case, fields, parameter) => {
      const response = await send({ channel: 'sms', message_type: 'text', ...fields });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = await json(response);
      expect(problem.type).toBe('https://developer.nexmo.com/api-errors/messages-olympus#1150');
      expect(problem.invalid_parameters.map((p: { name: string }) => p.name)).toEqual([parameter]);
      await expectSchema(SPEC, '/components/schemas/ErrorMessageParams', problem);
    });

    it('a missing required field', async () => {
      const response = await send({ channel: 'sms', message_type: 'text', from: 'TableTalk', text: 'hi' });
      expect(response.status).toBe(422);
      expect((await json(response)).invalid_parameters).toEqual([{ name: 'to', reason: expect.any(String) }]);
    });

    it('a channel the sandbox does not emulate', async () => {
      const response = await send({
        channel: 'viber_service',
        message_type: 'text',
        to: '447700900006',
        from: '12345',
        text: 'hi',
      });
      expect(response.status).toBe(422);
      const problem = await json(response);
      expect(problem.title).toBe('Unsupported channel');
      await expectSchema(SPEC, '/components/schemas/ErrorChannel', problem);
    });

    it('a WhatsApp sender that is not a number', async () => {
      const response = await send({
        channel: 'whatsapp',
        message_type: 'text',
        to: '447700900006',
        from: 'TableTalk',
        text: 'hi',
      });
      expect(response.status).toBe(422);
      expect((await json(response)).invalid_parameters[0].name).toBe('from');
    });

    it('no credentials: 401', async () => {
      const response = await fetch(`${sandbox.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(401);
    });
  });

  describe('inbound injection (POST /_sandbox/inbound)', () => {
    it('delivers a signed inbound SMS webhook and records it', async () => {
      const response = await fetch(`${sandbox.url}/_sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'sms', from: '447700900010', to: '447700900999', text: 'Where is my order?' }),
      });
      expect(response.status).toBe(201);
      const result = await json(response);
      expect(result.webhook).toMatchObject({ kind: 'inbound-message', ok: true, status_code: 200 });

      const [webhook] = await receiver.waitFor('/inbound', 1);
      expectSignedByVonage(webhook);
      expect(webhook.body).toMatchObject({
        channel: 'sms',
        message_uuid: result.message_uuid,
        from: '447700900010',
        to: '447700900999',
        text: 'Where is my order?',
        message_type: 'text',
      });
      await expectSchema(SPEC, '/components/schemas/inboundMessageSMS', webhook.body);
      expect((await inspect('from=447700900010'))[0]).toMatchObject({ direction: 'inbound', status: 'received' });
    });

    it('delivers an inbound WhatsApp reply with profile and context', async () => {
      const { messageUUID } = await vonageJwt.messages.send(
        new WhatsAppText({ to: '447700900011', from: '447700900999', text: 'Ready!' }),
      );
      const response = await fetch(`${sandbox.url}/_sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'whatsapp',
          from: '447700900011',
          to: '447700900999',
          text: 'Thanks',
          profile_name: 'Ada',
          context_message_uuid: messageUUID,
        }),
      });
      expect(response.status).toBe(201);
      const [webhook] = await receiver.waitFor('/inbound', 1);
      expect(webhook.body).toMatchObject({
        channel: 'whatsapp',
        profile: { name: 'Ada' },
        context: { message_uuid: messageUUID },
      });
      await expectSchema(SPEC, '/components/schemas/inboundWhatsAppMessageCommon', webhook.body);
    });

    it('rejects an invalid injection with 422', async () => {
      const response = await fetch(`${sandbox.url}/_sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'sms', from: 'nobody', to: '447700900999', text: 'x' }),
      });
      expect(response.status).toBe(422);
      expect((await json(response)).invalid_parameters).toEqual([{ name: 'from', reason: 'Must be an E.164 number' }]);
    });
  });
});
