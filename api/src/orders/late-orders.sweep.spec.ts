import { Types } from 'mongoose';
import { ManualClock } from '../common/clock/clock.js';
import type { OrdersConfig } from '../config/configuration.js';
import type { ConsentService } from '../messaging/consent/consent.service.js';
import type { UsersService } from '../users/users.service.js';
import { LateOrdersSweep } from './late-orders.sweep.js';
import type { OrderNotifications } from './order-notifications.js';
import type { OrderOutbox } from './order-outbox.js';

function query<T>(value: T) {
  const chain = { exec: jest.fn().mockResolvedValue(value), limit: () => chain };
  return chain;
}

const NOW = new Date('2026-12-01T18:40:00Z');
const LATE_AFTER = 10 * 60_000;

function setup(late: { _id: Types.ObjectId }[]) {
  const orders = {
    find: jest.fn(() =>
      query(late.map((order) => ({ ...order, customerId: new Types.ObjectId(), customerPhone: '+447700900001' }))),
    ),
    findOneAndUpdate: jest.fn((filter: { _id: Types.ObjectId }) => query({ _id: filter._id })),
  };
  const notifications = { textFor: jest.fn(() => ({ key: 'order:x:late', topic: 'messaging.send', payload: {} })) };
  const outbox = { relay: jest.fn() };
  const sweep = new LateOrdersSweep(
    orders as never,
    { findById: jest.fn().mockResolvedValue(null) } as unknown as UsersService,
    { isSuppressed: jest.fn().mockResolvedValue(false) } as unknown as ConsentService,
    notifications as unknown as OrderNotifications,
    outbox as unknown as OrderOutbox,
    new ManualClock(NOW),
    { lateAfterMs: LATE_AFTER, lateSweepIntervalMs: 30_000 } as OrdersConfig,
  );
  return { sweep, orders, notifications, outbox };
}

describe('LateOrdersSweep', () => {
  it('looks for orders still preparing ORDER_LATE_AFTER_MINUTES past their ETA and not yet told', async () => {
    const t = setup([]);
    await t.sweep.sweep();
    expect(t.orders.find).toHaveBeenCalledWith({
      status: 'preparing',
      etaAt: expect.objectContaining({ $ne: null, $lte: new Date(NOW.getTime() - LATE_AFTER) }),
      lateNotifiedAt: null,
    });
  });

  it('queues one running-late text per order, only where this sweep is the one that marks it told', async () => {
    const [first, second] = [{ _id: new Types.ObjectId() }, { _id: new Types.ObjectId() }];
    const t = setup([first, second]);
    // Another sweep (or instance) marked the second order first.
    t.orders.findOneAndUpdate.mockImplementation((filter: { _id: Types.ObjectId }) =>
      query(filter._id.equals(second._id) ? null : { _id: filter._id }),
    );
    await t.sweep.sweep();

    expect(t.orders.findOneAndUpdate).toHaveBeenCalledWith(
      { _id: first._id, status: 'preparing', lateNotifiedAt: null },
      {
        $set: { lateNotifiedAt: NOW, hasOutboxPending: true },
        $push: { outboxPending: { key: 'order:x:late', topic: 'messaging.send', payload: {} } },
      },
      { returnDocument: 'after' },
    );
    expect(t.notifications.textFor).toHaveBeenCalledWith(expect.anything(), 'late', 'late', null, false);
    expect(t.outbox.relay).toHaveBeenCalledTimes(1);
    expect(t.outbox.relay).toHaveBeenCalledWith({ _id: first._id });
  });
});
