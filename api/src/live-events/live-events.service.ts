import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { OutboxMessage, OutboxService } from '../common/outbox/outbox.service.js';
import { PeriodicSweep } from '../common/scheduling/periodic-sweep.js';
import { LiveEventsConfig, liveEventsConfig } from '../config/configuration.js';
import { LIVE_EVENT_TYPES, LIVE_EVENTS_TOPIC, LiveEventInput } from './live-event-types.js';
import { LiveEvent } from './schemas/live-event.schema.js';

/** A stored event as the stream reads it. */
export type StoredLiveEvent = Pick<
  LiveEvent,
  'seq' | 'key' | 'type' | 'customerId' | 'data' | 'staffData' | 'createdAt'
>;

const TAIL_BATCH = 500;
const SEQ_RETRIES = 50;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The live event log. Producers hand events over durably (an outbox entry written with their own
 * change, or next to it); this service appends them to `live_events` with a gap-free increasing
 * sequence and tails that collection (polling the indexed `seq`: FerretDB has no change streams),
 * so every API instance sees every instance's events. Listeners (the SSE hub) get them in order.
 * The tail is a PeriodicSweep: every EVENTS_POLL_MS, and at once when woken by an append.
 */
@Injectable()
export class LiveEventsService extends PeriodicSweep implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly listeners = new Set<(event: StoredLiveEvent) => void>();
  /** Appends from this process, one at a time: they would only race each other for the next seq. */
  private appendChain: Promise<unknown> = Promise.resolve();
  /** The highest seq handed to listeners; undefined until the first successful read. */
  private tailSeq?: number;
  private lastPrune = 0;
  private changeStream?: { close(): Promise<void> };
  /** True while a change stream tells us about inserts at once (MongoDB replica sets, Atlas). */
  private watching = false;

  constructor(
    @InjectModel(LiveEvent.name) private readonly events: Model<LiveEvent>,
    private readonly outbox: OutboxService,
    @Inject(liveEventsConfig.KEY) private readonly config: LiveEventsConfig,
  ) {
    super({ intervalMs: config.pollMs, firstPassAfterMs: 0 });
  }

  onModuleInit(): void {
    this.outbox.registerHandler(LIVE_EVENTS_TOPIC, async (payload, entry) => {
      const seq = await this.append(entry.key, parseInput(payload));
      return { seq };
    });
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.watchInserts();
  }

  onModuleDestroy(): void {
    void this.changeStream?.close().catch(() => undefined);
  }

  /**
   * Where the server has change streams (a MongoDB replica set, as Atlas always is), an insert by
   * any instance wakes the tail at once; the tail still reads by `seq`, so order and gaps are
   * handled the same way. FerretDB (and a standalone mongod) refuse: polling alone carries on.
   */
  private watchInserts(): void {
    try {
      const stream = this.events.watch([{ $match: { operationType: 'insert' } }], { batchSize: 100 });
      this.changeStream = stream;
      stream.on('change', () => {
        this.watching = true;
        this.wake();
      });
      stream.on('error', (error: Error) => {
        if (this.watching)
          this.logger.warn(`live event change stream ended (${error.message}); polling every ${this.config.pollMs} ms`);
        this.watching = false;
        void stream.close().catch(() => undefined);
      });
    } catch {
      this.watching = false;
    }
  }

  /**
   * An outbox entry for an event, for producers that keep pending outbox entries on their own
   * document (orders): written in the same write as the change, so the event cannot be lost.
   */
  pendingEntry(key: string, input: LiveEventInput): OutboxMessage<typeof LIVE_EVENTS_TOPIC> {
    return { key: `live:${key}`, topic: LIVE_EVENTS_TOPIC, payload: { ...input } };
  }

  /**
   * Hands events over: queued in the outbox (durable, retried) and appended at once (so the
   * stream does not wait for the outbox worker). Both are idempotent by key.
   */
  async publish(events: { key: string; input: LiveEventInput }[]): Promise<void> {
    const entries = events.map(({ key, input }) => this.pendingEntry(key, input));
    await this.outbox.enqueue(entries);
    await this.appendNow(entries);
  }

  /**
   * The fast path for entries already in the outbox: append now. A failure is only logged —
   * the outbox entry appends the event later.
   */
  async appendNow(entries: readonly OutboxMessage[]): Promise<void> {
    for (const entry of entries) {
      if (entry.topic !== LIVE_EVENTS_TOPIC) continue;
      try {
        await this.append(entry.key, parseInput(entry.payload));
      } catch (error) {
        this.logger.warn(`live event ${entry.key} deferred to the outbox: ${(error as Error).message}`);
      }
    }
  }

  /** Stores an event under the next seq; returns its seq (the existing one when the key is known). */
  append(key: string, input: LiveEventInput): Promise<number> {
    const run = this.appendChain.then(() => this.appendOne(key, input));
    this.appendChain = run.catch(() => undefined);
    return run;
  }

  private async appendOne(key: string, input: LiveEventInput): Promise<number> {
    for (let attempt = 0; attempt < SEQ_RETRIES; attempt++) {
      const existing = await this.events.findOne({ key }, { seq: 1 }).lean().exec();
      if (existing) return existing.seq;
      const seq = (await this.latestSeq()) + 1;
      try {
        await this.events.create({
          seq,
          key,
          type: input.type,
          customerId: input.customerId ?? null,
          data: input.data,
          staffData: input.staffData ?? null,
        });
        this.wake();
        return seq;
      } catch (error) {
        // Another instance took this seq (or appended the same key): look again.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`no free sequence number for live event ${key} after ${SEQ_RETRIES} tries`);
  }

  /** The highest seq stored (0 when none). */
  async latestSeq(): Promise<number> {
    const last = await this.events.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean().exec();
    return last?.seq ?? 0;
  }

  /** The lowest seq still kept (undefined when none). */
  async oldestSeq(): Promise<number | undefined> {
    const first = await this.events.findOne({}, { seq: 1 }).sort({ seq: 1 }).lean().exec();
    return first?.seq;
  }

  /** Events after `seq`, in order; only the customer's own when `customerId` is given. */
  async after(seq: number, limit: number, customerId?: string): Promise<StoredLiveEvent[]> {
    const filter: Record<string, unknown> = { seq: trusted({ $gt: seq }) };
    if (customerId) filter.customerId = customerId;
    return this.events.find(filter).sort({ seq: 1 }).limit(limit).lean<StoredLiveEvent[]>().exec();
  }

  /** Called with every new event, in seq order, from whichever instance caused it. */
  subscribe(listener: (event: StoredLiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The highest seq handed to listeners so far (what "now" is for a new connection). */
  get position(): number | undefined {
    return this.tailSeq;
  }

  /** One tail pass (after any in progress): hands every event after tailSeq to the listeners. Tests may await it. */
  tail(): Promise<void> {
    return this.sweep();
  }

  /** One tail pass; `wake()` (after a local append) asks for one now instead of at the next poll. */
  protected async sweepOnce(): Promise<void> {
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) void this.prune();
    if (this.tailSeq === undefined) {
      // Start from "now": clients that missed earlier events resume by id from the database.
      this.tailSeq = await this.latestSeq();
      return;
    }
    for (;;) {
      const batch = await this.after(this.tailSeq, TAIL_BATCH);
      for (const event of batch) {
        this.tailSeq = event.seq;
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch (error) {
            this.logger.error(`live event listener failed: ${(error as Error).message}`);
          }
        }
      }
      if (batch.length < TAIL_BATCH) return;
    }
  }

  /**
   * Deletes events older than the retention (FerretDB has no TTL indexes), always keeping the
   * newest one so the sequence never starts over.
   */
  async prune(now = Date.now()): Promise<number> {
    this.lastPrune = now;
    try {
      const newest = await this.latestSeq();
      const result = await this.events
        .deleteMany({
          createdAt: trusted({ $lt: new Date(now - this.config.retentionMs) }),
          seq: trusted({ $lt: newest }),
        })
        .exec();
      return result.deletedCount;
    } catch (error) {
      this.logger.warn(`live event pruning failed: ${(error as Error).message}`);
      return 0;
    }
  }
}

/** A stored payload checked before it is appended (an entry may predate this version's types). */
function parseInput(stored: LiveEventInput): LiveEventInput {
  const payload = stored as unknown as Record<string, unknown>;
  const type = payload.type as LiveEventInput['type'];
  if (!LIVE_EVENT_TYPES.includes(type)) throw new Error(`unknown live event type ${String(type)}`);
  return {
    type,
    customerId: (payload.customerId as string | null | undefined) ?? null,
    data: (payload.data as Record<string, unknown>) ?? {},
    staffData: (payload.staffData as Record<string, unknown> | null | undefined) ?? null,
  };
}
