import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const SANDBOX_MAIN = resolve(__dirname, '../../../sandbox/dist/main.js');

/** A Vonage application identity shared by the API (signs) and the sandbox (verifies). */
export interface VonageIdentity {
  applicationId: string;
  privateKey: string;
  publicKey: string;
  apiKey: string;
  apiSecret: string;
  signatureSecret: string;
}

export function newVonageIdentity(): VonageIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    applicationId: randomUUID(),
    privateKey,
    publicKey,
    apiKey: randomBytes(4).toString('hex'),
    apiSecret: randomBytes(12).toString('base64url'),
    signatureSecret: randomBytes(24).toString('base64url'),
  };
}

export interface RunningSandbox {
  url: string;
  process: ChildProcess;
  /** GET an inspection endpoint (/_sandbox/...) and return its JSON. */
  inspect<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the Vonage sandbox (built CLI) on a free port, trusting the given identity. */
export async function startSandbox(identity: VonageIdentity, env: Record<string, string> = {}): Promise<RunningSandbox> {
  if (!existsSync(SANDBOX_MAIN)) throw new Error(`${SANDBOX_MAIN} is missing: run \`npm run build -w sandbox\``);
  const child = spawn(process.execPath, [SANDBOX_MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      SANDBOX_PORT: '0',
      SANDBOX_HOST: '127.0.0.1',
      VONAGE_APPLICATION_ID: identity.applicationId,
      VONAGE_PUBLIC_KEY: identity.publicKey,
      VONAGE_API_KEY: identity.apiKey,
      VONAGE_API_SECRET: identity.apiSecret,
      VONAGE_SIGNATURE_SECRET: identity.signatureSecret,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolveUrl(line.trim()));
    child.once('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${stderr}`)));
  });
  return {
    url,
    process: child,
    inspect: async <T>(path: string) => {
      const response = await fetch(`${url}/_sandbox${path}`);
      if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
