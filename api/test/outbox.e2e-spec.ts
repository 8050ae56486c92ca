import './support/e2e-timeout.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('outbox shared by several API instances (e2e)', () => {
  let first: TestApp;
  let second: TestApp;
  const env = { VERIFY_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' };

  beforeAll(async () => {
    first = await startTestApp({ env });
    second = await startTestApp({ env, databaseUri: first.databaseUri, sandbox: first });
  });
  afterAll(async () => {
    await second.close({ database: true, sandbox: true });
    await first.close();
  });

  it('runs each entry once when two workers drain the same queue at the same time', async () => {
    const runs: string[] = [];
    const slowHandler = (worker: string) => async (payload: Record<string, unknown>) => {
      runs.push(`${worker}:${payload.n as number}`);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const outboxes = [first, second].map((t) => t.app.get(OutboxService));
    outboxes.forEach((outbox, i) => outbox.registerHandler('test.race', slowHandler(`w${i}`)));
    const entries = Array.from({ length: 40 }, (_, n) => ({
      key: `race:${n}`,
      topic: 'test.race' as const,
      payload: { n },
    }));
    await outboxes[0].enqueue(entries);

    await Promise.all(outboxes.map((outbox) => outbox.drain()));

    const ranEntries = runs.map((run) => run.split(':')[1]);
    expect(ranEntries).toHaveLength(40);
    expect(new Set(ranEntries).size).toBe(40);
    // Both workers took part: the test raced them rather than letting one finish first.
    expect(new Set(runs.map((run) => run.split(':')[0])).size).toBe(2);
    const stored = await outboxes[1].find('test.race');
    expect(stored.map((entry) => [entry.status, entry.attempts])).toEqual(entries.map(() => ['done', 1]));
  });
});

/**
 * Issue 10 finding 9: a worker that died between its two claim writes (the claim document, then
 * the entry) left the entry due but unclaimable until the claim was pruned, a day later.
 */
describe('an outbox claim orphaned by a dead worker (e2e)', () => {
  // Long enough that the first drain below surely runs inside the lease on a loaded machine (at
  // 1 s, a slow first drain took the claim over and the "claim stands" check failed).
  const LEASE_MS = 3000;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { VERIFY_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false', OUTBOX_LEASE_MS: String(LEASE_MS) },
    });
  });
  afterAll(() => t.close());

  it('is taken over within one lease period, and the entry runs once', async () => {
    const { getModelToken } = await import('@nestjs/mongoose');
    const { OutboxClaim } = await import('../src/common/outbox/outbox-claim.schema.js');
    const { OutboxEntry } = await import('../src/common/outbox/outbox-entry.schema.js');
    const outbox = t.app.get(OutboxService);
    const claims = t.app.get(getModelToken(OutboxClaim.name));
    const entries = t.app.get(getModelToken(OutboxEntry.name));
    const runs: number[] = [];
    outbox.registerHandler('test.orphan', async (payload) => {
      runs.push(payload.n);
    });
    await outbox.enqueue([{ key: 'orphan:1', topic: 'test.orphan', payload: { n: 1 } }]);
    // A worker claims attempt 1 and dies before it writes the entry: its claim exists, the entry is untouched.
    const entry = await entries.findOne({ key: 'orphan:1' }).lean().exec();
    await claims.create({ _id: `${entry._id.toHexString()}:1`, entry: entry._id, worker: 'dead-worker', attempt: 1 });
    const claimedAt = Date.now();

    // Within the lease the claim stands: its worker might still write the entry.
    expect(await outbox.drain()).toBe(0);
    // After one lease another worker takes the attempt over.
    let ran = 0;
    while (ran === 0 && Date.now() - claimedAt < 4 * LEASE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ran = await outbox.drain();
    }
    expect(ran).toBe(1);
    // Within about one lease (the bug held it a day); a second lease of slack for a slow machine.
    expect(Date.now() - claimedAt).toBeLessThan(2 * LEASE_MS);
    expect(runs).toEqual([1]);
    const [stored] = await outbox.find('test.orphan');
    expect([stored.status, stored.attempts]).toEqual(['done', 1]);
    // Only one takeover: draining again runs nothing.
    expect(await outbox.drain()).toBe(0);
  });
});
