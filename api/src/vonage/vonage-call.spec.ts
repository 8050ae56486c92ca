import { Logger } from '@nestjs/common';
import { Auth } from '@vonage/auth';
import { Vonage } from '@vonage/server-sdk';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair } from '../../../scripts/lib/dev-stack.mjs';
import { UpstreamError } from '../common/upstream/upstream.error.js';
import { callVonage } from './vonage-call.js';

/**
 * The real SDK against a tiny local server that answers as Vonage does when things go wrong,
 * so the mapping is tested on the errors the SDK really throws.
 */
describe('callVonage', () => {
  let server: Server;
  let respond: (request: IncomingMessage, response: ServerResponse) => void;
  let vonage: Vonage;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    server = createServer((request, response) => respond(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { privateKey } = generateKeyPair();
    vonage = new Vonage(new Auth({ applicationId: randomUUID(), privateKey }), {
      apiHost: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeout: 300,
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const problem = (status: number, body: object, headers: Record<string, string> = {}) => {
    respond = (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
      response.end(JSON.stringify(body));
    };
  };
  const startVerify = () =>
    callVonage('verify.start', () =>
      vonage.verify2.newRequest({ brand: 'TableTalk', workflow: [{ channel: 'sms', to: '447700900123' }] } as never),
    );
  const failureOf = async () => {
    const error = await startVerify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  };

  it("passes a 429 through with Vonage's Retry-After and request id", async () => {
    problem(
      429,
      { type: 'https://developer.vonage.com/api-errors#throttled', title: 'Rate Limit Hit', detail: 'Please wait' },
      { 'retry-after': '7', 'x-request-id': 'vreq-123' },
    );
    const error = await failureOf();
    expect(error.getStatus()).toBe(429);
    expect(error.failure).toMatchObject({
      provider: 'Vonage',
      kind: 'rate-limited',
      status: 429,
      retryAfterSeconds: 7,
      requestId: 'vreq-123',
      title: 'Rate Limit Hit',
      detail: 'Please wait',
    });
    expect(error.retryable).toBe(true);
    expect(error.getResponse()).toMatchObject({ type: 'vonage-error', retryAfter: 7 });
  });

  it.each([
    [409, 'conflict', 409],
    [422, 'rejected', 422],
    [400, 'invalid', 400],
    [404, 'not-found', 400],
    [410, 'not-found', 400],
    [401, 'refused', 502],
    [500, 'unavailable', 502],
    [503, 'unavailable', 502],
  ])('maps Vonage %i to kind %s and our %i', async (vonageStatus, kind, ours) => {
    problem(vonageStatus, { title: 'Something', detail: `status ${vonageStatus}` });
    const error = await failureOf();
    expect(error.getStatus()).toBe(ours);
    expect(error.kind).toBe(kind);
    expect(error.answered).toBe(true);
    expect(error.failure.status).toBe(vonageStatus);
    expect(error.message).toContain(`(${vonageStatus})`);
  });

  it('logs an error the caller expects at debug, not as a failure, and still throws it', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    warn.mockClear();
    problem(409, { title: 'Conflict', detail: 'already a member' });
    const call = () =>
      vonage.verify2.newRequest({ brand: 'TableTalk', workflow: [{ channel: 'sms', to: '447700900123' }] } as never);
    await expect(callVonage('conversations.join', call, { expected: [409] })).rejects.toBeInstanceOf(UpstreamError);
    expect(warn).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledWith(
      expect.objectContaining({ operation: 'conversations.join', status: 409 }),
      'vonage call answered an expected error',
    );
    // Not expected: a warning as before.
    problem(422, { title: 'Invalid', detail: 'bad number' });
    await expect(callVonage('verify.start', call, { expected: [409] })).rejects.toBeInstanceOf(UpstreamError);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ status: 422 }), 'vonage call failed');
  });

  it('answers 504 when Vonage does not answer within the timeout', async () => {
    respond = () => undefined; // never answers
    const error = await failureOf();
    expect(error.getStatus()).toBe(504);
    expect(error.kind).toBe('timeout');
    expect(error.answered).toBe(false);
    expect(error.retryable).toBe(true);
    expect(error.getResponse()).toMatchObject({
      type: 'vonage-timeout',
      message: 'Vonage did not answer verify.start in time',
    });
  });

  it("returns the SDK's result when Vonage succeeds", async () => {
    respond = (_request, response) => {
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ request_id: 'c11236f4-00bf-4b89-84ba-88b25df97315' }));
    };
    await expect(startVerify()).resolves.toMatchObject({ requestId: 'c11236f4-00bf-4b89-84ba-88b25df97315' });
  });
});
