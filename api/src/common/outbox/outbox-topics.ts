/**
 * Every outbox topic and the payload its entries carry. Empty here: the feature that owns a topic
 * adds it beside its handler, by declaration merging, e.g.
 *
 *   declare module '../common/outbox/outbox-topics.js' {
 *     interface OutboxTopics { 'messaging.send': SendRequest }
 *   }
 *
 * so `enqueue` refuses a payload of the wrong shape and `registerHandler` a topic nobody declared,
 * at compile time, while the outbox itself (in `common/`) knows no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface OutboxTopics {}

export type OutboxTopic = Extract<keyof OutboxTopics, string>;

/** The payload of a topic's entries. */
export type OutboxPayload<T extends OutboxTopic> = OutboxTopics[T];

/** A unit of work for the outbox: one of the declared topics with its own payload. */
export type OutboxMessage<T extends OutboxTopic = OutboxTopic> = {
  [K in T]: {
    /** Idempotency key chosen by the producer (e.g. `order:<id>:<n>`). */
    key: string;
    topic: K;
    payload: OutboxTopics[K];
    /** Not before this time (a scheduled retry of a producer's own, e.g. a webhook's 24 h schedule); default now. */
    availableAt?: Date;
  };
}[T];
