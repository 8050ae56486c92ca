import { importPKCS8, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { generateKeyPair } from '../../scripts/lib/dev-stack.mjs';
import { basic, json, privateKey, serverToken, startSandbox, type TestSandbox } from './support/sandbox';

const body = JSON.stringify({ brand: 'TableTalk', workflow: [{ channel: 'sms', to: '447700900100' }] });

describe('application auth (JWT RS256 and Basic)', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.sandbox.reset());

  function request(authorization?: string) {
    return fetch(`${sandbox.url}/v2/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    });
  }

  async function expect401(authorization?: string) {
    const response = await request(authorization);
    expect(response.status).toBe(401);
    expect(await json(response)).toMatchObject({
      title: 'Unauthorized',
      type: expect.stringContaining('unauthorized'),
    });
  }

  it('accepts a valid application JWT', async () => {
    expect((await request(`Bearer ${serverToken()}`)).status).toBe(202);
  });

  it('accepts Basic auth with the account key and secret', async () => {
    expect((await request(basic())).status).toBe(202);
  });

  it('rejects a missing Authorization header', () => expect401());

  it('rejects a JWT signed with another key', async () => {
    const other = generateKeyPair().privateKey;
    await expect401(`Bearer ${serverToken({}, other)}`);
  });

  it('rejects a JWT for another application', () => expect401(`Bearer ${serverToken({}, privateKey, randomUUID())}`));

  it('rejects an expired JWT', async () => {
    const key = await importPKCS8(privateKey, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ application_id: sandbox.sandbox.config.applicationId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 60)
      .setJti(randomUUID())
      .sign(key);
    await expect401(`Bearer ${token}`);
  });

  it('rejects an HS256 token (algorithm confusion)', async () => {
    const token = await new SignJWT({ application_id: sandbox.sandbox.config.applicationId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('guessable-secret-guessable-secret'));
    await expect401(`Bearer ${token}`);
  });

  it('rejects Basic auth with a wrong secret', () => expect401(basic('abcd1234', 'wrong')));

  it('rejects garbage', () => expect401('Bearer not.a.jwt'));

  it('answers unknown routes with a 404 problem, not a crash', async () => {
    const response = await fetch(`${sandbox.url}/v9/nothing`);
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({
      title: 'Not Found',
      detail: 'No route for GET /v9/nothing',
      instance: expect.any(String),
    });
  });
});
