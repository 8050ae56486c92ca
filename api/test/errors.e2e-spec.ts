import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Bad input of every kind gets one problem+json shape and a 4xx, never a 500. */
describe('error shape (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' } })));
  afterAll(() => t.close());

  const expectProblem = (res: request.Response, status: number, type: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status,
      type: `https://tabletalk.dev/problems/${type}`,
      instance: expect.any(String),
    });
    expect(res.body.title).toEqual(expect.any(String));
    expect(res.body.detail).toEqual(expect.any(String));
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  };

  it('malformed JSON', async () => {
    const res = await request(t.url).post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expectProblem(res, 400, 'malformed-json');
  });

  it('oversized body', async () => {
    const res = await request(t.url)
      .post('/api/auth/login')
      .send({ email: 'a@b.co', password: 'x'.repeat(5000) });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('a body that is not JSON', async () => {
    const res = await request(t.url).post('/api/auth/login').set('Content-Type', 'text/plain').send('email=a');
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('missing fields, each named', async () => {
    const res = await request(t.url).post('/api/auth/login').send({});
    expectProblem(res, 400, 'validation-error');
    expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['email', 'password']));
  });

  it('unknown route', async () => {
    expectProblem(await request(t.url).get('/api/no-such-thing'), 404, 'not-found');
  });

  it('keeps a sane caller request id and replaces a hostile one', async () => {
    const kept = await request(t.url).get('/api/no-such-thing').set('X-Request-Id', 'trace-1234-abcd');
    expect(kept.body.requestId).toBe('trace-1234-abcd');
    const replaced = await request(t.url).get('/api/no-such-thing').set('X-Request-Id', '<script>');
    expect(replaced.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
