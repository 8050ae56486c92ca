/**
 * Topics only the e2e tests enqueue: their handlers exercise the outbox itself (races between
 * instances, orphaned claims, fair turns between topics). Declared like a feature's topics, so the
 * tests type-check against the same topic map as the app. (`test.legacy` never runs: no handler.)
 */
declare module '../../src/common/outbox/outbox-topics.js' {
  interface OutboxTopics {
    'test.race': { n: number };
    'test.orphan': { n: number };
    'test.concurrency': { n: number };
    'test.other': Record<string, never>;
    'test.legacy': { n: number };
  }
}

export {};
