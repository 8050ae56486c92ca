import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { MenuSeeder } from '../src/menu/menu-seeder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * What schemathesis found (issue 14), each pinned here: undeclared methods are 405 with Allow,
 * absurd pages and null fields are 400s naming the parameter, never 500s.
 */
describe('contract hardening (e2e)', () => {
  const STAFF = { email: 'chef@contract.test', password: 'chef-password-1', phone: '+447700900401' };
  let t: TestApp;
  let staff: string;
  let menuId: string;
  const as = () => ({ Authorization: `Bearer ${staff}` });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ADMIN_EMAIL: STAFF.email,
        ADMIN_PASSWORD: STAFF.password,
        ADMIN_PHONE: STAFF.phone,
        VERIFY_ENABLED: 'false',
      },
    });
    await Promise.all([t.app.get(AdminSeeder).seeded, t.app.get(MenuSeeder).seeded]);
    staff = (
      await request(t.url).post('/api/auth/login').send({ email: STAFF.email, password: STAFF.password }).expect(200)
    ).body.accessToken;
    menuId = (await request(t.url).get('/api/menu').expect(200)).body.items[0].id;
  });
  afterAll(() => t.close());

  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
  };

  it('answers an undeclared method on a known path with 405 and Allow', async () => {
    const res = await request(t.url).put(`/api/menu/${menuId}`).set(as()).send({ name: 'x' });
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('DELETE, PATCH');
    const trace = await request(t.url).trace('/api/orders');
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD, POST');
  });

  it('still answers 404 for unknown paths', async () => {
    expectProblem(await request(t.url).put('/api/no-such-thing'), 404);
  });

  it.each(['9.9e307', '1.5', '-1', '0', '100001'])('rejects page=%s with a 400 naming page', async (page) => {
    const res = await request(t.url).get(`/api/orders?page=${page}`).set(as());
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('page');
  });

  it.each(['status=', 'status=placed,'])(
    'rejects an empty status filter (%s) with a 400 naming status',
    async (query) => {
      const res = await request(t.url).get(`/api/orders?${query}`).set(as());
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('status');
    },
  );

  it('rejects null for a field instead of storing it (was a 500)', async () => {
    const res = await request(t.url).patch(`/api/menu/${menuId}`).set(as()).send({ available: null });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'available', message: 'available must not be null' }]);
  });

  it('rejects a body that is not a JSON object', async () => {
    for (const body of ['null', '[]', '5']) {
      const res = await request(t.url)
        .patch(`/api/menu/${menuId}`)
        .set(as())
        .set('Content-Type', 'application/json')
        .send(body);
      expectProblem(res, 400);
    }
  });

  it('answers a very long id with a 400 naming it, not a bare 414', async () => {
    const res = await request(t.url)
      .get(`/api/orders/${'a'.repeat(500)}`)
      .set(as());
    expectProblem(res, 400);
    expect(res.body.errors[0].field).toBe('id');
  });
});
