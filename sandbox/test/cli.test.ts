import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { applicationId, privateKey, publicKey } from './support/sandbox';

const root = join(__dirname, '..');
const main = join(root, 'dist', 'main.js');

/** Starts the built CLI and resolves with its first stdout line (the contract with the API's test harness). */
function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // a test that expects a refusal never reads it
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
  return { child, firstLine, exit };
}

describe('CLI (node dist/main.js)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [
      join(root, '..', 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(root, 'tsconfig.build.json'),
    ]);
  }, 60_000);

  it('prints the base URL first and serves it (SANDBOX_PORT=0 picks a free port)', async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'sandbox-cli-')), 'private.key');
    writeFileSync(keyFile, privateKey);
    const cli = startCli({ SANDBOX_PORT: '0', VONAGE_APPLICATION_ID: applicationId, VONAGE_PRIVATE_KEY: keyFile });
    try {
      const url = await cli.firstLine;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url).not.toBe('http://127.0.0.1:0');
      const response = await fetch(`${url}/_sandbox/verify`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([]);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exit;
    }
  });

  it('takes the public key inline', async () => {
    const cli = startCli({ SANDBOX_PORT: '0', VONAGE_APPLICATION_ID: applicationId, VONAGE_PUBLIC_KEY: publicKey });
    try {
      expect(await cli.firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exit;
    }
  });

  it('refuses to start on invalid configuration, naming every problem', async () => {
    const cli = startCli({
      SANDBOX_PORT: '0',
      VONAGE_APPLICATION_ID: 'not-a-uuid',
      VONAGE_PUBLIC_KEY: '/does/not/exist.pem',
      VONAGE_API_KEY: 'key-without-secret',
      SANDBOX_STATUS_WEBHOOK_URL: 'ftp://example',
    });
    const { code, stderr } = await cli.exit;
    expect(code).toBe(1);
    expect(stderr).toContain('VONAGE_APPLICATION_ID (applicationId) must be a UUID');
    expect(stderr).toContain('VONAGE_PUBLIC_KEY is neither a PEM key nor an existing file');
    expect(stderr).toContain('VONAGE_API_KEY and VONAGE_API_SECRET must be set together');
    expect(stderr).toContain('SANDBOX_STATUS_WEBHOOK_URL must be an http(s) URL');
  });
});
