import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { createHash } from 'node:crypto';
import { Clock } from '../common/clock/clock.js';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { objectIdFor, updateByIdIf } from '../common/database/by-id.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { classifyFailure, PermanentError, RetryableError } from '../common/outbox/outbox.errors.js';
import { OutboxEntryContext, OutboxService } from '../common/outbox/outbox.service.js';
import { RateGatePausedError, RateGateService } from '../common/rate-gate/rate-gate.service.js';
import { UpstreamError } from '../common/upstream/upstream.error.js';
import { decodeSortKey, encodeSortKey } from '../common/validation/cursor-page.js';
import { MessagingConfig, messagingConfig } from '../config/configuration.js';
import { LiveEventsService } from '../live-events/live-events.service.js';
import { ConsentService } from './consent/consent.service.js';
import { NotificationDto, NotificationPageDto } from './dto/notification.dto.js';
import type { OutgoingMessage } from './message-sender.js';
import { MessageSender } from './message-sender.js';
import { MESSAGING_SEND_TOPIC } from './messaging.events.js';
import { currentState, FINAL_STATES, NotificationState, statesBefore } from './notification-state.js';
import { Notification, NotificationDocument } from './schemas/notification.schema.js';
import { KEYWORD_EVENTS, MAX_CLIENT_REF, parseSendRequest, SendRequest } from './send-request.js';
import { WhatsAppWindowService } from './whatsapp-window.service.js';

/** Application event on every change of a notification's state (the live board listens). */
export const NOTIFICATION_UPDATED = 'notification.updated';
export interface NotificationUpdatedEvent {
  id: string;
  orderId: string;
  state: NotificationState;
  at: Date;
}

/** Ends the first text to a number: carriers require it, and it is how STOP becomes known. */
export const OPT_OUT_LINE = 'Reply STOP to opt out';

/** The error Vonage reports for a recipient who opted out at the carrier (Messages API x-errors 1240). */
const OPTED_OUT_RECIPIENT = /#1240$|^1240$/;

/** The gate all Messages API sends pass (MESSAGES_MAX_PER_SECOND across instances). */
export const MESSAGES_RATE_GATE = 'vonage-messages';

/** A delivery receipt, already read from Vonage's status webhook. */
export interface DeliveryReceipt {
  messageUuid: string;
  state: NotificationState;
  clientRef?: string;
  at: Date;
  error?: string;
  /** Vonage's error type or title (e.g. …#1240), to recognise an opted-out recipient. */
  errorCode?: string;
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
    private readonly consent: ConsentService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly window: WhatsAppWindowService,
    private readonly live: LiveEventsService,
    @Inject(messagingConfig.KEY) private readonly config: MessagingConfig,
    private readonly rateGate: RateGateService,
  ) {}

  onModuleInit(): void {
    if (!/^\+?[1-9]\d{6,14}$/.test(this.config.smsFrom)) {
      this.logger.warn(
        `VONAGE_SMS_FROM "${this.config.smsFrom}" is an alphanumeric sender: customers cannot reply, so STOP, HELP and STATUS never arrive. Use a Vonage virtual number (E.164) where the country allows it.`,
      );
    }
    this.outbox.registerHandler(MESSAGING_SEND_TOPIC, (payload, entry) => this.deliver(payload, entry));
  }

  /**
   * Notifications of an order, oldest first, a page at a time; entries the worker has not reached
   * yet show as queued. The sort key is (queued at, id): when the text was queued (its outbox
   * entry's time, looked up for recorded texts too — so a text the worker records between two pages
   * keeps its place) and its id (the client_ref, unique). The cursor is
   * the last one's key: new texts queue later and land after it, nothing repeats or is skipped.
   * An order has a handful of texts (one per status change, resends, fallbacks), so both sources
   * are read whole and paged here.
   */
  async notificationsForOrder(
    orderId: string,
    query: { limit?: number; page?: number; cursor?: string } = {},
  ): Promise<NotificationPageDto> {
    const [recorded, entries] = await Promise.all([
      this.notifications.find({ orderId }).sort({ createdAt: 1 }).exec(),
      this.outbox.find(MESSAGING_SEND_TOPIC, { orderId }),
    ]);
    const queuedAt = new Map(
      entries.map((entry) => [entry.key, (entry as unknown as { createdAt: Date }).createdAt.getTime()]),
    );
    const known = new Set(recorded.map((n) => n.clientRef));
    const waiting = entries
      .filter((entry) => !known.has(entry.key) && entry.status !== 'done')
      .map((entry): NotificationDto => {
        const request = entry.payload;
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
    const keyed = [...recorded.map(toDto), ...waiting].map((dto) => ({
      dto,
      at: queuedAt.get(dto.id) ?? Date.parse(dto.createdAt),
    }));
    keyed.sort((a, b) => a.at - b.at || (a.dto.id < b.dto.id ? -1 : a.dto.id > b.dto.id ? 1 : 0));
    const limit = query.limit ?? 20;
    const page = query.cursor ? 1 : (query.page ?? 1);
    let start = (page - 1) * limit;
    if (query.cursor) {
      const [at, id] = decodeSortKey(query.cursor, ['number', 'string']);
      const after = keyed.findIndex((item) => item.at > at || (item.at === at && item.dto.id > id));
      start = after < 0 ? keyed.length : after;
    }
    const slice = keyed.slice(start, start + limit);
    const last = slice[slice.length - 1];
    const nextCursor = start + limit < keyed.length ? encodeSortKey([last.at, last.dto.id]) : null;
    return { items: slice.map((item) => item.dto), page, limit, total: keyed.length, nextCursor };
  }

  /**
   * The `messaging.send` handler. Safe to run again for the same entry: an existing record with
   * a message_uuid means Vonage already has it; a send whose outcome is unknown waits for the
   * receipt (matched by client_ref) before it is ever sent a second time.
   */
  async deliver(payload: SendRequest, entry: OutboxEntryContext): Promise<Record<string, unknown>> {
    const request = parseSendRequest(payload);
    if (entry.key.length > MAX_CLIENT_REF)
      throw new PermanentError(`Outbox key "${entry.key}" is longer than Vonage's client_ref (${MAX_CLIENT_REF})`);
    const notification = await this.record(entry.key, request);

    if (notification.messageUuid) return { messageUuid: notification.messageUuid, alreadySent: true };
    const state = currentState(notification.state);
    if (FINAL_STATES.includes(state)) return { skipped: state };

    // Suppression: checked when the text was queued (Orders) and again now, just before the send.
    const askedFor = KEYWORD_EVENTS.includes(request.event);
    if (!askedFor && (request.suppressedAtQueue || (await this.consent.isSuppressed(request.to)))) {
      const why = request.suppressedAtQueue
        ? 'The number had opted out (STOP) when the text was queued'
        : 'The number opted out (STOP) before the text was sent';
      await this.advance(notification, 'suppressed', this.clock.now(), why);
      return { skipped: 'suppressed' };
    }
    // Decided once per notification, so a retry sends the same words.
    if (notification.firstText === null) {
      const first = !askedFor && (await this.consent.claimFirstText(request.to));
      const text = first ? `${notification.text.trimEnd()} ${OPT_OUT_LINE}.` : notification.text;
      await this.notifications.updateOne({ _id: notification._id }, { $set: { firstText: first, text } }).exec();
      notification.text = text;
    }
    if (notification.unconfirmedSendAt) {
      const waitUntil = notification.unconfirmedSendAt.getTime() + this.config.receiptGraceMs;
      if (Date.now() < waitUntil) {
        throw new RetryableError('An earlier send has an unknown outcome; waiting for its receipt', {
          retryAfterMs: waitUntil - Date.now(),
        });
      }
      this.logger.warn({ clientRef: entry.key }, 'no receipt for an earlier send with unknown outcome: sending again');
    }

    // WhatsApp allows free text only inside the customer's 24-hour window; outside it, a template.
    // Answers to the customer's own message (keywords, STATUS) are inside it by definition.
    let template: OutgoingMessage['template'];
    if (
      request.channel === 'whatsapp' &&
      !askedFor &&
      request.event !== 'reply' &&
      !(await this.window.isOpen(request.to))
    ) {
      template = {
        name: this.config.whatsappTemplate,
        locale:
          this.config.whatsappTemplateLocales[request.language ?? 'en'] ??
          this.config.whatsappTemplateLocales.en ??
          'en_GB',
        parameters: [notification.text],
      };
    }
    await this.notifications
      .updateOne(
        { _id: notification._id },
        { $set: { unconfirmedSendAt: new Date(), template: template?.name ?? null }, $inc: { attempts: 1 } },
      )
      .exec();
    let messageUuid: string;
    try {
      // Vonage's Messages throughput is per account: every instance's sends share one gate. Taken
      // right before the call, so the time Vonage sees a send is the gate's, give or take the network.
      await this.rateGate.acquire(MESSAGES_RATE_GATE, this.config.maxPerSecond);
      ({ messageUuid } = await this.sender.send({
        channel: request.channel,
        to: request.to,
        text: notification.text,
        clientRef: entry.key,
        template,
      }));
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === 'rate-limited') {
        // Too fast for the account: every instance holds off, not just this entry.
        await this.rateGate.pause(MESSAGES_RATE_GATE, (error.failure.retryAfterSeconds ?? 1) * 1000);
      }
      await this.recordFailedSend(notification, error, entry);
      throw error;
    }
    await this.notifications
      .updateOne({ _id: notification._id }, { $set: { messageUuid, unconfirmedSendAt: null, error: null } })
      .exec();
    await this.advance(notification, 'sent', this.clock.now());
    return { messageUuid };
  }

  /** Applies a delivery receipt: idempotent, in any order of arrival, never backwards. */
  async applyReceipt(receipt: DeliveryReceipt): Promise<void> {
    let notification = receipt.clientRef ? await this.receiptTarget(receipt.clientRef, receipt.messageUuid) : null;
    notification ??= await this.notifications.findOne({ messageUuid: receipt.messageUuid }).exec();
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
      this.logger.warn(
        { messageUuid: receipt.messageUuid, clientRef: receipt.clientRef },
        'receipt for an unknown message: ignored',
      );
      return;
    }
    await this.advance(notification, receipt.state, receipt.at, receipt.error);
    if (receipt.state === 'failed' && receipt.errorCode && OPTED_OUT_RECIPIENT.test(receipt.errorCode)) {
      // Vonage says the recipient opted out at the carrier: stop texting them from our side too.
      await this.consent.record(notification.to, 'opt-out', 'carrier', receipt.error ?? receipt.errorCode);
    }
  }

  /**
   * The notification a receipt is for, found by `_id` (derived from its client_ref, see record()):
   * a receipt arrives for every text, and by `messageUuid` or `clientRef` FerretDB reads every
   * notification. A receipt before we recorded Vonage's answer adopts its uuid here. Null when
   * this is not the one (another send's uuid, or a record from before the derived ids): the
   * caller looks it up the old way.
   */
  private async receiptTarget(clientRef: string, messageUuid: string): Promise<NotificationDocument | null> {
    const id = objectIdFor('notification', clientRef);
    const found = await this.notifications.findById(id).exec();
    if (found?.clientRef !== clientRef) return null;
    if (found.messageUuid === messageUuid) return found;
    if (found.messageUuid) return null;
    if (
      await updateByIdIf(
        this.notifications,
        id,
        { messageUuid: null },
        { $set: { messageUuid, unconfirmedSendAt: null } },
      )
    ) {
      return this.notifications.findById(id).exec();
    }
    return null;
  }

  /**
   * Staff send a failed text again. Idempotent: the resend's key derives from the failed one,
   * and the failed notification remembers it, so repeating the request returns the same resend.
   */
  async resend(id: string): Promise<NotificationDto> {
    const original = await this.notifications.findOne({ clientRef: id }).exec();
    if (!original)
      throw new NotFoundException({ type: 'notification-not-found', message: 'No notification with this id' });
    if (!original.resentAs && currentState(original.state) !== 'failed') {
      throw new ConflictException({
        type: 'not-failed',
        message: `Only a failed text can be sent again; this one is ${currentState(original.state)}`,
      });
    }
    // The key is derived, not drawn: concurrent requests all name the same resend, and every
    // step below is idempotent by it (no read-check-write to lose on FerretDB).
    // A repeat (even one racing the first) re-runs these idempotent steps and returns the same resend.
    const key = original.resentAs ?? resendKey(original.clientRef);
    await this.notifications.updateOne({ _id: original._id, resentAs: null }, { $set: { resentAs: key } }).exec();
    const request: SendRequest = {
      channel: original.channel,
      to: original.to,
      // The words as sent (with the opt-out line if it was the first text): the resend stands in for it.
      text: original.text,
      orderId: original.orderId,
      customerId: original.customerId,
      event: original.event,
      resendOf: original.clientRef,
    };
    await this.record(key, request);
    await this.outbox.enqueue([{ key, topic: MESSAGING_SEND_TOPIC, payload: { ...request } }]);
    return this.dtoOf(key);
  }

  /** The latest notification of each order (the board's delivery state), by order id. */
  async latestForOrders(orderIds: string[]): Promise<Map<string, NotificationDto>> {
    const latest = new Map<string, NotificationDto>();
    if (orderIds.length === 0) return latest;
    const recorded = await this.notifications
      .find({ orderId: trusted({ $in: orderIds }) })
      .sort({ createdAt: 1 })
      .exec();
    for (const n of recorded) latest.set(n.orderId, toDto(n));
    return latest;
  }

  private async dtoOf(clientRef: string): Promise<NotificationDto> {
    const n = await this.notifications.findOne({ clientRef }).exec();
    if (!n) throw new NotFoundException({ type: 'notification-not-found', message: 'No notification with this id' });
    return toDto(n);
  }

  private async record(clientRef: string, request: SendRequest): Promise<NotificationDocument> {
    try {
      return await this.upsertRecord(clientRef, request);
    } catch (error) {
      // Two first writes of one key at once: the unique index let the other one in; read it.
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.notifications.findOne({ clientRef }).exec())!;
    }
  }

  private async upsertRecord(clientRef: string, request: SendRequest): Promise<NotificationDocument> {
    const now = this.clock.now();
    return this.notifications
      .findOneAndUpdate(
        // By an `_id` derived from the client_ref: every text's first step, and by `clientRef` FerretDB
        // reads every notification. A record from before keeps its own `_id`; its unique clientRef
        // makes this insert a duplicate, and record() reads it by clientRef as before.
        { _id: objectIdFor('notification', clientRef) },
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
            resendOf: request.resendOf ?? null,
            fallbackOf: request.fallbackOf ?? null,
          },
        },
        { upsert: true, returnDocument: 'after' },
      )
      .exec();
  }

  /**
   * Vonage answering with an error means it did not take the message: sending again is safe.
   * No answer (timeout, network) leaves the outcome unknown: the mark stays, and the next
   * attempt waits for a receipt first.
   */
  private async recordFailedSend(
    notification: NotificationDocument,
    error: unknown,
    entry: OutboxEntryContext,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    // A paused gate sent nothing: as safe to send again as an answered failure.
    const answered = (error instanceof UpstreamError && error.answered) || error instanceof RateGatePausedError;
    await this.notifications
      .updateOne(
        { _id: notification._id },
        { $set: { error: message, ...(answered ? { unconfirmedSendAt: null } : {}) } },
      )
      .exec();
    if (answered && (!classifyFailure(error).retryable || entry.finalAttempt))
      await this.advance(notification, 'failed', this.clock.now(), message);
  }

  /**
   * Moves to `state` only from a state before it (a conditional update: concurrent receipts cannot
   * regress it). Serialised per notification here too, because FerretDB applies the condition as
   * read-then-write: two copies of one receipt arriving together would both add a history entry.
   */
  private advance(
    notification: NotificationDocument,
    state: NotificationState,
    at: Date,
    error?: string,
  ): Promise<boolean> {
    return this.advancing.run(notification._id.toHexString(), () => this.advanceOnce(notification, state, at, error));
  }

  private async advanceOnce(
    notification: NotificationDocument,
    state: NotificationState,
    at: Date,
    error?: string,
  ): Promise<boolean> {
    // Records from before the rename (submitted, rejected) count as their new names.
    const before = statesBefore(state).flatMap((s) =>
      s === 'sent' ? ['sent', 'submitted'] : [s],
    ) as NotificationState[];
    const moved = await updateByIdIf(
      this.notifications,
      notification._id,
      { state: { $in: before } },
      { $set: { state, ...(error ? { error } : {}) }, $push: { history: { state, at } } },
    );
    if (moved) {
      const update: NotificationUpdatedEvent = { id: notification.clientRef, orderId: notification.orderId, state, at };
      this.events.emit(NOTIFICATION_UPDATED, update);
      await this.publishState(notification._id, state, at);
      if (state === 'failed' && notification.channel === 'whatsapp' && this.config.whatsappSmsFallback)
        await this.fallBackToSms(notification);
    }
    return moved;
  }

  /** Tells the live stream (order detail screens) that a text's delivery state moved. */
  private async publishState(id: NotificationDocument['_id'], state: NotificationState, at: Date): Promise<void> {
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

  /**
   * A WhatsApp text that failed goes once more by SMS. Exactly once: the SMS's key derives from
   * the WhatsApp one (the outbox keeps one entry per key), and never both delivered: it is sent
   * only after the WhatsApp text reached a final failed state, which no later receipt leaves.
   */
  private async fallBackToSms(failed: NotificationDocument): Promise<void> {
    const request: SendRequest = {
      channel: 'sms',
      to: failed.to,
      text: failed.text,
      orderId: failed.orderId,
      customerId: failed.customerId,
      event: failed.event,
      fallbackOf: failed.clientRef,
    };
    await this.outbox.enqueue([
      { key: derivedKey(failed.clientRef, 's'), topic: MESSAGING_SEND_TOPIC, payload: { ...request } },
    ]);
    this.logger.log({ clientRef: failed.clientRef }, 'WhatsApp text failed: falling back to SMS');
  }
}

function toDto(n: NotificationDocument): NotificationDto {
  return {
    id: n.clientRef,
    event: n.event,
    channel: n.channel,
    to: n.to,
    text: n.text,
    state: currentState(n.state),
    messageUuid: n.messageUuid ?? undefined,
    error: n.error ?? undefined,
    attempts: n.attempts,
    history: n.history.map((h) => ({ state: currentState(h.state), at: h.at.toISOString() })),
    resendOf: n.resendOf ?? undefined,
    fallbackOf: n.fallbackOf ?? undefined,
    template: n.template ?? undefined,
    resentAs: n.resentAs ?? undefined,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}

/** A resend's client_ref: derived from the failed one (so a repeat finds it), within Vonage's 40 characters. */
export function resendKey(clientRef: string): string {
  return derivedKey(clientRef, 'r');
}

/** `<key>~<tag>`, or a hash of it when that would not fit Vonage's 40-character client_ref. */
export function derivedKey(clientRef: string, tag: string): string {
  const key = `${clientRef}~${tag}`;
  return key.length <= MAX_CLIENT_REF
    ? key
    : `h:${createHash('sha256')
        .update(key)
        .digest('hex')
        .slice(0, MAX_CLIENT_REF - 2)}`;
}
