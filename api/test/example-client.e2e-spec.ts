import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ADMIN = {
  email: 'admin@example-client.test',
  password: 'admin-password-e2e',
  phone: '+15550104072',
  name: 'Ex Admin',
};

/** examples/place-order.ts, through the typed client, against a real API: signs up, orders, waits for "ready" on the stream. */
describe('examples/place-order.ts (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ADMIN_PHONE: ADMIN.phone,
        ADMIN_NAME: ADMIN.name,
        VERIFY_ENABLED: 'false',
        EVENTS_POLL_MS: '50',
      },
    });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
  });
  afterAll(() => t?.close());

  it('places an order and exits once staff mark it ready', async () => {
    const child = spawn(process.execPath, [resolve(__dirname, '../../examples/place-order.ts')], {
      env: { ...process.env, NODE_OPTIONS: '', TABLETALK_URL: t.url, TABLETALK_WAIT_S: '60' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      const orderId = await eventually(
        async () => {
          const match = /order ([0-9a-f]{24}) placed/.exec(out);
          if (!match) throw new Error(`not placed yet: ${out}`);
          return match[1];
        },
        { timeoutMs: 20_000 },
      );
      const admin = (
        await request(t.url).post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200)
      ).body.accessToken;
      // Give the example's stream a moment to open (it also reads the order once after opening).
      await new Promise((r) => setTimeout(r, 300));
      for (const status of ['preparing', 'ready']) {
        await request(t.url)
          .patch(`/api/orders/${orderId}/status`)
          .set({ Authorization: `Bearer ${admin}` })
          .send({ status })
          .expect(200);
      }
      const code = await exited;
      expect(out).toContain(`order ${orderId} is ready: done`);
      expect(code).toBe(0);
      expect(out).toContain(`order ${orderId} is ready: done`);
    } finally {
      child.kill();
    }
  }, 60_000);
});
