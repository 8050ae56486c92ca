import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnModuleInit, UnprocessableEntityException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, QueryFilter, trusted, Types } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { Clock } from '../common/clock/clock.js';
import { FenceService } from '../common/concurrency/fence.service.js';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { OutboxService } from '../common/outbox/outbox.service.js';
import { keysetPage } from '../common/validation/cursor-page.js';
import { OrdersConfig,ordersConfig } from '../config/configuration.js';
import { LiveEventsService } from '../live-events/live-events.service.js';
import { MenuService } from '../menu/menu.service.js';
import { ConsentService } from '../messaging/consent/consent.service.js';
import type { NotificationDto } from '../messaging/dto/notification.dto.js';
import { InboundMessageEvent, MESSAGING_SEND_TOPIC } from '../messaging/messaging.events.js';
import { MessagingService } from '../messaging/messaging.service.js';
import { UsersService } from '../users/users.service.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { ListOrdersQueryDto } from './dto/list-orders-query.dto.js';
import { OrderDto, OrderPageDto } from './dto/order.dto.js';
import {
  DEFAULT_TEXTS_BY_LANGUAGE,
  formatClockTime,
  formatMoney,
  renderText,
  templateProblems,
  TextEvent,
  TextLanguage,
} from './notification-texts.js';
import { canMove, NEXT_STATUSES, OrderStatus } from './order-status.js';
import { Counter, Order, OrderDocument, PendingOutboxEntry } from './schemas/order.schema.js';

const ORDER_NUMBER_BASE = 1000;
/** Draws of an order number before a clash is reported; each clash moves the counter past the highest number. */
const ORDER_NUMBER_ATTEMPTS = 10;
/** A transition fence whose winner has not applied it after this long died in between: it may be taken over. */
const TRANSITION_FENCE_STALE_MS = 10_000;

@Injectable()
export class OrdersService implements OnModuleInit {
  private readonly logger = new Logger(OrdersService.name);
  private readonly transitions = new KeyedLock();
  private texts!: Record<TextLanguage, Record<TextEvent, string>>;
  private readonly numbering = new KeyedLock();

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @InjectModel(Counter.name) private readonly counters: Model<Counter>,
    private readonly menu: MenuService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly consent: ConsentService,
    private readonly messaging: MessagingService,
    private readonly clock: Clock,
    private readonly live: LiveEventsService,
    private readonly fences: FenceService,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  /** Templates per language (NOTIFY_TEXT_* override English); a bad placeholder stops the start. */
  onModuleInit(): void {
    const overrides = Object.fromEntries(Object.entries(this.config.texts).filter(([, text]) => text)) as Partial<Record<TextEvent, string>>;
    this.texts = { en: { ...DEFAULT_TEXTS_BY_LANGUAGE.en, ...overrides }, es: { ...DEFAULT_TEXTS_BY_LANGUAGE.es } };
    const problems = templateProblems(this.texts);
    if (problems.length > 0) throw new Error(`Notification templates are invalid: ${problems.join('; ')}`);
  }

  async place(caller: AuthenticatedUser, input: CreateOrderDto): Promise<OrderDto> {
    const customerId = new Types.ObjectId(caller.id);
    if (input.idempotencyKey) {
      const existing = await this.orders.findOne({ customerId, idempotencyKey: input.idempotencyKey }).exec();
      if (existing) return this.toDto(existing);
    }
    const items = await this.priceItems(input);
    const customer = await this.users.findById(caller.id);
    if (!customer) throw new NotFoundException({ type: 'account-not-found', message: 'The account no longer exists' });
    if (input.textConsent) await this.consent.record(customer.phone, 'opt-in', input.textConsent.source, input.textConsent.wording);

    const orderId = new Types.ObjectId();
    const totalCents = items.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
    const idempotencyKey = input.idempotencyKey ?? randomUUID();
    const suppressed = await this.consent.isSuppressed(customer.phone);
    for (let attempt = 1; ; attempt++) {
      try {
        // Inside the try: the counter's first upsert can clash too when two instances race it.
        const number = await this.nextNumber();
        const draft = { _id: orderId, number, customerName: customer.name, customerPhone: customer.phone, totalCents };
        const pending = this.notificationFor(draft, 'placed', 0, customer, suppressed);
        // The live event rides in the same write as the order (relayed like its notification).
        const live = this.liveEntry('order.created', 0, { ...draft, customerId, items, status: 'placed' }, null);
        const order = await this.orders.create({
          ...draft,
          customerId,
          customerEmail: customer.email,
          items,
          status: 'placed',
          history: [{ status: 'placed', by: customerId, byRole: caller.role, at: new Date() }],
          idempotencyKey,
          outboxPending: pending ? [pending, live] : [live],
          hasOutboxPending: true,
        });
        await this.relay(order);
        return this.toDto(order);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // The same key raced in from a retry: the first order wins, and both callers see it.
        const existing = await this.orders.findOne({ customerId, idempotencyKey }).exec();
        if (existing) return this.toDto(existing);
        // Otherwise the number was taken (another API instance, or a counter increment lost on
        // FerretDB, whose $inc is read-then-write): the unique index fenced it off, so take the next.
        if (attempt >= ORDER_NUMBER_ATTEMPTS) throw error;
        await this.resyncCounter();
      }
    }
  }

  async list(caller: AuthenticatedUser, query: ListOrdersQueryDto): Promise<OrderPageDto> {
    const filter: QueryFilter<Order> = {};
    if (caller.role === 'customer') filter.customerId = new Types.ObjectId(caller.id);
    if (query.status?.length) filter.status = trusted({ $in: query.status });
    if (query.from || query.to) {
      filter.createdAt = trusted({ ...(query.from && { $gte: new Date(query.from) }), ...(query.to && { $lt: new Date(query.to) }) });
    }
    const page = await keysetPage(this.orders, filter as Record<string, unknown>, query, query.sort);
    const latest = await this.messaging.latestForOrders(page.items.map((order) => order.id));
    return { ...page, items: page.items.map((order) => this.toDto(order, latest.get(order.id))) };
  }

  async get(caller: AuthenticatedUser, id: string): Promise<OrderDto> {
    const order = await this.visibleOrder(caller, id);
    return this.toDto(order, (await this.messaging.latestForOrders([id])).get(id));
  }

  /** Staff mark a customer's text handled (it leaves the open inbox); idempotent. */
  async markReplyHandled(id: string, replyId: string): Promise<OrderDto> {
    const order = await this.orders.findById(id).exec();
    if (!order) throw new NotFoundException({ type: 'order-not-found', message: 'No order with this id' });
    const index = order.customerReplies.findIndex((reply, i) => (reply.id ?? String(i)) === replyId);
    if (index < 0) throw new NotFoundException({ type: 'reply-not-found', message: 'No customer reply with this id on the order' });
    if (!order.customerReplies[index].handledAt) {
      await this.orders.updateOne({ _id: order._id, [`customerReplies.${index}.handledAt`]: null }, { $set: { [`customerReplies.${index}.handledAt`]: this.clock.now() } }).exec();
    }
    const updated = (await this.orders.findById(id).exec())!;
    return this.toDto(updated, (await this.messaging.latestForOrders([id])).get(id));
  }

  /**
   * Queues the one running-late text for each order still preparing ORDER_LATE_AFTER_MINUTES
   * after its ETA. Conditional on lateNotifiedAt being unset, so a text goes once per order
   * whatever the sweeps and instances. Returns how many were queued.
   */
  async sendLateTexts(batch = 50): Promise<number> {
    const due = new Date(this.clock.now().getTime() - this.config.lateAfterMs);
    const late = await this.orders
      .find({ status: 'preparing', etaAt: trusted({ $ne: null, $lte: due }), lateNotifiedAt: null })
      .limit(batch)
      .exec();
    let queued = 0;
    for (const order of late) {
      const customer = await this.users.findById(order.customerId.toString());
      const pending = this.notificationFor(order, 'late', 'late', customer, await this.consent.isSuppressed(customer?.phone ?? order.customerPhone));
      const updated = await this.orders
        .findOneAndUpdate(
          { _id: order._id, status: 'preparing', lateNotifiedAt: null },
          { $set: { lateNotifiedAt: this.clock.now(), ...(pending && { hasOutboxPending: true }) }, ...(pending && { $push: { outboxPending: pending } }) },
          { returnDocument: 'after' },
        )
        .exec();
      if (!updated) continue;
      queued++;
      await this.relay(updated);
    }
    return queued;
  }

  /** Keeps the host link of the order's support video room (set by Support; the latest room wins). */
  async attachMeetingUrl(orderId: string, hostUrl: string): Promise<void> {
    await this.orders.updateOne({ _id: orderId }, { $set: { meetingUrl: hostUrl } }).exec();
  }

  /** Forgets the host link once its call is over, unless a newer room has replaced it meanwhile. */
  async detachMeetingUrl(orderId: string, hostUrl: string): Promise<void> {
    await this.orders.updateOne({ _id: orderId, meetingUrl: hostUrl }, { $set: { meetingUrl: null } }).exec();
  }

  changeStatus(caller: AuthenticatedUser, id: string, to: OrderStatus): Promise<OrderDto> {
    return this.transitions.run(id, () => this.applyStatusChange(caller, id, to));
  }

  private async applyStatusChange(caller: AuthenticatedUser, id: string, to: OrderStatus): Promise<OrderDto> {
    const order = await this.visibleOrder(caller, id);
    const from = order.status;
    if (caller.role === 'customer' && !(to === 'cancelled' && from === 'placed')) {
      throw new ForbiddenException({ type: 'forbidden', message: 'Customers may only cancel an order that is still placed' });
    }
    if (!canMove(from, to)) throw this.illegal(order.number, from, to);

    // Of racing changes from this state, on any number of API instances, one wins this fence and
    // applies; the others answer 409 like a change that found the order moved on. A fence whose
    // winner died before applying is taken over once it is older than a few seconds.
    const step = `order:${order.id}:${order.history.length}`;
    const stillHere = async () => (await this.orders.countDocuments({ _id: order._id, history: trusted({ $size: order.history.length }) }).exec()) === 1;
    if (!(await this.fences.claimOrTakeOver(step, TRANSITION_FENCE_STALE_MS, stillHere))) {
      const now = await this.orders.findById(order._id).exec();
      throw this.illegal(order.number, now && now.history.length !== order.history.length ? now.status : from, to);
    }

    const customer = await this.users.findById(order.customerId.toString());
    // Preparation starts: the ETA is the slowest item's time from now.
    const etaAt = to === 'preparing' ? new Date(this.clock.now().getTime() + Math.max(0, ...order.items.map((line) => line.prepMinutes ?? 10)) * 60_000) : order.etaAt;
    const suppressed = await this.consent.isSuppressed(customer?.phone ?? order.customerPhone);
    const pending = this.notificationFor({ _id: order._id, number: order.number, customerName: order.customerName, customerPhone: order.customerPhone, totalCents: order.totalCents, etaAt }, to, order.history.length, customer, suppressed);
    const change = { status: to, by: new Types.ObjectId(caller.id), byRole: caller.role, at: this.clock.now() };
    const live = this.liveEntry('order.status_changed', order.history.length, { ...order.toObject(), status: to }, from);
    // Conditional on the status we checked: of two concurrent changes, only one applies.
    const updated = await this.orders
      .findOneAndUpdate(
        { _id: order._id, status: from, history: trusted({ $size: order.history.length }) },
        {
          $set: { status: to, etaAt, hasOutboxPending: true },
          $push: { history: change, outboxPending: { $each: pending ? [pending, live] : [live] } },
        },
        { returnDocument: 'after' },
      )
      .exec();
    if (!updated) {
      const now = await this.orders.findById(order._id).exec();
      throw this.illegal(order.number, now?.status ?? from, to);
    }
    await this.relay(updated);
    return this.toDto(updated);
  }

  /** Moves an order's pending outbox entries into the outbox. Safe to repeat: entries are keyed. */
  async relay(order: OrderDocument): Promise<void> {
    if (!order.outboxPending.length) return;
    try {
      const entries = order.outboxPending.map(({ key, topic, payload }) => ({ key, topic, payload }));
      await this.outbox.enqueue(entries);
      // Live events go out now rather than when the outbox worker reaches them.
      await this.live.appendNow(entries);
      // Cleared only if nothing was added meanwhile; otherwise the next relay takes all again.
      await this.orders
        .updateOne({ _id: order._id, history: trusted({ $size: order.history.length }) }, { $set: { outboxPending: [], hasOutboxPending: false } })
        .exec();
    } catch (error) {
      // The order is saved with its pending entries; the relay sweep will deliver them.
      this.logger.warn(`relay of order #${order.number} deferred: ${(error as Error).message}`);
    }
  }

  /** Orders whose notifications were written but not yet handed to the outbox (e.g. after a crash). */
  async relayStragglers(olderThanMs: number, batch = 50): Promise<number> {
    const stragglers = await this.orders
      .find({ hasOutboxPending: true, updatedAt: trusted({ $lt: new Date(Date.now() - olderThanMs) }) })
      .limit(batch)
      .exec();
    for (const order of stragglers) await this.relay(order);
    return stragglers.length;
  }

  /**
   * A customer texted us (carrier keywords were handled by Messaging already). STATUS gets the
   * latest order's status and ETA back on the same channel; CANCEL ORDER puts a cancellation
   * request on the order for staff (and tells the customer so); anything else is kept on the
   * latest order as an inbox message for staff. Without an order there is nothing to act on.
   */
  async handleCustomerMessage(message: InboundMessageEvent): Promise<void> {
    const customer = await this.users.findByPhone(message.from);
    if (!customer) {
      this.logger.log(`message from an unknown number ending ${message.from.slice(-4)} ignored`);
      return;
    }
    const latest = await this.orders.findOne({ customerId: customer._id }).sort({ createdAt: -1 }).exec();
    if (!latest) return;
    const language: TextLanguage = customer.language === 'es' ? 'es' : 'en';
    if (message.keyword === 'status') {
      await this.reply(message, latest, customer.id, this.statusText(latest, language));
      return;
    }
    if (message.keyword === 'cancel-order') {
      const open = latest.status === 'placed' || latest.status === 'preparing';
      if (open) {
        await this.orders.updateOne({ _id: latest._id }, { $set: { cancelRequest: { at: message.receivedAt, channel: message.channel } } }).exec();
      }
      const text = open
        ? language === 'es'
          ? `${this.config.restaurant}: hemos pedido al equipo que cancele el pedido #${latest.number}. Te confirmaremos por mensaje.`
          : `${this.config.restaurant}: we have asked the team to cancel order #${latest.number}. We will text you when it is done.`
        : language === 'es'
          ? `${this.config.restaurant}: el pedido #${latest.number} ya está ${latest.status} y no se puede cancelar.`
          : `${this.config.restaurant}: order #${latest.number} is already ${latest.status} and cannot be cancelled.`;
      await this.reply(message, latest, customer.id, text);
      return;
    }
    await this.orders
      .updateOne(
        { _id: latest._id },
        { $push: { customerReplies: { id: randomUUID(), text: message.text, channel: message.channel, at: message.receivedAt, handledAt: null } } },
      )
      .exec();
  }

  private statusText(order: OrderDocument, language: TextLanguage): string {
    const eta = order.status === 'preparing' && order.etaAt ? formatClockTime(order.etaAt, this.config.timeZone) : undefined;
    if (language === 'es') return `${this.config.restaurant}: el pedido #${order.number} está ${order.status}${eta ? `, listo a las ${eta}` : ''}.`;
    return `${this.config.restaurant}: order #${order.number} is ${order.status}${eta ? `, ready by ${eta}` : ''}.`;
  }

  private async reply(message: InboundMessageEvent, order: OrderDocument, customerId: string, text: string): Promise<void> {
    await this.outbox.enqueue([
      {
        // One reply per inbound message however often Vonage delivers it (and within client_ref's 40 characters).
        key: `reply:${message.messageUuid.replaceAll('-', '')}`,
        topic: MESSAGING_SEND_TOPIC,
        payload: { channel: message.channel, to: message.from, text, orderId: order.id, customerId, event: 'reply' },
      },
    ]);
  }

  private async visibleOrder(caller: AuthenticatedUser, id: string): Promise<OrderDocument> {
    const order = await this.orders.findById(id).exec();
    if (!order) throw new NotFoundException({ type: 'order-not-found', message: 'No order with this id' });
    if (caller.role === 'customer' && order.customerId.toString() !== caller.id) {
      throw new ForbiddenException({ type: 'forbidden', message: 'This order belongs to someone else' });
    }
    return order;
  }

  private async priceItems(input: CreateOrderDto) {
    const menuItems = new Map((await this.menu.findByIds(input.items.map((line) => line.menuItemId))).map((item) => [item.id, item]));
    const problems = input.items.flatMap((line, index) => {
      const item = menuItems.get(line.menuItemId);
      const field = `items.${index}.menuItemId`;
      if (!item) return [{ field, message: `menu item ${line.menuItemId} does not exist` }];
      if (!item.available) return [{ field, message: `${item.name} is not available right now` }];
      return [];
    });
    // Well-formed, but naming items we cannot sell: 422 (the request's form was right), with each
    // line named in `errors` as a validation problem would be.
    if (problems.length) {
      throw new UnprocessableEntityException({
        type: 'menu-items-unavailable',
        message: `${problems.length} item${problems.length === 1 ? ' is' : 's are'} not on the menu right now`,
        extensions: { errors: problems },
      });
    }
    return input.items.map((line) => {
      const item = menuItems.get(line.menuItemId)!;
      return {
        menuItemId: new Types.ObjectId(item.id),
        name: item.name,
        unitPriceCents: item.priceCents,
        prepMinutes: item.prepMinutes,
        quantity: line.quantity,
        note: line.note ?? '',
      };
    });
  }

  private notificationFor(
    order: { _id: Types.ObjectId; number: number; customerName: string; customerPhone: string; totalCents: number; etaAt?: Date | null },
    event: TextEvent,
    sequence: number | string,
    customer: { notificationChannel?: string; phone: string; id?: string; language?: string } | null,
    suppressed: boolean,
  ): PendingOutboxEntry | undefined {
    const channel = customer?.notificationChannel ?? 'sms';
    if (channel === 'none') return undefined;
    const language: TextLanguage = customer?.language === 'es' ? 'es' : 'en';
    const text = renderText(this.texts[language][event], {
      restaurant: this.config.restaurant,
      number: order.number,
      name: order.customerName.split(' ')[0],
      total: formatMoney(order.totalCents, this.config.currency),
      readyBy: order.etaAt ? formatClockTime(order.etaAt, this.config.timeZone) : undefined,
    });
    return {
      key: `order:${order._id.toString()}:${sequence}`,
      topic: MESSAGING_SEND_TOPIC,
      payload: {
        channel,
        to: customer?.phone ?? order.customerPhone,
        text,
        orderId: order._id.toString(),
        customerId: customer?.id ?? '',
        event,
        language,
        // Checked here, when queued, and again by Messaging just before the send.
        ...(suppressed && { suppressedAtQueue: true }),
      },
    };
  }

  /** The pending outbox entry of an order's live event (key: the order and its history position). */
  private liveEntry(
    type: 'order.created' | 'order.status_changed',
    sequence: number,
    order: { _id: Types.ObjectId; number: number; status: OrderStatus; customerId: Types.ObjectId; customerName: string; totalCents: number; items: { quantity: number }[] },
    previousStatus: OrderStatus | null,
  ): PendingOutboxEntry {
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

  /**
   * The next order number. Serialised within this process, so concurrent orders here never draw
   * the same value even where `$inc` is read-then-write (FerretDB v1); across processes the unique
   * index on `number` catches a clash and place() draws again.
   */
  private nextNumber(): Promise<number> {
    return this.numbering.run('orders', async () => {
      const counter = await this.counters
        .findOneAndUpdate({ _id: 'orders' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' })
        .exec();
      return ORDER_NUMBER_BASE + counter.value;
    });
  }

  /** After a clash: moves the counter past the highest number in use, so the next draw is free. */
  private async resyncCounter(): Promise<void> {
    const highest = await this.orders.findOne({}, { number: 1 }).sort({ number: -1 }).lean().exec();
    if (!highest) return;
    await this.numbering.run('orders', () =>
      this.counters.updateOne({ _id: 'orders' }, { $max: { value: highest.number - ORDER_NUMBER_BASE } }, { upsert: true }).exec(),
    );
  }

  private illegal(number: number, from: OrderStatus, to: OrderStatus): ConflictException {
    const next = NEXT_STATUSES[from];
    return new ConflictException({
      type: 'illegal-transition',
      message: `Order #${number} is ${from}; it cannot become ${to}${next.length ? ` (next: ${next.join(', ')})` : ' (it is final)'}`,
    });
  }

  /** Overdue: still preparing ORDER_LATE_AFTER_MINUTES past the ETA (the running-late text's moment). */
  private overdue(order: OrderDocument): boolean {
    return order.status === 'preparing' && order.etaAt !== null && order.etaAt !== undefined && this.clock.now().getTime() >= order.etaAt.getTime() + this.config.lateAfterMs;
  }

  toDto(order: OrderDocument, last?: NotificationDto): OrderDto {
    return {
      id: order.id,
      number: order.number,
      status: order.status,
      items: order.items.map((line) => ({ ...pick(line), menuItemId: line.menuItemId.toString() })),
      totalCents: order.totalCents,
      customer: { id: order.customerId.toString(), name: order.customerName, email: order.customerEmail, phone: order.customerPhone },
      history: order.history.map((change) => ({ status: change.status, by: change.by.toString(), byRole: change.byRole, at: change.at.toISOString() })),
      nextStatuses: [...NEXT_STATUSES[order.status]],
      customerReplies: order.customerReplies.map((reply, i) => ({
        id: reply.id ?? String(i),
        text: reply.text,
        channel: reply.channel,
        at: reply.at.toISOString(),
        handledAt: reply.handledAt ? reply.handledAt.toISOString() : null,
      })),
      cancelRequest: order.cancelRequest ? { at: new Date(order.cancelRequest.at).toISOString(), channel: order.cancelRequest.channel } : null,
      etaAt: order.etaAt ? order.etaAt.toISOString() : null,
      overdue: this.overdue(order),
      lastNotification: last ? { id: last.id, event: last.event, state: last.state, channel: last.channel, error: last.error, updatedAt: last.updatedAt } : null,
      meetingUrl: order.meetingUrl ?? null,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
    };
  }
}

function pick(line: { name: string; unitPriceCents: number; quantity: number; note: string }) {
  return { name: line.name, unitPriceCents: line.unitPriceCents, quantity: line.quantity, note: line.note };
}
