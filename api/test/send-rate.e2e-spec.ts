import './support/e2e-timeout.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import type { OutboxMessage } from '../src/common/outbox/outbox-topics.js';
import { MessageSender } from '../src/messaging/message-sender.js';
import { MESSAGING_SEND_TOPIC } from '../src/messaging/messaging.events.js';
import { armFault } from './support/sandbox-faults.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 15: Vonage's Messages throughput is per account, so the send rate (MESSAGES_MAX_PER_SECOND)
 * is held by every API instance together, a 429's Retry-After holds all of them, and a backlog of
 * texts held to that rate does not starve the outbox's other topics.
 */
const RATE = 5;

/** The largest number of sends that started within any one second. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function sendEntries(prefix: string, count: number): OutboxMessage<'messaging.send'>[] {
  return Array.from({ length: count }, (_, n) => ({
    key: `${prefix}:${n}`,
    topic: MESSAGING_SEND_TOPIC,
    payload: {
      channel: 'sms',
      to: `+1555020${String(n).padStart(4, '0')}`,
      text: `text ${n}`,
      orderId: `${prefix}-order`,
      customerId: 'bench',
      event: 'placed',
    },
  }));
}

/** Records when each send of an app reaches Vonage's SDK (after the rate gate), and its client_ref. */
function recordSends(t: TestApp, sends: { at: number; clientRef: string; app: string }[], app: string) {
  const sender = t.app.get(MessageSender);
  const send = sender.send.bind(sender);
  jest.spyOn(sender, 'send').mockImplementation((message) => {
    sends.push({ at: Date.now(), clientRef: message.clientRef, app });
    return send(message);
  });
}

describe('send-rate limit for Vonage Messages, shared by API instances (e2e)', () => {
  let first: TestApp;
  let second: TestApp;
  const sends: { at: number; clientRef: string; app: string }[] = [];
  const env = { VERIFY_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', MESSAGES_MAX_PER_SECOND: String(RATE) };

  beforeAll(async () => {
    first = await startTestApp({ env });
    second = await startTestApp({ env, databaseUri: first.databaseUri, sandbox: first });
    recordSends(first, sends, 'first');
    recordSends(second, sends, 'second');
  });
  afterAll(async () => {
    await second.close({ database: true, sandbox: true });
    await first.close();
  });
  beforeEach(() => {
    sends.length = 0;
  });

  it('never sends more than MESSAGES_MAX_PER_SECOND in any second across two instances, each text once', async () => {
    const outboxes = [first, second].map((t) => t.app.get(OutboxService));
    await outboxes[0].enqueue(sendEntries('rate', 4 * RATE));

    const startedAt = Date.now();
    await Promise.all(outboxes.map((outbox) => outbox.drain()));
    const took = Date.now() - startedAt;

    expect(sends).toHaveLength(4 * RATE);
    expect(new Set(sends.map((s) => s.clientRef)).size).toBe(4 * RATE);
    expect(new Set(sends.map((s) => s.app)).size).toBe(2); // both instances sent: the limit is shared, not per instance

    expect(busiestSecond(sends.map((s) => s.at))).toBeLessThanOrEqual(RATE);
    // Held to the rate, not far below it: 20 texts at (5 - 0) per second take about 4 s.
    expect(took).toBeGreaterThan(3000);
    expect(took).toBeLessThan(12_000);
    const stored = await outboxes[1].find(MESSAGING_SEND_TOPIC, { orderId: 'rate-order' });
    expect(stored.every((entry) => entry.status === 'done')).toBe(true);
    const inbox = await first.sandbox.inspect<{ client_ref?: string }[]>('/messages');
    const refs = inbox.map((m) => m.client_ref).filter((ref) => ref?.startsWith('rate:'));
    expect(refs).toHaveLength(4 * RATE);
    expect(new Set(refs).size).toBe(4 * RATE);
  });

  it("holds every instance for Vonage's Retry-After after a 429", async () => {
    await armFault(first.sandbox, { method: 'POST', path: '/v1/messages', status: 429, retry_after: 2, times: 1 });
    await first.app.get(OutboxService).enqueue(sendEntries('throttled', 1));
    await first.app.get(OutboxService).drain();
    expect(sends).toHaveLength(1);
    const throttledAt = sends[0].at;

    // The other instance, with work of its own, waits out the pause too.
    await second.app.get(OutboxService).enqueue(sendEntries('after', 1));
    await second.app.get(OutboxService).drain();
    const next = sends.find((s) => s.clientRef === 'after:0');
    expect(next?.app).toBe('second');
    expect(next!.at - throttledAt).toBeGreaterThanOrEqual(1900);
  });

  it('lets other outbox topics run between texts held to the rate', async () => {
    const outbox = first.app.get(OutboxService);
    const ran: string[] = [];
    outbox.registerHandler('test.other', async () => {
      ran.push('other');
    });
    const sender = first.app.get(MessageSender);
    const spied = sender.send as jest.Mock;
    const original = spied.getMockImplementation()!;
    spied.mockImplementation((message) => {
      ran.push('text');
      return original(message);
    });
    // A backlog of texts, older than the other topic's entry: oldest-first alone would run it last.
    await outbox.enqueue(sendEntries('backlog', 2 * RATE));
    await outbox.enqueue([{ key: 'other:1', topic: 'test.other', payload: {} }]);

    await outbox.drain();

    expect(ran.filter((r) => r === 'text')).toHaveLength(2 * RATE);
    expect(ran.indexOf('other')).toBeLessThanOrEqual(1);
  });
});
