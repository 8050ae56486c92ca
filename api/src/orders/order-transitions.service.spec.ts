import { ConflictException, ForbiddenException } from '@nestjs/common';
import { Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { ManualClock } from '../common/clock/clock.js';
import type { FenceService } from '../common/concurrency/fence.service.js';
import type { ConsentService } from '../messaging/consent/consent.service.js';
import type { UsersService } from '../users/users.service.js';
import type { OrderNotifications } from './order-notifications.js';
import type { OrderOutbox } from './order-outbox.js';
import type { OrderQueriesService } from './order-queries.service.js';
import type { OrderStatus } from './order-status.js';
import { OrderTransitionsService, TRANSITION_FENCE_STALE_MS } from './order-transitions.service.js';

function query<T>(value: T) {
  return { exec: jest.fn().mockResolvedValue(value) };
}

const staff: AuthenticatedUser = { id: new Types.ObjectId().toString(), role: 'staff' } as AuthenticatedUser;
const NOW = new Date('2026-12-01T18:00:00Z');

function storedOrder(status: OrderStatus, historyLength = 1) {
  const _id = new Types.ObjectId();
  const fields = {
    _id,
    id: _id.toString(),
    number: 1042,
    status,
    customerId: new Types.ObjectId(),
    customerName: 'Cleo',
    customerPhone: '+447700900001',
    totalCents: 1000,
    etaAt: null as Date | null,
    items: [
      { quantity: 1, prepMinutes: 12 },
      { quantity: 1, prepMinutes: null },
    ],
    history: Array.from({ length: historyLength }, () => ({ status })),
  };
  return { ...fields, toObject: () => fields };
}

function setup(order = storedOrder('placed')) {
  const updated = { ...order, status: 'moved' };
  const orders = {
    countDocuments: jest.fn(() => query(1)),
    findById: jest.fn(() => query(order)),
    findOneAndUpdate: jest.fn(() => query(updated as unknown)),
  };
  const queries = { findVisible: jest.fn().mockResolvedValue(order), toDto: jest.fn((o: unknown) => ({ dto: o })) };
  const users = { findById: jest.fn().mockResolvedValue({ id: 'c1', phone: '+447700900002' }) };
  const consent = { isSuppressed: jest.fn().mockResolvedValue(false) };
  const notifications = {
    textFor: jest.fn(() => ({ key: 'order:x:1', topic: 'messaging.send', payload: {} })),
    liveEventFor: jest.fn(() => ({ key: 'live:order:x:1', topic: 'live.event', payload: {} })),
  };
  const outbox = { relay: jest.fn() };
  const fences = { claimOrTakeOver: jest.fn().mockResolvedValue(true) };
  const service = new OrderTransitionsService(
    orders as never,
    queries as unknown as OrderQueriesService,
    users as unknown as UsersService,
    consent as unknown as ConsentService,
    notifications as unknown as OrderNotifications,
    outbox as unknown as OrderOutbox,
    fences as unknown as FenceService,
    new ManualClock(NOW),
  );
  return { service, order, updated, orders, queries, notifications, outbox, fences };
}

describe('OrderTransitionsService', () => {
  it('applies a legal move conditionally on the state it checked, with its text and live event, then relays them', async () => {
    const t = setup();
    await expect(t.service.changeStatus(staff, t.order.id, 'preparing')).resolves.toEqual({ dto: t.updated });

    const [filter, update] = t.orders.findOneAndUpdate.mock.calls[0] as unknown as [
      Record<string, unknown>,
      Record<string, Record<string, unknown>>,
    ];
    expect(filter).toMatchObject({ _id: t.order._id, status: 'placed' });
    expect(update.$set.status).toBe('preparing');
    expect(update.$push.history).toMatchObject({ status: 'preparing', byRole: 'staff', at: NOW });
    expect((update.$push.outboxPending as { $each: { topic: string }[] }).$each.map((entry) => entry.topic)).toEqual([
      'messaging.send',
      'live.event',
    ]);
    expect(t.notifications.textFor).toHaveBeenCalledWith(
      expect.objectContaining({ number: 1042 }),
      'preparing',
      1,
      expect.anything(),
      false,
    );
    expect(t.outbox.relay).toHaveBeenCalledWith(t.updated);
  });

  it("starts the ETA at the slowest item's preparation time (10 minutes where an item has none)", async () => {
    const t = setup();
    await t.service.changeStatus(staff, t.order.id, 'preparing');
    const update = (t.orders.findOneAndUpdate.mock.calls[0] as unknown as [unknown, { $set: { etaAt: Date } }])[1];
    expect(update.$set.etaAt).toEqual(new Date(NOW.getTime() + 12 * 60_000));
  });

  it('refuses a move the lifecycle does not have with 409, naming where the order may go', async () => {
    const t = setup();
    const error = await t.service.changeStatus(staff, t.order.id, 'completed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).getResponse()).toMatchObject({
      type: 'illegal-transition',
      message: 'Order #1042 is placed; it cannot become completed (next: preparing, cancelled)',
    });
    expect(t.fences.claimOrTakeOver).not.toHaveBeenCalled();
  });

  it('lets a customer cancel a placed order and nothing else', async () => {
    const customer = { id: new Types.ObjectId().toString(), role: 'customer' } as AuthenticatedUser;
    await expect(setup().service.changeStatus(customer, 'id', 'cancelled')).resolves.toBeDefined();
    await expect(setup().service.changeStatus(customer, 'id', 'preparing')).rejects.toBeInstanceOf(ForbiddenException);
    await expect(
      setup(storedOrder('preparing')).service.changeStatus(customer, 'id', 'cancelled'),
    ).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('of racing moves from one state, the one that loses the fence gets 409 with the status the order has now', async () => {
    const t = setup();
    t.fences.claimOrTakeOver.mockResolvedValue(false);
    t.orders.findById.mockReturnValue(query({ ...t.order, status: 'cancelled', history: [{}, {}] }));
    const error = await t.service.changeStatus(staff, t.order.id, 'preparing').catch((e: unknown) => e);
    expect((error as ConflictException).getResponse()).toMatchObject({
      message: 'Order #1042 is cancelled; it cannot become preparing (it is final)',
    });
    expect(t.fences.claimOrTakeOver).toHaveBeenCalledWith(
      `order:${t.order.id}:1`,
      TRANSITION_FENCE_STALE_MS,
      expect.any(Function),
    );
    expect(t.orders.findOneAndUpdate).not.toHaveBeenCalled();
  });

  it('answers 409 when the order moved between the check and the write', async () => {
    const t = setup();
    t.orders.findOneAndUpdate.mockReturnValue(query(null));
    t.orders.findById.mockReturnValue(query({ ...t.order, status: 'preparing' }));
    await expect(t.service.changeStatus(staff, t.order.id, 'cancelled')).rejects.toBeInstanceOf(ConflictException);
    expect(t.outbox.relay).not.toHaveBeenCalled();
  });

  it('runs changes of one order one after another within the process', async () => {
    const t = setup();
    let inFlight = 0;
    let most = 0;
    t.queries.findVisible.mockImplementation(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return t.order;
    });
    await Promise.all([
      t.service.changeStatus(staff, 'same', 'preparing'),
      t.service.changeStatus(staff, 'same', 'cancelled'),
    ]);
    expect(most).toBe(1);
  });
});
