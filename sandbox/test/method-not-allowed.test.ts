import { serverToken, startSandbox, type TestSandbox } from './support/sandbox';

/** Like Vonage: a method a known path does not have is 405 with Allow (schemathesis checks it), not 404. */
describe('undeclared methods', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => (sandbox = await startSandbox()));
  afterAll(() => sandbox.close());

  const call = (method: string, path: string) =>
    fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${serverToken()}` } });

  it('answers 405 with the methods the path has', async () => {
    const response = await call('PUT', '/v1/messages');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('treats an empty path parameter as the parent path (DELETE /v2/verify/)', async () => {
    const response = await call('DELETE', '/v2/verify/');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('still answers 404 for unknown paths', async () => {
    expect((await call('GET', '/v9/nothing')).status).toBe(404);
  });
});
