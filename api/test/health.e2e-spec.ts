import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('health (e2e)', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('is live at once and becomes ready when the database answers, without a token', async () => {
    t = await startTestApp();
    await request(t.url).get('/api/health/live').expect(200);
    // The connection is lazy, so readiness may lag start-up by a moment.
    const ready = await eventually(() => request(t.url).get('/api/health/ready').expect(200));
    // Security headers on every answer.
    expect(ready.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(ready.body.info.database.status).toBe('up');
  });
});

/** A port that refuses connections: bind one, note it, close it. */
async function refusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('health with the database down (e2e)', () => {
  it('starts anyway, stays live, and answers ready with 503 problem+json', async () => {
    const port = await refusedPort();
    const t = await startTestApp({
      env: { MONGODB_URI: `mongodb://127.0.0.1:${port}/down`, MONGODB_SERVER_SELECTION_TIMEOUT_MS: '500' },
      waitForDatabase: false,
    });
    try {
      await request(t.url).get('/api/health/live').expect(200);
      const ready = await request(t.url).get('/api/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 503, type: 'https://tabletalk.dev/problems/not-ready' });
      expect(ready.body.detail).toContain('database');
    } finally {
      await t.app.close();
      await t.sandbox.stop();
    }
  });

  it('stops retrying the first connection once the app has shut down', async () => {
    const port = await refusedPort();
    const t = await startTestApp({
      env: { MONGODB_URI: `mongodb://127.0.0.1:${port}/down`, MONGODB_SERVER_SELECTION_TIMEOUT_MS: '300' },
      waitForDatabase: false,
    });
    const connection = t.app.get<Connection>(getConnectionToken());
    // Let the first attempt fail, so a retry is pending (every 2 s) when the app closes.
    await sleep(800);
    await t.app.close();
    await t.sandbox.stop();
    const opened: unknown[] = [];
    connection.on('connecting', () => opened.push('connecting'));
    // A retry that fired after shutdown used to open a new client (and, in Jest, import after teardown).
    await sleep(2600);
    expect(opened).toEqual([]);
    expect(Number(connection.readyState)).toBe(0);
  });
});
