import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { SecretBox } from '../common/crypto/secret-box.js';
import type { OutboxTopic } from '../common/outbox/outbox-topics.js';
import { AuthConfig, authConfig, WebhooksConfig, webhooksConfig } from '../config/configuration.js';
import { DeliveryAttempt, WebhookDelivery } from './schemas/webhook-delivery.schema.js';
import { WebhookEndpoint } from './schemas/webhook-endpoint.schema.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { signWebhook } from './webhook-signature.js';
import { TargetRefusedError, WebhookTargetResolver } from './webhook-target.js';

declare module '../common/outbox/outbox-topics.js' {
  interface OutboxTopics {
    /** One attempt of a webhook delivery (run by WebhookOutbox, the webhooks' own worker). */
    'webhook.delivery': AttemptPayload;
  }
}

export const WEBHOOK_DELIVERY_TOPIC = 'webhook.delivery' satisfies OutboxTopic;
const EXCERPT_BYTES = 1024;
const ATTEMPT_LOG_SIZE = 20;

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

/** The outbox payload of one attempt. */
export interface AttemptPayload {
  messageId: string;
  attempt: number;
  /** A replay is one attempt (an admin asked for it); it does not start a new retry schedule. */
  replay?: boolean;
}

/** The outbox key of an attempt: one entry per attempt, so the schedule (≥ 24 h) is ours, not the outbox's. */
export const attemptKey = (messageId: string, attempt: number, replay?: string) =>
  replay ? `webhook:${messageId}:replay:${replay}` : `webhook:${messageId}:${attempt}`;

/**
 * Sends deliveries: each attempt is an outbox entry (claimed by one worker across instances),
 * signed afresh (Standard Webhooks timestamps are per attempt), sent to the address checked at
 * send time, recorded on the delivery, and followed by the next attempt's entry, due after the
 * retry schedule's wait. An endpoint failing `disableAfterFailures` attempts in a row is disabled.
 */
@Injectable()
export class WebhookSender implements OnModuleInit {
  private readonly logger = new Logger(WebhookSender.name);
  readonly secrets: SecretBox;

  constructor(
    @InjectModel(WebhookEndpoint.name) private readonly endpoints: Model<WebhookEndpoint>,
    @InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>,
    private readonly outbox: WebhookOutbox,
    private readonly targets: WebhookTargetResolver,
    @Inject(webhooksConfig.KEY) private readonly config: WebhooksConfig,
    @Inject(authConfig.KEY) auth: AuthConfig,
  ) {
    this.secrets = new SecretBox(auth.jwtSecret, 'webhook-endpoint-secret');
  }

  onModuleInit(): void {
    this.outbox.registerHandler(WEBHOOK_DELIVERY_TOPIC, (payload) => this.runAttempt(payload));
  }

  async runAttempt({ messageId, attempt, replay }: AttemptPayload): Promise<Record<string, unknown>> {
    const delivery = await this.deliveries.findOne({ messageId }).exec();
    if (!delivery) return { skipped: 'no such delivery' };
    if (delivery.attempts >= attempt) {
      // This attempt ran already (the outbox re-ran an entry whose worker died after recording it):
      // make sure its follow-up exists, and send nothing twice.
      if (!replay && delivery.status === 'pending' && delivery.nextAttemptAt)
        await this.scheduleNext(messageId, attempt + 1, delivery.nextAttemptAt);
      return { skipped: 'attempt already made' };
    }
    const endpoint = await this.endpoints.findById(delivery.endpointId).exec();
    if (!endpoint || endpoint.disabled) {
      delivery.set({
        status: 'failed',
        nextAttemptAt: null,
        lastError: endpoint ? 'endpoint disabled' : 'endpoint deleted',
      });
      await delivery.save();
      return { skipped: 'endpoint disabled or deleted' };
    }
    const outcome = await this.send(endpoint, messageId, delivery.body);
    const record: DeliveryAttempt = { at: new Date(), ...outcome };
    const log = [...(delivery.attemptLog ?? []), record].slice(-ATTEMPT_LOG_SIZE);
    const waits = this.config.retryScheduleMs;
    const next = !outcome.ok && !replay && attempt <= waits.length ? new Date(Date.now() + waits[attempt - 1]) : null;
    delivery.set({
      attempts: attempt,
      status: outcome.ok ? 'succeeded' : next ? 'pending' : 'failed',
      lastStatusCode: outcome.statusCode,
      lastLatencyMs: outcome.latencyMs,
      lastError: outcome.error,
      responseExcerpt: outcome.responseExcerpt,
      nextAttemptAt: next,
      attemptLog: log,
    });
    await delivery.save();
    if (next) await this.scheduleNext(messageId, attempt + 1, next);
    await this.track(endpoint._id, outcome.ok);
    return { ok: outcome.ok, statusCode: outcome.statusCode };
  }

  private scheduleNext(messageId: string, attempt: number, at: Date): Promise<void> {
    return this.outbox.enqueue([
      {
        key: attemptKey(messageId, attempt),
        topic: WEBHOOK_DELIVERY_TOPIC,
        payload: { messageId, attempt },
        availableAt: at,
      },
    ]);
  }

  /** Queues one more attempt now (the replay route). */
  replay(messageId: string, attempt: number, replayId: string): Promise<void> {
    return this.outbox.enqueue([
      {
        key: attemptKey(messageId, attempt, replayId),
        topic: WEBHOOK_DELIVERY_TOPIC,
        payload: { messageId, attempt, replay: true },
      },
    ]);
  }

  /** The first attempt of a new delivery (idempotent by key: dispatching twice queues once). */
  firstAttempt(messageId: string): Promise<void> {
    return this.outbox.enqueue([
      { key: attemptKey(messageId, 1), topic: WEBHOOK_DELIVERY_TOPIC, payload: { messageId, attempt: 1 } },
    ]);
  }

  private async track(endpointId: unknown, ok: boolean): Promise<void> {
    if (ok) {
      await this.endpoints
        .updateOne({ _id: endpointId, failureStreak: { $ne: 0 } }, { $set: { failureStreak: 0 } })
        .exec();
      return;
    }
    const endpoint = await this.endpoints
      .findByIdAndUpdate(endpointId, { $inc: { failureStreak: 1 } }, { returnDocument: 'after' })
      .exec();
    if (!endpoint || endpoint.disabled || endpoint.failureStreak < this.config.disableAfterFailures) return;
    const reason = `Disabled automatically after ${endpoint.failureStreak} failed delivery attempts in a row; fix the receiver, then enable it again and replay what it missed.`;
    await this.endpoints
      .updateOne(
        { _id: endpointId, disabled: false },
        { $set: { disabled: true, disabledReason: reason, disabledAt: new Date() } },
      )
      .exec();
    // The notice: the endpoint carries it (the admin page shows it) and the log says it once.
    this.logger.warn(
      { endpointId: String(endpointId), url: endpoint.url, failures: endpoint.failureStreak },
      'webhook endpoint disabled after repeated failures',
    );
  }

  /** One signed POST; never throws for the receiver's sake (only a database failure would). */
  async send(endpoint: WebhookEndpoint, messageId: string, body: string): Promise<AttemptOutcome> {
    const secrets = [this.secrets.open(endpoint.sealedSecret)];
    if (
      endpoint.sealedPreviousSecret &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > new Date()
    ) {
      secrets.push(this.secrets.open(endpoint.sealedPreviousSecret));
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const url = new URL(endpoint.url);
    let started = 0;
    try {
      const target = await this.targets.resolve(url);
      const agent = await this.targets.pinnedAgent(target, this.config.timeoutMs);
      try {
        // undici (~100 modules) is loaded with the first delivery, not at start-up (bench/footprint.mjs).
        const { request } = await import('undici');
        started = performance.now();
        const response = await request(url, {
          method: 'POST',
          dispatcher: agent,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'TableTalk-Webhooks/1.0',
            'webhook-id': messageId,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(secrets, messageId, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
        const responseExcerpt = await excerpt(response.body);
        const latencyMs = Math.round(performance.now() - started);
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        return {
          ok,
          statusCode: response.statusCode,
          latencyMs,
          responseExcerpt,
          error: ok ? null : `HTTP ${response.statusCode}`,
        };
      } finally {
        void agent.destroy().catch(() => undefined);
      }
    } catch (error) {
      const message =
        error instanceof TargetRefusedError ? error.message : `request failed: ${(error as Error).message}`;
      return {
        ok: false,
        statusCode: null,
        latencyMs: started ? Math.round(performance.now() - started) : null,
        responseExcerpt: null,
        error: message,
      };
    }
  }
}

/** The first KB of the answer (for the delivery log); the rest is discarded unread. */
async function excerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= EXCERPT_BYTES) break;
  }
  body.destroy();
  const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
  return text.length ? text : null;
}
