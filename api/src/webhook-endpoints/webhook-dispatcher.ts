import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { createHash } from 'node:crypto';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { PeriodicSweep } from '../common/scheduling/periodic-sweep.js';
import { WebhooksConfig, webhooksConfig } from '../config/configuration.js';
import { LiveEventsService, StoredLiveEvent } from '../live-events/live-events.service.js';
import { WebhookDelivery, WebhookDispatchState } from './schemas/webhook-delivery.schema.js';
import { WebhookEndpoint } from './schemas/webhook-endpoint.schema.js';
import { WebhookSender } from './webhook-sender.js';

const STATE_ID = 'live_events';
const BATCH = 200;
/** The delivery log keeps 30 days (far past the ~28 h of retries); pruned by the app (FerretDB has no TTL indexes). */
const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** The body every receiver gets: the live stream's event (staff view) in the Standard Webhooks envelope. */
export function webhookBody(event: StoredLiveEvent): string {
  const data = { ...event.data, ...(event.staffData ?? {}) };
  return JSON.stringify({ type: event.type, timestamp: new Date(event.createdAt).toISOString(), seq: event.seq, data });
}

/** The `webhook-id` of an event for an endpoint: derived, so every instance names the same delivery alike. */
export function messageIdFor(endpointId: string, eventKey: string): string {
  return `msg_${createHash('sha256').update(`${endpointId}\n${eventKey}`).digest('base64url').slice(0, 27)}`;
}

/**
 * Turns the live event log into deliveries: reads `live_events` after a stored checkpoint, writes
 * one delivery per matching endpoint (the unique (endpoint, event) index lets one instance in when
 * two dispatch the same event) and queues its first attempt, then moves the checkpoint. A crash
 * between those steps repeats them, and each is idempotent, so nothing is lost or sent twice.
 */
@Injectable()
export class WebhookDispatcher extends PeriodicSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe?: () => void;
  private lastPrune = 0;

  constructor(
    @InjectModel(WebhookEndpoint.name) private readonly endpoints: Model<WebhookEndpoint>,
    @InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>,
    @InjectModel(WebhookDispatchState.name) private readonly state: Model<WebhookDispatchState>,
    private readonly events: LiveEventsService,
    private readonly sender: WebhookSender,
    @Inject(webhooksConfig.KEY) config: WebhooksConfig,
  ) {
    super({ intervalMs: config.dispatchPollMs, firstPassAfterMs: 0 });
  }

  override onApplicationBootstrap(): void {
    // A new event seen by this instance's tail wakes the dispatcher; the timer covers the rest.
    this.unsubscribe = this.events.subscribe(() => this.wake());
    super.onApplicationBootstrap();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private async checkpoint(): Promise<number> {
    const existing = await this.state.findById(STATE_ID).lean().exec();
    if (existing) return existing.seq;
    // First start: from now on (endpoints only get events from after their registration anyway).
    const seq = await this.events.latestSeq();
    try {
      await this.state.create({ _id: STATE_ID, seq });
      return seq;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.state.findById(STATE_ID).lean().exec())!.seq;
    }
  }

  /** One pass over what is new. */
  protected async sweepOnce(): Promise<void> {
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) void this.prune();
    let seq = await this.checkpoint();
    for (;;) {
      const batch = await this.events.after(seq, BATCH);
      if (batch.length === 0) return;
      const endpoints = await this.endpoints.find({ disabled: false }, { events: 1, createdAt: 1 }).lean().exec();
      for (const event of batch) {
        for (const endpoint of endpoints) {
          if (!endpoint.events.includes(event.type) || new Date(event.createdAt) < endpoint.createdAt) continue;
          await this.deliver(String(endpoint._id), event);
        }
        seq = event.seq;
      }
      // Forward only (read-then-write on FerretDB: a racing instance at most repeats idempotent work).
      await this.state.updateOne({ _id: STATE_ID, seq: trusted({ $lt: seq }) }, { $set: { seq } }).exec();
      if (batch.length < BATCH) return;
    }
  }

  private async prune(): Promise<void> {
    this.lastPrune = Date.now();
    try {
      await this.deliveries
        .deleteMany({
          createdAt: trusted({ $lt: new Date(Date.now() - DELIVERY_RETENTION_MS) }),
          status: trusted({ $ne: 'pending' }),
        })
        .exec();
    } catch (error) {
      this.logger.warn(`webhook delivery pruning failed: ${(error as Error).message}`);
    }
  }

  private async deliver(endpointId: string, event: StoredLiveEvent): Promise<void> {
    const messageId = messageIdFor(endpointId, event.key);
    try {
      await this.deliveries.create({
        endpointId,
        messageId,
        eventKey: event.key,
        eventSeq: event.seq,
        eventType: event.type,
        body: webhookBody(event),
      });
    } catch (error) {
      // Another instance (or an earlier pass of ours that crashed) wrote it: queueing again is a no-op.
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.sender.firstAttempt(messageId);
  }
}
