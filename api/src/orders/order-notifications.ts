import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Types } from 'mongoose';
import type { OutboxMessage } from '../common/outbox/outbox-topics.js';
import { OrdersConfig, ordersConfig } from '../config/configuration.js';
import type { LIVE_EVENTS_TOPIC } from '../live-events/live-event-types.js';
import { LiveEventsService } from '../live-events/live-events.service.js';
import { MESSAGING_SEND_TOPIC } from '../messaging/messaging.events.js';
import type { SendRequest } from '../messaging/send-request.js';
import {
  DEFAULT_TEXTS_BY_LANGUAGE,
  formatClockTime,
  formatMoney,
  renderText,
  templateProblems,
  TextEvent,
  TextLanguage,
} from './notification-texts.js';
import { NEXT_STATUSES, OrderStatus } from './order-status.js';

/** What a text about an order needs to know of it. */
export interface NotifiedOrder {
  _id: Types.ObjectId;
  number: number;
  customerName: string;
  customerPhone: string;
  totalCents: number;
  etaAt?: Date | null;
}

/** What it needs to know of the customer (null: the account is gone; the order's phone is used). */
export interface NotifiedCustomer {
  notificationChannel?: string;
  phone: string;
  id?: string;
  language?: string;
}

/** What an order's live event shows. */
export interface LiveOrder {
  _id: Types.ObjectId;
  number: number;
  status: OrderStatus;
  customerId: Types.ObjectId;
  customerName: string;
  totalCents: number;
  items: { quantity: number }[];
}

export type OrderText = OutboxMessage<typeof MESSAGING_SEND_TOPIC>;
export type OrderLiveEvent = OutboxMessage<typeof LIVE_EVENTS_TOPIC>;

/**
 * What an order's change tells the outside: the customer's text (a `messaging.send` entry in the
 * customer's channel and language, from the templates) and the staff board's live event. Both are
 * keyed by the order and its history position, so a change repeated after a crash queues nothing new.
 */
@Injectable()
export class OrderNotifications implements OnModuleInit {
  private texts!: Record<TextLanguage, Record<TextEvent, string>>;

  constructor(
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
    private readonly live: LiveEventsService,
  ) {}

  /** Templates per language (NOTIFY_TEXT_* override English); a bad placeholder stops the start. */
  onModuleInit(): void {
    const overrides = Object.fromEntries(Object.entries(this.config.texts).filter(([, text]) => text)) as Partial<
      Record<TextEvent, string>
    >;
    this.texts = { en: { ...DEFAULT_TEXTS_BY_LANGUAGE.en, ...overrides }, es: { ...DEFAULT_TEXTS_BY_LANGUAGE.es } };
    const problems = templateProblems(this.texts);
    if (problems.length > 0) throw new Error(`Notification templates are invalid: ${problems.join('; ')}`);
  }

  /**
   * The text `event` causes, or none for a customer who wants no texts. `suppressed`: the number
   * had opted out when the text was queued (Messaging checks again just before the send).
   */
  textFor(
    order: NotifiedOrder,
    event: TextEvent,
    sequence: number | string,
    customer: NotifiedCustomer | null,
    suppressed: boolean,
  ): OrderText | undefined {
    const channel = customer?.notificationChannel ?? 'sms';
    if (channel !== 'sms' && channel !== 'whatsapp') return undefined;
    const language: TextLanguage = customer?.language === 'es' ? 'es' : 'en';
    const text = renderText(this.texts[language][event], {
      restaurant: this.config.restaurant,
      number: order.number,
      name: order.customerName.split(' ')[0],
      total: formatMoney(order.totalCents, this.config.currency),
      readyBy: order.etaAt ? formatClockTime(order.etaAt, this.config.timeZone) : undefined,
    });
    const payload: SendRequest = {
      channel,
      to: customer?.phone ?? order.customerPhone,
      text,
      orderId: order._id.toString(),
      customerId: customer?.id ?? '',
      event,
      language,
      ...(suppressed && { suppressedAtQueue: true }),
    };
    return { key: `order:${order._id.toString()}:${sequence}`, topic: MESSAGING_SEND_TOPIC, payload };
  }

  /** The live event of an order's change (the order as it is after the change). */
  liveEventFor(
    type: 'order.created' | 'order.status_changed',
    sequence: number,
    order: LiveOrder,
    previousStatus: OrderStatus | null,
  ): OrderLiveEvent {
    const customerId = order.customerId.toString();
    return this.live.pendingEntry(`order:${order._id.toString()}:${sequence}`, {
      type,
      customerId,
      data: {
        orderId: order._id.toString(),
        number: order.number,
        status: order.status,
        previousStatus,
        nextStatuses: [...NEXT_STATUSES[order.status]],
        customerId,
        customerName: order.customerName,
        totalCents: order.totalCents,
        itemCount: order.items.reduce((sum, line) => sum + line.quantity, 0),
        at: new Date().toISOString(),
      },
    });
  }
}
