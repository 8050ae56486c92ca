import { Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import type { OutboxService } from '../common/outbox/outbox.service.js';
import type { LiveEventsService } from '../live-events/live-events.service.js';
import { OrderOutbox } from './order-outbox.js';
import type { OrderDocument } from './schemas/order.schema.js';

function setup() {
  const orders = { updateOne: jest.fn(() => ({ exec: jest.fn().mockResolvedValue({}) })) };
  const outbox = { enqueue: jest.fn() };
  const live = { appendNow: jest.fn() };
  const relay = new OrderOutbox(
    orders as never,
    outbox as unknown as OutboxService,
    live as unknown as LiveEventsService,
  );
  return { relay, orders, outbox, live };
}

const entries = [
  { key: 'order:o:1', topic: 'messaging.send', payload: { text: 'hi' } },
  { key: 'live:order:o:1', topic: 'live.event', payload: { type: 'order.status_changed' } },
];
const order = (outboxPending = entries) =>
  ({ _id: new Types.ObjectId(), number: 1042, history: [{}, {}], outboxPending }) as unknown as OrderDocument;

describe('OrderOutbox.relay', () => {
  it('hands the pending entries to the outbox and the live stream, then clears them only if the order has not moved on', async () => {
    const t = setup();
    const o = order();
    await t.relay.relay(o);
    expect(t.outbox.enqueue).toHaveBeenCalledWith(entries);
    expect(t.live.appendNow).toHaveBeenCalledWith(entries);
    expect(t.orders.updateOne).toHaveBeenCalledWith(
      { _id: o._id, history: expect.objectContaining({ $size: 2 }) },
      { $set: { outboxPending: [], hasOutboxPending: false } },
    );
  });

  it('keeps the entries on the order when the outbox cannot take them (the relay sweep retries)', async () => {
    const t = setup();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    t.outbox.enqueue.mockRejectedValue(new Error('database away'));
    await expect(t.relay.relay(order())).resolves.toBeUndefined();
    expect(t.orders.updateOne).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('relay of order #1042 deferred: database away');
    warn.mockRestore();
  });

  it('does nothing for an order with nothing pending', async () => {
    const t = setup();
    await t.relay.relay(order([]));
    expect(t.outbox.enqueue).not.toHaveBeenCalled();
  });
});
