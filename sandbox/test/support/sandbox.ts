import { tokenGenerate } from '@vonage/jwt';
import { randomUUID } from 'node:crypto';
import { generateKeyPair } from '../../../scripts/lib/dev-stack.mjs';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/index.js';

/** One key pair per test run: generating RSA keys is slow. */
export const { privateKey, publicKey } = generateKeyPair();
export const applicationId = randomUUID();
export const apiKey = 'abcd1234';
export const apiSecret = 'sandbox-secret-1';
export const signatureSecret = 'signature-secret-for-tests-0123456789';

export interface TestSandbox {
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

export async function startSandbox(overrides: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const sandbox = createSandbox({ applicationId, publicKey, apiKey, apiSecret, signatureSecret, ...overrides });
  const running = await sandbox.listen(0, '127.0.0.1');
  return { sandbox, url: running.url, close: running.close };
}

/** A server-to-server application JWT, as @vonage/server-sdk makes them. */
export function serverToken(claims: Record<string, unknown> = {}, key = privateKey, appId = applicationId): string {
  return tokenGenerate(appId, key, claims);
}

export function basic(key = apiKey, secret = apiSecret): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

/** A controllable clock for time-dependent behaviour (expiry). */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export async function json(response: Response): Promise<any> {
  return JSON.parse(await response.text());
}
