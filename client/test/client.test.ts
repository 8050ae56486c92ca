import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { allPages, createTableTalkClient, TableTalkError, unwrap, verifyWebhook } from '../src/index.ts';

test('verifyWebhook accepts the Standard Webhooks reference signature and refuses a changed body or an old timestamp', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = '{"type":"order.created"}';
  const sign = (ts: string, b: string) =>
    `v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`msg_1.${ts}.${b}`)
      .digest('base64')}`;
  const headers = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,bm90LWl0 ${sign(timestamp, body)}`,
  };
  assert.equal(verifyWebhook(secret, headers, body), true);
  assert.equal(verifyWebhook(secret, headers, body + ' '), false);
  const old = String(Number(timestamp) - 3600);
  assert.equal(
    verifyWebhook(secret, { ...headers, 'webhook-timestamp': old, 'webhook-signature': sign(old, body) }, body),
    false,
  );
});

test('calls carry the token and failures become a typed TableTalkError with the problem details', async () => {
  const seen: Request[] = [];
  const problem = {
    type: 'https://tabletalk.dev/problems/idempotency-key-reused',
    title: 'Unprocessable content',
    status: 422,
    detail: 'other body',
  };
  const fakeFetch = (async (input: Request) => {
    seen.push(input);
    return new Response(JSON.stringify(problem), {
      status: 422,
      headers: { 'content-type': 'application/problem+json' },
    });
  }) as typeof fetch;
  const client = createTableTalkClient({ baseUrl: 'http://api.test', token: () => 'tok', fetch: fakeFetch });
  const result = await client.POST('/api/orders', {
    body: { items: [{ menuItemId: '6650f0c2a1b2c3d4e5f60718', quantity: 1 }] },
    headers: { 'Idempotency-Key': 'k1' },
  });
  assert.equal(seen[0].headers.get('authorization'), 'Bearer tok');
  assert.equal(seen[0].headers.get('idempotency-key'), 'k1');
  assert.throws(
    () => unwrap(result),
    (error: unknown) =>
      error instanceof TableTalkError && error.problem.type.endsWith('idempotency-key-reused') && error.status === 422,
  );
});

test('allPages follows nextCursor to the end', async () => {
  const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
    start: { items: [1, 2], nextCursor: 'c1' },
    c1: { items: [3], nextCursor: null },
  };
  const all: number[] = [];
  for await (const item of allPages((cursor) => Promise.resolve(pages[cursor ?? 'start']))) all.push(item);
  assert.deepEqual(all, [1, 2, 3]);
});
