import { createSign, createVerify } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureLocalVonage,
  generateKeyPair,
  spawnTracked,
  startFerretDb,
  stopProcess,
  waitForReady,
} from '../../scripts/lib/dev-stack.mjs';

/** The repository's dev-stack library (scripts/lib/dev-stack.mjs): what start, serve, bench and these set-ups rely on. */
describe('dev-stack library', () => {
  it('makes an RSA key pair whose private half signs what the public half verifies (RS256, as Vonage JWTs)', () => {
    const { privateKey, publicKey } = generateKeyPair();
    expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const signature = createSign('RSA-SHA256').update('claims').sign(privateKey);
    expect(createVerify('RSA-SHA256').update('claims').verify(publicKey, signature)).toBe(true);
  });

  it('keeps a data folder’s Vonage identity: made once, the same one on every later start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tabletalk-dev-stack-'));
    try {
      const first = ensureLocalVonage(dataDir);
      const again = ensureLocalVonage(dataDir);
      expect(again).toEqual(first);
      expect(readFileSync(first.publicKeyPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(first.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('notices readiness within about 50 ms (npm run serve and the test set-ups wait on it)', async () => {
    let readyAt = Infinity;
    const server = createServer((_request, response) => {
      response.writeHead(Date.now() >= readyAt ? 200 : 503).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health/ready`;
      setTimeout(() => (readyAt = Date.now()), 300); // between two of a 250-ms poll's probes (0, 250, 500)
      await waitForReady(url, { timeoutMs: 5000 });
      // The default poll used to be 250 ms: up to that much later than the server was ready.
      // 150 ms leaves room for a busy machine; a 250-ms poll misses it.
      expect(Date.now() - readyAt).toBeLessThan(150);
    } finally {
      server.close();
    }
  });

  it('starts FerretDB on a free port in a temporary folder, and removes the folder on stop unless told to keep it', async () => {
    const database = await startFerretDb();
    expect(database.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(database.dataDir)).toBe(true);
    await database.stop();
    expect(database.process.exitCode !== null || database.process.signalCode !== null).toBe(true);
    expect(existsSync(database.dataDir)).toBe(false);

    const kept = await startFerretDb({ keepData: true });
    await kept.stop();
    expect(existsSync(kept.dataDir)).toBe(true);
    rmSync(kept.dataDir, { recursive: true, force: true });
  });

  it('stops a detached child’s whole process group (npx → nest → node must not leave the last one running)', async () => {
    const child = spawnTracked('sh', ['-c', 'sleep 300 & echo $!; wait'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
    });
    const grandchild = await new Promise<number>((resolve) =>
      child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    await stopProcess(child);
    // Running, not a zombie waiting for a reaper (this machine's PID 1 may never reap it).
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${grandchild}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(grandchild).toBeGreaterThan(0);
    for (let i = 0; i < 50 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive()).toBe(false);
  });
});
