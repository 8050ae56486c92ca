import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadCliConfig } from '../src/config';
import { applicationId, json, privateKey, serverToken, startSandbox, type TestSandbox } from './support/sandbox';

/**
 * Issue 10 finding 3: the compose demo published the sandbox with its open inspection endpoints
 * (`GET /_sandbox/verify?to=` returned live sign-in codes). Exposed, they now need a token.
 */
describe('admin token for the inbox and /_sandbox (exposed sandbox)', () => {
  const token = 'an-admin-token-for-the-tests';
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ adminToken: token });
  });
  afterAll(() => sandbox.close());

  it('refuses the inspection endpoints and the inbox without the token, with problem+json 401', async () => {
    for (const [method, path] of [
      ['GET', '/_sandbox/verify?to=447700900321'],
      ['GET', '/_sandbox/messages'],
      ['POST', '/_sandbox/inbound'],
      ['DELETE', '/_sandbox'],
      ['GET', '/'],
    ]) {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { authorization: 'Bearer wrong-token' },
      });
      expect([path, response.status]).toEqual([path, 401]);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('accepts the token as a bearer, a header, or ?token= (which sets a cookie for the inbox page)', async () => {
    expect(
      (await fetch(`${sandbox.url}/_sandbox/verify`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    expect((await fetch(`${sandbox.url}/_sandbox/verify`, { headers: { 'x-sandbox-token': token } })).status).toBe(200);
    const page = await fetch(`${sandbox.url}/?token=${token}`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect((await fetch(`${sandbox.url}/_sandbox/verify`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(
      200,
    );
  });

  it('leaves the Vonage API (its own auth) and the health check alone', async () => {
    const started = await fetch(`${sandbox.url}/v2/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ brand: 'TableTalk', workflow: [{ channel: 'sms', to: '447700900322' }] }),
    });
    expect(started.status).toBe(202);
    expect(await json(await fetch(`${sandbox.url}/health`))).toEqual({ status: 'ok' });
  });
});

describe('the CLI and the admin token', () => {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'sandbox-admin-')), 'private.key');
  beforeAll(() => writeFileSync(keyFile, privateKey));
  const app = { VONAGE_APPLICATION_ID: applicationId, VONAGE_PRIVATE_KEY: keyFile };

  it('needs no token on loopback (the default host)', () => {
    const { host, options, notices } = loadCliConfig(app);
    expect(host).toBe('127.0.0.1');
    expect(options.adminToken).toBeUndefined();
    expect(notices).toEqual([]);
  });

  it('makes one and prints it when exposed, or takes SANDBOX_ADMIN_TOKEN', () => {
    const exposed = loadCliConfig({ ...app, SANDBOX_HOST: '0.0.0.0' });
    expect(exposed.options.adminToken).toMatch(/^[\w-]{32}$/);
    expect(exposed.notices.join('\n')).toContain(`SANDBOX_ADMIN_TOKEN=${exposed.options.adminToken}`);
    expect(loadCliConfig({ ...app, SANDBOX_HOST: '0.0.0.0' }).options.adminToken).not.toBe(exposed.options.adminToken);
    const chosen = loadCliConfig({ ...app, SANDBOX_HOST: '0.0.0.0', SANDBOX_ADMIN_TOKEN: 'my-own-admin-token-123' });
    expect(chosen.options.adminToken).toBe('my-own-admin-token-123');
    expect(() => loadCliConfig({ ...app, SANDBOX_ADMIN_TOKEN: 'short' })).toThrow('SANDBOX_ADMIN_TOKEN');
  });

  it('an exposed CLI prints the token at start and enforces it', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', ...app, SANDBOX_PORT: '0', SANDBOX_HOST: '0.0.0.0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    try {
      const url = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout }).once('line', resolve),
      );
      // The token goes to stderr right after the URL line, but the two pipes are read separately:
      // wait for it (a fixed 100 ms could end first on a busy machine) rather than expect it there.
      const printed = await new Promise<string | undefined>((resolve) => {
        // Up to the line's end: a chunk may stop in the middle of the token.
        const found = () => /SANDBOX_ADMIN_TOKEN=(\S+)\r?\n/.exec(stderr)?.[1];
        const timer = setTimeout(() => resolve(found()), 5000);
        const check = () => {
          if (found() === undefined) return;
          clearTimeout(timer);
          child.stderr.off('data', check);
          resolve(found());
        };
        child.stderr.on('data', check);
        check();
      });
      expect(printed).toBeDefined();
      expect((await fetch(`${url}/_sandbox/verify?to=447700900321`)).status).toBe(401);
      expect(
        (await fetch(`${url}/_sandbox/verify?to=447700900321`, { headers: { authorization: `Bearer ${printed}` } }))
          .status,
      ).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
