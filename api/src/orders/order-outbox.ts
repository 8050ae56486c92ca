import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { OutboxService } from '../common/outbox/outbox.service.js';
import type { OutboxMessage } from '../common/outbox/outbox-topics.js';
import { LiveEventsService } from '../live-events/live-events.service.js';
import { Order, OrderDocument, PendingOutboxEntry } from './schemas/order.schema.js';

/** An outbox message as it rides on the order document, written in the same update as the change. */
export function pending(message: OutboxMessage): PendingOutboxEntry {
  return { key: message.key, topic: message.topic, payload: { ...message.payload } };
}

/**
 * Hands an order's pending entries (texts, live events) to the outbox. Written with the change
 * that caused them, so an order and its notifications never part; moved here once that write is done.
 */
@Injectable()
export class OrderOutbox {
  private readonly logger = new Logger(OrderOutbox.name);

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly outbox: OutboxService,
    private readonly live: LiveEventsService,
  ) {}

  /** Moves an order's pending outbox entries into the outbox. Safe to repeat: entries are keyed. */
  async relay(order: OrderDocument): Promise<void> {
    if (!order.outboxPending.length) return;
    try {
      // Read back from the order: each was a typed OutboxMessage when pending() stored it.
      const entries = order.outboxPending.map(({ key, topic, payload }) => ({ key, topic, payload }) as OutboxMessage);
      await this.outbox.enqueue(entries);
      // Live events go out now rather than when the outbox worker reaches them.
      await this.live.appendNow(entries);
      // Cleared only if nothing was added meanwhile; otherwise the next relay takes all again.
      await this.orders
        .updateOne(
          { _id: order._id, history: trusted({ $size: order.history.length }) },
          { $set: { outboxPending: [], hasOutboxPending: false } },
        )
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
}
