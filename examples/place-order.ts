/**
 * An integration in a page: sign in, place an order (safely retryable with Idempotency-Key),
 * then wait until the kitchen marks it ready, following TableTalk's live event stream.
 *
 *   TABLETALK_URL=http://localhost:3000 node examples/place-order.ts
 *
 * Signs up a new customer unless TABLETALK_EMAIL / TABLETALK_PASSWORD name one. Node 24 runs
 * this TypeScript as it is; `npm test -w client` type-checks it against openapi.yaml.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { createTableTalkClient, unwrap } from '../client/src/index.ts';

const baseUrl = process.env.TABLETALK_URL ?? 'http://localhost:3000';
const waitSeconds = Number(process.env.TABLETALK_WAIT_S ?? 600);
let token: string | undefined;
const api = createTableTalkClient({ baseUrl, token: () => token });

async function signIn(): Promise<void> {
  let email = process.env.TABLETALK_EMAIL;
  let password = process.env.TABLETALK_PASSWORD;
  if (!email || !password) {
    email = `example-${randomUUID().slice(0, 8)}@example.com`;
    password = `pw-${randomUUID()}`;
    const phone = `+4477009${String(randomInt(0, 100000)).padStart(5, '0')}`;
    unwrap(await api.POST('/api/auth/register', { body: { email, password, name: 'Example Integrator', phone } }));
    console.log(`signed up ${email}`);
  }
  const session = unwrap(await api.POST('/api/auth/login', { body: { email, password } }));
  if (!('accessToken' in session))
    throw new Error('this account needs a Verify code to sign in; use a customer account without one');
  token = session.accessToken;
}

async function placeOrder(): Promise<string> {
  // The menu comes in pages (by category, then name); the first page is enough to pick a dish.
  const menu = unwrap(await api.GET('/api/menu', { params: { query: { limit: 100 } } })).items;
  const item = menu[0];
  if (!item) throw new Error('the menu is empty: add a dish first');
  // The same key on a retry (a timeout, a dropped connection) returns the first order, never a second one.
  const idempotencyKey = randomUUID();
  const order = unwrap(
    await api.POST('/api/orders', {
      body: { items: [{ menuItemId: item.id, quantity: 1 }] },
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );
  console.log(`order ${order.id} placed (#${order.number}, ${item.name})`);
  return order.id;
}

/** Reads `GET /api/events` (Server-Sent Events; a server may send the token as a header) until the order is ready. */
async function waitUntilReady(orderId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/events`, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(waitSeconds * 1000),
  });
  if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
  // The order may have moved before the stream opened: look once.
  const current = unwrap(await api.GET('/api/orders/{id}', { params: { path: { id: orderId } } }));
  if (['ready', 'completed', 'cancelled'].includes(current.status)) return current.status;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (type !== 'order.status_changed' || !data) continue;
      const event = JSON.parse(data) as { orderId: string; status: string };
      if (event.orderId !== orderId) continue;
      console.log(`order ${orderId} is ${event.status}`);
      // Leaving the loop cancels the stream (and closes the connection).
      if (['ready', 'completed', 'cancelled'].includes(event.status)) return event.status;
    }
  }
  throw new Error('the event stream ended before the order was ready');
}

await signIn();
const orderId = await placeOrder();
const status = await waitUntilReady(orderId);
console.log(
  status === 'ready' || status === 'completed' ? `order ${orderId} is ready: done` : `order ${orderId} ended ${status}`,
);
