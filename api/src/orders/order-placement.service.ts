import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { MenuService } from '../menu/menu.service.js';
import { ConsentService } from '../messaging/consent/consent.service.js';
import { UsersService } from '../users/users.service.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { OrderDto } from './dto/order.dto.js';
import { OrderNotifications } from './order-notifications.js';
import { OrderOutbox, pending } from './order-outbox.js';
import { OrderQueriesService } from './order-queries.service.js';
import { Counter, Order, OrderLine } from './schemas/order.schema.js';

export const ORDER_NUMBER_BASE = 1000;
/** Draws of an order number before a clash is reported; each clash moves the counter past the highest number. */
export const ORDER_NUMBER_ATTEMPTS = 10;

/**
 * Placing an order: lines priced from the menu (unknown or unavailable items are a 422), the next
 * order number, and the customer's idempotency key (a repeat returns the first order). The order
 * is written with its 'placed' text and live event, then they are relayed to the outbox.
 */
@Injectable()
export class OrderPlacementService {
  private readonly numbering = new KeyedLock();

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @InjectModel(Counter.name) private readonly counters: Model<Counter>,
    private readonly menu: MenuService,
    private readonly users: UsersService,
    private readonly consent: ConsentService,
    private readonly notifications: OrderNotifications,
    private readonly outbox: OrderOutbox,
    private readonly queries: OrderQueriesService,
  ) {}

  async place(caller: AuthenticatedUser, input: CreateOrderDto): Promise<OrderDto> {
    const customerId = new Types.ObjectId(caller.id);
    if (input.idempotencyKey) {
      const existing = await this.orders.findOne({ customerId, idempotencyKey: input.idempotencyKey }).exec();
      if (existing) return this.queries.toDto(existing);
    }
    const items = await this.priceItems(input);
    const customer = await this.users.findById(caller.id);
    if (!customer) throw new NotFoundException({ type: 'account-not-found', message: 'The account no longer exists' });
    if (input.textConsent)
      await this.consent.record(customer.phone, 'opt-in', input.textConsent.source, input.textConsent.wording);

    const orderId = new Types.ObjectId();
    const totalCents = items.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
    const idempotencyKey = input.idempotencyKey ?? randomUUID();
    const suppressed = await this.consent.isSuppressed(customer.phone);
    for (let attempt = 1; ; attempt++) {
      try {
        // Inside the try: the counter's first upsert can clash too when two instances race it.
        const number = await this.nextNumber();
        const draft = { _id: orderId, number, customerName: customer.name, customerPhone: customer.phone, totalCents };
        const text = this.notifications.textFor(draft, 'placed', 0, customer, suppressed);
        // The live event rides in the same write as the order (relayed like its notification).
        const live = this.notifications.liveEventFor(
          'order.created',
          0,
          { ...draft, customerId, items, status: 'placed' },
          null,
        );
        const order = await this.orders.create({
          ...draft,
          customerId,
          customerEmail: customer.email,
          items,
          status: 'placed',
          history: [{ status: 'placed', by: customerId, byRole: caller.role, at: new Date() }],
          idempotencyKey,
          outboxPending: (text ? [text, live] : [live]).map(pending),
          hasOutboxPending: true,
        });
        await this.outbox.relay(order);
        return this.queries.toDto(order);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // The same key raced in from a retry: the first order wins, and both callers see it.
        const existing = await this.orders.findOne({ customerId, idempotencyKey }).exec();
        if (existing) return this.queries.toDto(existing);
        // Otherwise the number was taken (another API instance, or a counter increment lost on
        // FerretDB, whose $inc is read-then-write): the unique index fenced it off, so take the next.
        if (attempt >= ORDER_NUMBER_ATTEMPTS) throw error;
        await this.resyncCounter();
      }
    }
  }

  /** The order's lines at the menu's prices now; 422 naming each line the menu cannot sell. */
  private async priceItems(input: CreateOrderDto): Promise<OrderLine[]> {
    const menuItems = new Map(
      (await this.menu.findByIds(input.items.map((line) => line.menuItemId))).map((item) => [item.id, item]),
    );
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
      this.counters
        .updateOne({ _id: 'orders' }, { $max: { value: highest.number - ORDER_NUMBER_BASE } }, { upsert: true })
        .exec(),
    );
  }
}
