import type { OutboxConfig } from '../../config/configuration.js';
import type {} from '../../live-events/live-event-types.js';
// The topics under test are declared by their features (declaration merging into OutboxTopics);
// these imports put those declarations in this file's view even when it is compiled alone.
import type {} from '../../messaging/messaging.events.js';
import type { SendRequest } from '../../messaging/send-request.js';
import { OutboxService } from './outbox.service.js';

const config = {
  workerEnabled: false,
  pollMs: 1000,
  leaseMs: 30_000,
  maxAttempts: 5,
  concurrency: 1,
  backoff: { baseMs: 1000, maxMs: 60_000 },
} as OutboxConfig;

function outbox() {
  const entries = { bulkWrite: jest.fn().mockResolvedValue({}) };
  return { service: new OutboxService(entries as never, {} as never, config), entries };
}

const text: SendRequest = {
  channel: 'sms',
  to: '+447700900001',
  text: 'Hello',
  orderId: 'o1',
  customerId: 'c1',
  event: 'placed',
};

describe('typed outbox topics', () => {
  it("stores a declared topic's payload as given, idempotently by key", async () => {
    const { service, entries } = outbox();
    await service.enqueue([{ key: 'order:o1:0', topic: 'messaging.send', payload: text }]);
    expect(entries.bulkWrite).toHaveBeenCalledWith(
      [
        {
          updateOne: {
            filter: { _id: expect.anything() }, // derived from the key (by-id.ts)
            update: {
              $setOnInsert: expect.objectContaining({
                key: 'order:o1:0',
                topic: 'messaging.send',
                payload: text,
                status: 'pending',
              }),
            },
            upsert: true,
          },
        },
      ],
      { ordered: false },
    );
  });

  it('refuses a second handler for a topic', () => {
    const { service } = outbox();
    service.registerHandler('live.event', async (payload) => ({ type: payload.type }));
    expect(() => service.registerHandler('live.event', async () => undefined)).toThrow(
      'An outbox handler for "live.event" is already registered',
    );
  });

  /**
   * Never called: these lines are for the compiler (`npm run typecheck`). Each @ts-expect-error
   * fails the type check if the line below it compiles, i.e. if the topic map stopped checking.
   */
  function compileTimeChecks(service: OutboxService): void {
    // @ts-expect-error a messaging.send payload needs channel, to, orderId, customerId and event
    void service.enqueue([{ key: 'k', topic: 'messaging.send', payload: { text: 'Hello' } }]);
    // @ts-expect-error the payload of another topic (live.event) under messaging.send
    void service.enqueue([{ key: 'k', topic: 'messaging.send', payload: { type: 'order.created', data: {} } }]);
    // @ts-expect-error a topic no feature declared
    void service.enqueue([{ key: 'k', topic: 'messaging.sned', payload: text }]);
    // @ts-expect-error a handler for a topic no feature declared
    service.registerHandler('no.such.topic', async () => undefined);
    // @ts-expect-error a handler reading a field its topic's payload does not have
    service.registerHandler('messaging.send', async (payload) => ({ seq: payload.seq }));
    // The handler's payload is its topic's type: this one compiles.
    service.registerHandler('messaging.send', async (payload: SendRequest) => ({ to: payload.to }));
  }

  it('has its compile-time checks (see compileTimeChecks)', () => {
    expect(compileTimeChecks).toBeInstanceOf(Function);
  });
});
