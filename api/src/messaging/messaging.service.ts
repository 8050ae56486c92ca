import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { RateGatePausedError, RateGateService } from '../common/rate-gate/rate-gate.service.js';
import { PermanentError, RetryableError, classifyFailure } from '../common/outbox/outbox.errors.js';
import { OutboxEntryContext, OutboxService } from '../common/outbox/outbox.service.js';
import { messagingConfig, MessagingConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { LiveEventsService } from '../live-events/live-events.service.js';
import { VonageApiError } from '../vonage/vonage-api.error.js';
import { NotificationDto } from './dto/notification.dto.js';
import { MessageSender } from './message-sender.js';
import { MESSAGING_SEND_TOPIC } from './messaging.events.js';
import { NotificationState, statesBefore } from './notification-state.js';
import { Notification, NotificationDocument } from './schemas/notification.schema.js';
import { MAX_CLIENT_REF, parseSendRequest, SendRequest } from './send-request.js';

/** The gate all Messages API sends pass (MESSAGES_MAX_PER_SECOND across instances). */
export const MESSAGES_RATE_GATE = 'vonage-messages';

/** A delivery receipt, already read from Vonage's status webhook. */
export interface DeliveryReceipt {
  messageUuid: string;
  state: NotificationState;
  clientRef?: string;
  at: Date;
  error?: string;
}

/**
 * Customer notifications: sends the `messaging.send` outbox entries through the MessageSender
 * port (the worker is the only sender), records each as a notification keyed by the outbox key
 * (Vonage's client_ref) and follows it with delivery receipts.
 */
@Injectable()
export class MessagingService implements OnModuleInit {
  private readonly logger = new Logger(MessagingService.name);
  private readonly advancing = new KeyedLock();

  constructor(
    @InjectModel(Notification.name) private readonly notifications: Model<Notification>,
    private readonly outbox: OutboxService,
    private readonly sender: MessageSender,
    private readonly users: UsersService,
    private readonly live: LiveEventsService,
    @Inject(messagingConfig.KEY) private readonly config: MessagingConfig,
    private readonly rateGate: RateGateService,
  ) {}

  onModuleInit(): void {
    this.outbox.registerHandler(MESSAGING_SEND_TOPIC, (payload, entry) => this.deliver(payload, entry));
  }

  /** Notifications of an order, oldest first; entries the worker has not reached yet show as queued. */
  async notificationsForOrder(orderId: string): Promise<NotificationDto[]> {
    const [recorded, entries] = await Promise.all([
      this.notifications.find({ orderId }).sort({ createdAt: 1 }).exec(),
      this.outbox.find(MESSAGING_SEND_TOPIC, { orderId }),
    ]);
    const known = new Set(recorded.map((n) => n.clientRef));
    const waiting: NotificationDto[] = entries
      .filter((entry) => !known.has(entry.key) && entry.status !== 'done')
      .map((entry) => {
        const request = entry.payload as unknown as SendRequest;
        const at = (entry as unknown as { createdAt: Date }).createdAt.toISOString();
        return {
          id: entry.key,
          event: request.event,
          channel: request.channel,
          to: request.to,
          text: request.text,
          state: entry.status === 'failed' ? 'failed' : 'queued',
          error: entry.lastError ?? undefined,
          attempts: 0,
          history: [{ state: 'queued', at }],
          createdAt: at,
          updatedAt: at,
        };
      });
    return [...recorded.map(toDto), ...waiting].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * The `messaging.send` handler. Safe to run again for the same entry: an existing record with
   * a message_uuid means Vonage already has it; a send whose outcome is unknown waits for the
   * receipt (matched by client_ref) before it is ever sent a second time.
   */
  async deliver(payload: Record<string, unknown>, entry: OutboxEntryContext): Promise<Record<string, unknown>> {
    const request = parseSendRequest(payload);
    if (entry.key.length > MAX_CLIENT_REF) throw new PermanentError(`Outbox key "${entry.key}" is longer than Vonage's client_ref (${MAX_CLIENT_REF})`);
    const notification = await this.record(entry.key, request);

    if (notification.messageUuid) return { messageUuid: notification.messageUuid, alreadySent: true };
    if (notification.state === 'rejected' || notification.state === 'failed') return { skipped: notification.state };
    if (request.event !== 'reply' && (await this.optedOut(request.customerId))) {
      await this.advance(notification._id, 'failed', new Date(), 'The customer opted out of notifications (STOP)');
      return { skipped: 'opted-out' };
    }
    if (notification.unconfirmedSendAt) {
      const waitUntil = notification.unconfirmedSendAt.getTime() + this.config.receiptGraceMs;
      if (Date.now() < waitUntil) {
        throw new RetryableError('An earlier send has an unknown outcome; waiting for its receipt', { retryAfterMs: waitUntil - Date.now() });
      }
      this.logger.warn({ clientRef: entry.key }, 'no receipt for an earlier send with unknown outcome: sending again');
    }

    await this.notifications.updateOne({ _id: notification._id }, { $set: { unconfirmedSendAt: new Date() }, $inc: { attempts: 1 } }).exec();
    let messageUuid: string;
    try {
      // Vonage's Messages throughput is per account: every instance's sends share one gate. Taken
      // right before the call, so the time Vonage sees a send is the gate's, give or take the network.
      await this.rateGate.acquire(MESSAGES_RATE_GATE, this.config.maxPerSecond);
      ({ messageUuid } = await this.sender.send({ channel: request.channel, to: request.to, text: request.text, clientRef: entry.key }));
    } catch (error) {
      if (error instanceof VonageApiError && error.failure.status === 429) {
        // Too fast for the account: every instance holds off, not just this entry.
        await this.rateGate.pause(MESSAGES_RATE_GATE, (error.failure.retryAfter ?? 1) * 1000);
      }
      await this.recordFailedSend(notification._id, error, entry);
      throw error;
    }
    await this.notifications
      .updateOne({ _id: notification._id }, { $set: { messageUuid, unconfirmedSendAt: null, error: null } })
      .exec();
    await this.advance(notification._id, 'submitted', new Date());
    return { messageUuid };
  }

  /** Applies a delivery receipt: idempotent, in any order of arrival, never backwards. */
  async applyReceipt(receipt: DeliveryReceipt): Promise<void> {
    let notification = await this.notifications.findOne({ messageUuid: receipt.messageUuid }).exec();
    if (!notification && receipt.clientRef) {
      // The receipt came before we recorded Vonage's answer (or we never got it): adopt its uuid.
      notification = await this.notifications
        .findOneAndUpdate(
          { clientRef: receipt.clientRef, messageUuid: null },
          { $set: { messageUuid: receipt.messageUuid, unconfirmedSendAt: null } },
          { returnDocument: 'after' },
        )
        .exec();
    }
    if (!notification) {
      this.logger.warn({ messageUuid: receipt.messageUuid, clientRef: receipt.clientRef }, 'receipt for an unknown message: ignored');
      return;
    }
    await this.advance(notification._id, receipt.state, receipt.at, receipt.error);
  }

  private async record(clientRef: string, request: SendRequest): Promise<NotificationDocument> {
    const now = new Date();
    return this.notifications
      .findOneAndUpdate(
        { clientRef },
        {
          $setOnInsert: {
            clientRef,
            orderId: request.orderId,
            customerId: request.customerId,
            event: request.event,
            channel: request.channel,
            to: request.to,
            text: request.text,
            state: 'queued',
            history: [{ state: 'queued', at: now }],
          },
        },
        { upsert: true, returnDocument: 'after' },
      )
      .exec() as Promise<NotificationDocument>;
  }

  /**
   * Vonage answering with an error means it did not take the message: sending again is safe.
   * No answer (timeout, network) leaves the outcome unknown: the mark stays, and the next
   * attempt waits for a receipt first.
   */
  private async recordFailedSend(id: Types.ObjectId, error: unknown, entry: OutboxEntryContext): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    // A paused gate sent nothing: as safe to send again as an answered failure.
    const answered = (error instanceof VonageApiError && error.failure.status !== undefined) || error instanceof RateGatePausedError;
    await this.notifications.updateOne({ _id: id }, { $set: { error: message, ...(answered ? { unconfirmedSendAt: null } : {}) } }).exec();
    if (answered && (!classifyFailure(error).retryable || entry.finalAttempt)) await this.advance(id, 'failed', new Date(), message);
  }

  /**
   * Moves to `state` only from a state before it (a conditional update: concurrent receipts cannot
   * regress it). Serialised per notification here too, because FerretDB applies the condition as
   * read-then-write: two copies of one receipt arriving together would both add a history entry.
   */
  private advance(id: Types.ObjectId, state: NotificationState, at: Date, error?: string): Promise<boolean> {
    return this.advancing.run(id.toHexString(), () => this.advanceOnce(id, state, at, error));
  }

  private async advanceOnce(id: Types.ObjectId, state: NotificationState, at: Date, error?: string): Promise<boolean> {
    const result = await this.notifications
      .updateOne(
        { _id: id, state: trusted({ $in: [...statesBefore(state)] }) },
        { $set: { state, ...(error ? { error } : {}) }, $push: { history: { state, at } } },
      )
      .exec();
    if (result.modifiedCount === 0) return false;
    await this.publishState(id, state, at);
    return true;
  }

  /** Tells the live stream (order detail screens) that a text's delivery state moved. */
  private async publishState(id: Types.ObjectId, state: NotificationState, at: Date): Promise<void> {
    try {
      const notification = await this.notifications.findById(id).lean().exec();
      if (!notification) return;
      await this.live.publish([
        {
          key: `notification:${notification.clientRef}:${state}`,
          input: {
            type: 'notification.updated',
            customerId: notification.customerId || null,
            data: {
              notificationId: notification.clientRef,
              orderId: notification.orderId,
              customerId: notification.customerId,
              event: notification.event,
              channel: notification.channel,
              state,
              error: notification.error ?? null,
              at: at.toISOString(),
            },
          },
        },
      ]);
    } catch (error) {
      this.logger.warn(`notification ${id.toHexString()}: live event not queued: ${(error as Error).message}`);
    }
  }

  private async optedOut(customerId: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(customerId)) return false;
    const user = await this.users.findById(customerId);
    return user?.notificationChannel === 'none';
  }
}

function toDto(n: NotificationDocument): NotificationDto {
  return {
    id: n.clientRef,
    event: n.event,
    channel: n.channel,
    to: n.to,
    text: n.text,
    state: n.state,
    messageUuid: n.messageUuid ?? undefined,
    error: n.error ?? undefined,
    attempts: n.attempts,
    history: n.history.map((h) => ({ state: h.state, at: h.at.toISOString() })),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}
