import { OutboxService } from '../src/common/outbox/outbox.service';
import { startTestApp, TestApp } from './support/test-app';
import './support/e2e-timeout';

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
    const entries = Array.from({ length: 40 }, (_, n) => ({ key: `race:${n}`, topic: 'test.race', payload: { n } }));
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
