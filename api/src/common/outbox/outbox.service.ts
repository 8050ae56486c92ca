import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { OutboxConfig, outboxConfig } from '../../config/configuration.js';
import { objectIdFor, updateByIdIf } from '../database/by-id.js';
import { isDuplicateKeyError } from '../database/duplicate-key.js';
import { PeriodicSweep } from '../scheduling/periodic-sweep.js';
import { classifyFailure } from './outbox.errors.js';
import { OutboxClaim } from './outbox-claim.schema.js';
import { OutboxEntry, OutboxStatus } from './outbox-entry.schema.js';
import type { OutboxMessage, OutboxPayload, OutboxTopic } from './outbox-topics.js';
import { backoffDelay } from './retry-policy.js';

/** Due entries read per query, and queries per claim before giving way to the next pass. */
const CLAIM_CANDIDATES = 50;
/** Candidates found taken by other workers before a claim reads the due entries again. */
const CLAIM_TRIES_PER_ROUND = 10;
/** How long a batch of due entries is worked through before it is read again. */
const CANDIDATES_KEEP_MS = 1000;
const CLAIM_ROUNDS = 5;
/** Within one pass, a topic found with nothing due is looked at again after this long. */
const IDLE_TOPIC_RECHECK_MS = 250;
/**
 * Claims outlive their attempt so that a worker acting on an old read of the entry still finds
 * the attempt taken; a day is far beyond any read. Pruned by the poller (FerretDB has no TTL indexes).
 */
const CLAIM_RETENTION_MS = 24 * 60 * 60 * 1000;
const CLAIM_PRUNE_EVERY_MS = 60 * 60 * 1000;

/** An entry's group: its key up to the last `:` (`order:<id>:<n>` -> `order:<id>`). */
function groupOf(key: string): string {
  const cut = key.lastIndexOf(':');
  return cut > 0 ? key.slice(0, cut) : key;
}

export type { OutboxMessage, OutboxPayload, OutboxTopic } from './outbox-topics.js';

/** What a handler learns about the entry it runs. */
export interface OutboxEntryContext {
  key: string;
  topic: OutboxTopic;
  /** This attempt's number, starting at 1. */
  attempt: number;
  /** True when a failure now is not retried any more. */
  finalAttempt: boolean;
}

/**
 * Runs one entry of topic T. The payload is what a producer enqueued (checked at compile time), read
 * back from the database: a handler still validates what it cannot afford to trust (entries written
 * by an older version, or by hand).
 */
export type OutboxHandler<T extends OutboxTopic> = (
  payload: OutboxPayload<T>,
  entry: OutboxEntryContext,
) => Promise<Record<string, unknown> | void>;

/** The handler map holds every topic's handler alike: each was checked against its topic when registered. */
type StoredHandler = (payload: unknown, entry: OutboxEntryContext) => Promise<Record<string, unknown> | void>;

/** An entry as producers and tests may read it. */
export interface OutboxEntryView<T extends OutboxTopic = OutboxTopic> {
  key: string;
  topic: T;
  payload: OutboxPayload<T>;
  status: OutboxStatus;
  attempts: number;
  availableAt: Date;
  lastError: string | null;
  result: Record<string, unknown> | null;
}

/**
 * The transactional outbox shared by features: producers enqueue work next to their own write;
 * a worker claims due entries (a lease, so a crashed worker's entry comes back; a unique claim
 * document, so two workers never run the same attempt) and
 * runs the topic's handler with retries, exponential backoff and jitter.
 * Delivery is at least once per claim; handlers make their effect idempotent by the entry key.
 * The poller is a PeriodicSweep: every OUTBOX_POLL_MS, and at once when an enqueue wakes it.
 */
@Injectable()
export class OutboxService extends PeriodicSweep {
  private readonly handlers = new Map<string, StoredHandler>();
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** The next pass was asked for by wake() (an enqueue), not by the poll timer. */
  private woken = false;
  private lastClaimPrune = 0;
  /** When markIdleTopics last asked which topics have due work. */
  private topicsCheckedAt = 0;
  private topicsCheck?: Promise<void>;
  /** The topic whose entry ran last (the next claim starts with the one after it). */
  private lastTopic?: string;
  /** Per topic: due entries read for claiming, and when (see dueEntries). */
  private readonly candidates = new Map<string, { readAt: number; list: (OutboxEntry & { _id: Types.ObjectId })[] }>();
  /** Groups of the entries this instance's lanes are running now. */
  private readonly inFlight = new Set<string>();
  /** Topics found with nothing due in this pass, and until when that answer is trusted. */
  private readonly idleUntil = new Map<string, number>();

  constructor(
    @InjectModel(OutboxEntry.name) private readonly entries: Model<OutboxEntry>,
    @InjectModel(OutboxClaim.name) private readonly claims: Model<OutboxClaim>,
    @Inject(outboxConfig.KEY) private readonly config: OutboxConfig,
  ) {
    super({ intervalMs: config.pollMs, firstPassAfterMs: 0 });
  }

  /** Adds work; an entry whose key already exists is left as it is (whatever its state). */
  async enqueue(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = new Date();
    const upserts = messages.map(({ key, topic, payload, availableAt }) => ({
      updateOne: {
        // By an `_id` derived from the key (FerretDB reads only `_id` filters without a collection
        // scan, see by-id.ts); an entry stored before under another `_id` still holds the unique
        // key, so the insert fails as a duplicate and is left as it is, as before.
        filter: { _id: objectIdFor('outbox', key) },
        update: {
          $setOnInsert: { key, topic, payload, status: 'pending', attempts: 0, availableAt: availableAt ?? now },
        },
        upsert: true,
      },
    }));
    try {
      await this.entries.bulkWrite(upserts, { ordered: false });
    } catch (error) {
      // Two producers upserting one key at once (or an entry stored under another `_id`): the unique
      // index lets one in; that is the point.
      const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((e) => !isDuplicateKeyError(e))) throw error;
      // FerretDB v1 stops a batch at its first error even when unordered: the entries after the
      // duplicate were never written. Each goes again on its own (upserts: the written ones stay).
      if (upserts.length > 1) {
        for (const { updateOne } of upserts) {
          try {
            await this.entries.updateOne(updateOne.filter, updateOne.update, { upsert: true }).exec();
          } catch (single) {
            if (!isDuplicateKeyError(single)) throw single;
          }
        }
      }
    }
    // Only the topics that got work are looked at afresh: every text publishes a live event, and
    // clearing every topic's due list here cost one due query (a collection scan on FerretDB) per
    // topic per text. The timer's passes still read every topic afresh.
    for (const topic of new Set(messages.map((m) => m.topic))) {
      this.idleUntil.delete(topic);
      this.candidates.delete(topic);
    }
    // A pass now rather than at the next poll, so a toast or a text does not wait for the timer
    // (nothing when the worker is off: the sweep was never started).
    this.wake();
  }

  /** Starts a pass now rather than at the next poll, so a toast or a text does not wait for the timer. */
  override wake(): void {
    // Also while a pass runs: the pass queued behind it follows an enqueue too.
    this.woken = true;
    super.wake();
  }

  /** Who runs the entries of a topic. One handler per topic. */
  registerHandler<T extends OutboxTopic>(topic: T, handler: OutboxHandler<T>): void {
    if (this.handlers.has(topic)) throw new Error(`An outbox handler for "${topic}" is already registered`);
    this.handlers.set(topic, handler as StoredHandler);
  }

  /** Entries of a topic whose payload matches, oldest first (e.g. what is still queued for an order). */
  async find<T extends OutboxTopic>(
    topic: T,
    payloadMatch: Record<string, string> = {},
  ): Promise<OutboxEntryView<T>[]> {
    const filter: Record<string, unknown> = { topic };
    for (const [field, value] of Object.entries(payloadMatch)) filter[`payload.${field}`] = value;
    return this.entries.find(filter).sort({ createdAt: 1 }).lean<OutboxEntryView<T>[]>().exec();
  }

  /** Shutdown stops polling and waits for the entry in hand (PeriodicSweep), so it never cuts a send in half. */
  override onApplicationBootstrap(): void {
    if (!this.config.workerEnabled) {
      this.logger.log('outbox worker disabled (OUTBOX_WORKER_ENABLED=false)');
      return;
    }
    super.onApplicationBootstrap();
  }

  /**
   * Runs every entry that is due now, one after another; resolves with how many ran.
   * The poller uses it; tests call it to make progress without waiting.
   */
  async drain(limit = 100, { fresh = true } = {}): Promise<number> {
    if (fresh) {
      this.topicsCheckedAt = 0;
      this.idleUntil.clear(); // a new pass looks at every topic
      this.candidates.clear(); // and reads what is due afresh (a retry may have come due, another instance may have added work)
    }
    let ran = 0;
    // A shutdown waits for the entry in hand, not for the rest of the pass (up to `limit` sends
    // paced by Vonage's rate): the next instance, or this one restarted, takes them.
    while (ran < limit && !this.shuttingDown) {
      const entry = await this.claim();
      if (!entry) break;
      try {
        await this.run(entry);
      } finally {
        this.inFlight.delete(groupOf(entry.key));
      }
      ran++;
    }
    return ran;
  }

  /** One poll: every lane drains what is due. */
  protected async sweepOnce(): Promise<number> {
    // A pass started by wake() follows an enqueue here, which already invalidated its topics.
    const fresh = !this.woken;
    this.woken = false;
    if (Date.now() - this.lastClaimPrune > CLAIM_PRUNE_EVERY_MS) void this.pruneClaims();
    // Several lanes claim and run side by side: a handler waiting on the network (or on a send-rate
    // tick) no longer holds up every other entry of this instance.
    const lanes = Array.from({ length: this.config.concurrency }, () =>
      this.drain(100, { fresh }).catch((error: Error) => {
        this.logger.warn(`outbox poll failed: ${error.message}`);
        return 0;
      }),
    );
    return (await Promise.all(lanes)).reduce((a, b) => a + b, 0);
  }

  /**
   * Takes the oldest due entry we can handle: pending, or sending with an expired lease.
   * The claim document decides who owns the next attempt, and only the owner writes the entry:
   * FerretDB v1 applies a conditional update as read-then-write, so racing workers that all
   * "updated" the entry would clobber each other's writes (even a finished entry's `done`).
   */
  private async claim() {
    if (this.handlers.size === 0) return null;
    // Topics take turns, starting after the one that ran last: a backlog of one topic (thousands of
    // texts held to Vonage's rate) never starves another (conversation events), whatever its age.
    const topics = [...this.handlers.keys()];
    await this.markIdleTopics(topics);
    const start = (topics.indexOf(this.lastTopic ?? '') + 1) % topics.length;
    for (let i = 0; i < topics.length; i++) {
      const topic = topics[(start + i) % topics.length];
      if ((this.idleUntil.get(topic) ?? 0) > Date.now()) continue;
      const entry = await this.claimOf(topic);
      if (entry) {
        this.lastTopic = topic;
        return entry;
      }
    }
    return null;
  }

  /**
   * Which topics have nothing due, with one query for all of them: each topic's own due query is a
   * collection scan on FerretDB, and rechecking every idle topic that way every moment of a pass
   * kept the database busy with scans that found nothing (issue #15's profile: 4–5 due queries
   * per text sent). Topics with due work are then read one by one, in turn, as before.
   */
  private markIdleTopics(topics: string[]): Promise<void> {
    const now = Date.now();
    if (topics.every((topic) => (this.idleUntil.get(topic) ?? 0) > now || this.candidates.get(topic)?.list.length))
      return Promise.resolve();
    if (this.topicsCheckedAt > now - IDLE_TOPIC_RECHECK_MS && this.idleUntil.size > 0) return Promise.resolve();
    // Lanes running side by side share one query.
    this.topicsCheck ??= this.checkTopics(topics).finally(() => (this.topicsCheck = undefined));
    return this.topicsCheck;
  }

  private async checkTopics(topics: string[]): Promise<void> {
    const due = new Set(
      await this.entries
        .distinct('topic', {
          status: trusted({ $in: ['pending', 'sending'] }),
          availableAt: trusted({ $lte: new Date() }),
        })
        .exec(),
    );
    this.topicsCheckedAt = Date.now();
    for (const topic of topics)
      if (!due.has(topic)) this.idleUntil.set(topic, this.topicsCheckedAt + IDLE_TOPIC_RECHECK_MS);
  }

  /**
   * Takes one of the oldest due entries of `topic`: pending, or sending with an expired lease.
   * Due entries are read in batches and kept for a moment: on FerretDB every such query reads and
   * sorts the whole collection (no index use), which made the claim query, not Vonage's rate, the
   * limit of a large backlog. A kept entry may have been taken meanwhile; the unique claim insert
   * (and the takeover rule: a claim younger than a lease stands) makes that a skip, never a second run.
   */
  private async claimOf(topic: string) {
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const due = await this.dueEntries(topic);
      if (due.length === 0) return null;
      let taken = 0;
      while (due.length > 0) {
        const candidate = due.shift()!;
        const attempt = candidate.attempts + 1;
        // One entry of a group (an order's texts: `order:<id>:<n>`) at a time in this instance, so
        // lanes running side by side keep an order's texts in their order.
        const group = groupOf(candidate.key);
        if (this.inFlight.has(group)) continue;
        this.inFlight.add(group);
        let owned = false;
        try {
          owned = await this.own(candidate, attempt);
        } finally {
          if (!owned) this.inFlight.delete(group);
        }
        if (!owned) {
          // Another worker has this attempt: the batch is going stale under us. The next claim reads
          // afresh; this one tries on, as many candidates as one read used to give, then reads again.
          this.candidates.delete(topic);
          if (++taken >= CLAIM_TRIES_PER_ROUND) break;
          continue;
        }
        const leaseEnd = new Date(Date.now() + this.config.leaseMs);
        await updateByIdIf(
          this.entries,
          candidate._id,
          { attempts: candidate.attempts },
          { $set: { status: 'sending', availableAt: leaseEnd }, $inc: { attempts: 1 } },
        );
        return { ...candidate, status: 'sending' as const, availableAt: leaseEnd, attempts: attempt };
      }
      // Every candidate was taken by others; their updates will make them not due any more.
    }
    return null;
  }

  /** The batch of due entries of a topic this instance works through (read again when used up or old). */
  private async dueEntries(topic: string) {
    const kept = this.candidates.get(topic);
    // Far below a lease, so a kept entry's claim can never look orphaned (see own()).
    const keepMs = Math.min(CANDIDATES_KEEP_MS, this.config.leaseMs / 4);
    if (kept && kept.list.length > 0 && Date.now() - kept.readAt < keepMs) return kept.list;
    const readAt = Date.now();
    const list = await this.entries
      .find({
        topic,
        status: trusted({ $in: ['pending', 'sending'] }),
        availableAt: trusted({ $lte: new Date() }),
      })
      .sort({ availableAt: 1 })
      .limit(CLAIM_CANDIDATES)
      .lean()
      .exec();
    // Oldest first, always: a customer's texts must leave in the order they were written (an opt-out
    // confirmation before the HELP answer after it, an order's 'placed' before a reply about it).
    // Instances reading the same oldest entries race for them through the claim insert; the loser moves on.
    this.candidates.set(topic, { readAt, list });
    // Nothing due there: not asked again for a moment in this pass (one query less per entry run).
    // Only an empty read says so: entries skipped or taken by others are still work for this pass.
    if (list.length === 0) this.idleUntil.set(topic, Date.now() + IDLE_TOPIC_RECHECK_MS);
    return list;
  }

  /**
   * True when this worker owns that attempt of the entry: it inserted the attempt's claim first,
   * or took over a claim whose worker died between claiming and moving the entry on (the entry
   * still shows the previous attempt, and the claim is older than a lease). Without the takeover
   * such an entry stalled until the claim was pruned, a day later.
   */
  private async own(entry: OutboxEntry & { _id: Types.ObjectId }, attempt: number): Promise<boolean> {
    const id = `${entry._id.toHexString()}:${attempt}`;
    if (await this.insertClaim(id, entry._id, attempt, 0)) return true;
    // The usual loss (another instance took it just now) is answered by `_id`: a takeover claim
    // only exists once the first is older than a lease, so a young first claim is the latest. The
    // query by entry (a collection scan on FerretDB) is left for claims old enough to be orphaned.
    const first = await this.claims.findById(id).lean().exec();
    if (first && first.createdAt.getTime() > Date.now() - this.config.leaseMs) return false;
    const latest =
      (await this.claims.findOne({ entry: entry._id, attempt }).sort({ generation: -1 }).lean().exec()) ?? first;
    if (!latest || latest.createdAt.getTime() > Date.now() - this.config.leaseMs) return false; // its owner may still be at work
    const generation = (latest.generation ?? 0) + 1;
    const won = await this.insertClaim(`${id}:${generation}`, entry._id, attempt, generation);
    if (won)
      this.logger.warn(
        { key: entry.key, attempt, orphanedBy: latest.worker },
        'outbox claim orphaned for a lease; taken over',
      );
    return won;
  }

  /** Inserts a claim; false when it exists already (another worker was first). */
  private async insertClaim(_id: string, entry: Types.ObjectId, attempt: number, generation: number): Promise<boolean> {
    try {
      await this.claims.create({ _id, entry, attempt, generation, worker: this.workerId });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private async run(entry: OutboxEntry & { _id: Types.ObjectId }): Promise<void> {
    const handler = this.handlers.get(entry.topic)!;
    const finalAttempt = entry.attempts >= this.config.maxAttempts;
    // Written only while the entry is still at our attempt: a worker whose lease ran out cannot
    // overwrite a newer claim's outcome.
    const ours = { attempts: entry.attempts, status: 'sending' as const };
    try {
      const result = await handler(entry.payload, {
        key: entry.key,
        topic: entry.topic as OutboxTopic,
        attempt: entry.attempts,
        finalAttempt,
      });
      await updateByIdIf(this.entries, entry._id, ours, {
        $set: { status: 'done', result: result ?? null, lastError: null, completedAt: new Date() },
      });
    } catch (error) {
      const verdict = classifyFailure(error);
      if (verdict.retryable && !finalAttempt) {
        const delay = backoffDelay(entry.attempts, this.config.backoff, verdict.retryAfterMs);
        this.logger.warn(
          { key: entry.key, attempt: entry.attempts, retryInMs: delay, reason: verdict.reason },
          'outbox entry failed, will retry',
        );
        await updateByIdIf(this.entries, entry._id, ours, {
          $set: { status: 'pending', availableAt: new Date(Date.now() + delay), lastError: verdict.reason },
        });
      } else {
        this.logger.error(
          { key: entry.key, attempt: entry.attempts, reason: verdict.reason },
          'outbox entry failed for good',
        );
        await updateByIdIf(this.entries, entry._id, ours, {
          $set: { status: 'failed', lastError: verdict.reason, completedAt: new Date() },
        });
      }
    }
  }

  private async pruneClaims(): Promise<void> {
    this.lastClaimPrune = Date.now();
    try {
      await this.claims.deleteMany({ createdAt: trusted({ $lt: new Date(Date.now() - CLAIM_RETENTION_MS) }) }).exec();
    } catch (error) {
      this.logger.warn(`outbox claim cleanup failed: ${(error as Error).message}`);
    }
  }
}
