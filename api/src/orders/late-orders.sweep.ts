import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { Clock } from '../common/clock/clock.js';
import { PeriodicSweep } from '../common/scheduling/periodic-sweep.js';
import { OrdersConfig, ordersConfig } from '../config/configuration.js';
import { ConsentService } from '../messaging/consent/consent.service.js';
import { UsersService } from '../users/users.service.js';
import { OrderNotifications } from './order-notifications.js';
import { OrderOutbox, pending } from './order-outbox.js';
import { Order } from './schemas/order.schema.js';

/** Late orders looked at per pass (the rest wait for the next). */
const BATCH = 50;

/** Every ORDER_LATE_SWEEP_MS: the one running-late text for orders still preparing well past their ETA. */
@Injectable()
export class LateOrdersSweep extends PeriodicSweep {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly users: UsersService,
    private readonly consent: ConsentService,
    private readonly notifications: OrderNotifications,
    private readonly outbox: OrderOutbox,
    private readonly clock: Clock,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {
    super({ intervalMs: config.lateSweepIntervalMs });
  }

  /**
   * Queues the one running-late text for each order still preparing ORDER_LATE_AFTER_MINUTES
   * after its ETA. Conditional on lateNotifiedAt being unset, so a text goes once per order
   * whatever the sweeps and instances. Returns how many were queued.
   */
  protected async sweepOnce(): Promise<number> {
    const due = new Date(this.clock.now().getTime() - this.config.lateAfterMs);
    const late = await this.orders
      .find({ status: 'preparing', etaAt: trusted({ $ne: null, $lte: due }), lateNotifiedAt: null })
      .limit(BATCH)
      .exec();
    let queued = 0;
    for (const order of late) {
      const customer = await this.users.findById(order.customerId.toString());
      const suppressed = await this.consent.isSuppressed(customer?.phone ?? order.customerPhone);
      const text = this.notifications.textFor(order, 'late', 'late', customer, suppressed);
      const updated = await this.orders
        .findOneAndUpdate(
          { _id: order._id, status: 'preparing', lateNotifiedAt: null },
          {
            $set: { lateNotifiedAt: this.clock.now(), ...(text && { hasOutboxPending: true }) },
            ...(text && { $push: { outboxPending: pending(text) } }),
          },
          { returnDocument: 'after' },
        )
        .exec();
      if (!updated) continue;
      queued++;
      await this.outbox.relay(updated);
    }
    return queued;
  }
}
