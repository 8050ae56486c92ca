import request from 'supertest';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { eventually } from './support/eventually.js';
import { type RunningDatabase, startFerretDb, withDatabase } from './support/ferretdb.js';
import { freePort, startTestApp, type TestApp } from './support/test-app.js';

/** The path a supertest answer was for (superagent keeps the request on it; its types leave it out). */
const requestPath = (res: request.Response) => (res as unknown as { req: { path: string } }).req.path;

/**
 * Issue 10 finding 11: with the database killed, every route that needs it answered
 * `500 internal-error` after up to 5 s. Now: 503 database-unavailable with Retry-After within 2 s,
 * and the API recovers by itself when the database is back.
 */
describe('database outage (e2e)', () => {
  let db: RunningDatabase;
  let t: TestApp;
  let port: number;
  let token: string;
  let menuItemId: string;

  beforeAll(async () => {
    port = await freePort();
    db = await startFerretDb({ port, keepData: true });
    t = await startTestApp({
      databaseUri: withDatabase(db.uri, 'outage'),
      // A request answers 503 after at most this long (README). At the 1.5 s default only 0.5 s was
      // left under the 2 s asserted below for a busy machine's late timers; 1 s leaves a whole second.
      env: { VERIFY_ENABLED: 'false', MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000' },
    });
    await t.app.get(MenuSeeder).seeded;
    const customer = { email: 'ada@outage.test', password: 'customer-password', name: 'Ada', phone: '+447700900801' };
    await request(t.url).post('/api/auth/register').send(customer).expect(201);
    token = (
      await request(t.url)
        .post('/api/auth/login')
        .send({ email: customer.email, password: customer.password })
        .expect(200)
    ).body.accessToken;
    menuItemId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
  });
  afterAll(async () => {
    await t?.close({ database: true });
    await db?.stop();
    const { rmSync } = await import('node:fs');
    if (db) rmSync(db.dataDir, { recursive: true, force: true });
  });

  it('answers 503 database-unavailable with Retry-After within 2 s on every route that needs it, then recovers', async () => {
    db.process.kill('SIGKILL');
    await new Promise((resolve) => db.process.once('exit', resolve));

    const auth = { Authorization: `Bearer ${token}` };
    const calls = [
      () => request(t.url).get('/api/menu'),
      () => request(t.url).get('/api/auth/me').set(auth),
      () => request(t.url).get('/api/orders').set(auth),
      () =>
        request(t.url)
          .post('/api/orders')
          .set(auth)
          .send({ items: [{ menuItemId, quantity: 1 }] }),
      () => request(t.url).post('/api/auth/login').send({ email: 'ada@outage.test', password: 'customer-password' }),
      () =>
        request(t.url)
          .post('/api/auth/register')
          .send({ email: 'bob@outage.test', password: 'customer-password', name: 'Bob', phone: '+447700900802' }),
    ];
    for (const call of calls) {
      const started = Date.now();
      const res = await call();
      const took = Date.now() - started;
      expect({ url: requestPath(res), status: res.status, type: res.body.type }).toEqual({
        url: requestPath(res),
        status: 503,
        type: 'https://tabletalk.dev/problems/database-unavailable',
      });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toBe('5');
      expect(took).toBeLessThan(2000);
    }
    await request(t.url).get('/api/health/live').expect(200);

    // The database comes back on the same address with its data: the API serves again by itself.
    db = await startFerretDb({ port, dataDir: db.dataDir, keepData: true });
    await eventually(() => request(t.url).get('/api/menu').expect(200), { timeoutMs: 15_000 });
    await eventually(() => request(t.url).get('/api/auth/me').set(auth).expect(200));
  });
});

describe('database late at start (e2e)', () => {
  it('answers 503 until the database arrives, then connects without a restart', async () => {
    const port = await freePort();
    const t = await startTestApp({
      databaseUri: `mongodb://127.0.0.1:${port}/late`,
      env: { VERIFY_ENABLED: 'false' },
      waitForDatabase: false,
    });
    let db: RunningDatabase | undefined;
    try {
      const early = await request(t.url).get('/api/menu');
      expect({ status: early.status, type: early.body.type }).toEqual({
        status: 503,
        type: 'https://tabletalk.dev/problems/database-unavailable',
      });
      db = await startFerretDb({ port });
      await eventually(() => request(t.url).get('/api/menu').expect(200), { timeoutMs: 15_000 });
    } finally {
      await t.close({ database: true });
      await db?.stop();
    }
  });
});

describe('npm start keeps the embedded database running (scripts/keep-running.mjs)', () => {
  it('starts the database again when it crashes, and stops it for good on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, resolve } = await import('node:path');
    const { mongo } = await import('mongoose');
    const { FERRETDB_BIN, ferretDbArgs } = await import('./support/ferretdb.js');
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'tabletalk-keep-running-'));
    const supervisor = spawn(
      process.execPath,
      [resolve(__dirname, '../../scripts/keep-running.mjs'), FERRETDB_BIN, ...ferretDbArgs({ port, dataDir })],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KEEP_RUNNING_DELAY_MS: '100' } },
    );
    const pids: number[] = [];
    supervisor.stderr.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/started .* \(pid (\d+)\)/g)) pids.push(Number(match[1]));
    });
    const ping = async () => {
      const client = await mongo.MongoClient.connect(`mongodb://127.0.0.1:${port}/keep`, {
        serverSelectionTimeoutMS: 500,
      });
      try {
        await client.db().command({ ping: 1 });
      } finally {
        await client.close();
      }
    };
    try {
      await eventually(ping);
      expect(pids).toHaveLength(1);
      process.kill(pids[0], 'SIGKILL');
      await eventually(() => (pids.length === 2 ? Promise.resolve() : Promise.reject(new Error('not restarted'))));
      await eventually(ping);
      const exited = new Promise((done) => supervisor.once('exit', done));
      supervisor.kill('SIGTERM');
      await exited;
      await expect(ping()).rejects.toThrow();
    } finally {
      if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
