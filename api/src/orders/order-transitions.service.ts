import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { Clock } from '../common/clock/clock.js';
import { FenceService } from '../common/concurrency/fence.service.js';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { ConsentService } from '../messaging/consent/consent.service.js';
import { UsersService } from '../users/users.service.js';
import { OrderDto } from './dto/order.dto.js';
import { OrderNotifications } from './order-notifications.js';
import { OrderOutbox, pending } from './order-outbox.js';
import { OrderQueriesService } from './order-queries.service.js';
import { canMove, NEXT_STATUSES, OrderStatus } from './order-status.js';
import { Order } from './schemas/order.schema.js';

/** A transition fence whose winner has not applied it after this long died in between: it may be taken over. */
export const TRANSITION_FENCE_STALE_MS = 10_000;
/** Preparation time of a line whose menu item had none. */
const DEFAULT_PREP_MINUTES = 10;

/**
 * Moving an order along its lifecycle (order-status.ts): who may make which move, exactly one of
 * racing moves from a state wins (on any number of API instances), and the winning move is written
 * with the text and live event it causes.
 */
@Injectable()
export class OrderTransitionsService {
  /** Within this process, changes of one order run one at a time (across processes: the fence). */
  private readonly transitions = new KeyedLock();

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly queries: OrderQueriesService,
    private readonly users: UsersService,
    private readonly consent: ConsentService,
    private readonly notifications: OrderNotifications,
    private readonly outbox: OrderOutbox,
    private readonly fences: FenceService,
    private readonly clock: Clock,
  ) {}

  changeStatus(caller: AuthenticatedUser, id: string, to: OrderStatus): Promise<OrderDto> {
    return this.transitions.run(id, () => this.apply(caller, id, to));
  }

  private async apply(caller: AuthenticatedUser, id: string, to: OrderStatus): Promise<OrderDto> {
    const order = await this.queries.findVisible(caller, id);
    const from = order.status;
    if (caller.role === 'customer' && !(to === 'cancelled' && from === 'placed')) {
      throw new ForbiddenException({
        type: 'forbidden',
        message: 'Customers may only cancel an order that is still placed',
      });
    }
    if (!canMove(from, to)) throw illegalTransition(order.number, from, to);

    // Of racing changes from this state, on any number of API instances, one wins this fence and
    // applies; the others answer 409 like a change that found the order moved on. A fence whose
    // winner died before applying is taken over once it is older than a few seconds.
    const step = `order:${order.id}:${order.history.length}`;
    const stillHere = async () =>
      (await this.orders
        .countDocuments({ _id: order._id, history: trusted({ $size: order.history.length }) })
        .exec()) === 1;
    if (!(await this.fences.claimOrTakeOver(step, TRANSITION_FENCE_STALE_MS, stillHere))) {
      const now = await this.orders.findById(order._id).exec();
      throw illegalTransition(order.number, now && now.history.length !== order.history.length ? now.status : from, to);
    }

    const customer = await this.users.findById(order.customerId.toString());
    // Preparation starts: the ETA is the slowest item's time from now.
    const slowest = Math.max(0, ...order.items.map((line) => line.prepMinutes ?? DEFAULT_PREP_MINUTES));
    const etaAt = to === 'preparing' ? new Date(this.clock.now().getTime() + slowest * 60_000) : order.etaAt;
    const suppressed = await this.consent.isSuppressed(customer?.phone ?? order.customerPhone);
    const text = this.notifications.textFor(
      {
        _id: order._id,
        number: order.number,
        customerName: order.customerName,
        customerPhone: order.customerPhone,
        totalCents: order.totalCents,
        etaAt,
      },
      to,
      order.history.length,
      customer,
      suppressed,
    );
    const change = { status: to, by: new Types.ObjectId(caller.id), byRole: caller.role, at: this.clock.now() };
    const live = this.notifications.liveEventFor(
      'order.status_changed',
      order.history.length,
      { ...order.toObject(), status: to },
      from,
    );
    // Conditional on the status we checked: of two concurrent changes, only one applies.
    const updated = await this.orders
      .findOneAndUpdate(
        { _id: order._id, status: from, history: trusted({ $size: order.history.length }) },
        {
          $set: { status: to, etaAt, hasOutboxPending: true },
          $push: { history: change, outboxPending: { $each: (text ? [text, live] : [live]).map(pending) } },
        },
        { returnDocument: 'after' },
      )
      .exec();
    if (!updated) {
      const now = await this.orders.findById(order._id).exec();
      throw illegalTransition(order.number, now?.status ?? from, to);
    }
    await this.outbox.relay(updated);
    return this.queries.toDto(updated);
  }
}

/** 409: the order is not (or no longer) where this move starts. */
export function illegalTransition(number: number, from: OrderStatus, to: OrderStatus): ConflictException {
  const next = NEXT_STATUSES[from];
  return new ConflictException({
    type: 'illegal-transition',
    message: `Order #${number} is ${from}; it cannot become ${to}${next.length ? ` (next: ${next.join(', ')})` : ' (it is final)'}`,
  });
}
