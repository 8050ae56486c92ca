import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { ManualClock } from '../common/clock/clock.js';
import type { OrdersConfig } from '../config/configuration.js';
import type { MessagingService } from '../messaging/messaging.service.js';
import { OrderQueriesService } from './order-queries.service.js';

function query<T>(value: T) {
  const chain = {
    exec: jest.fn().mockResolvedValue(value),
    sort: () => chain,
    skip: () => chain,
    limit: () => chain,
    lean: () => chain,
  };
  return chain;
}

const NOW = new Date('2026-12-01T18:00:00Z');
const customerId = new Types.ObjectId();
const customer = { id: customerId.toString(), role: 'customer' } as AuthenticatedUser;
const staff = { id: new Types.ObjectId().toString(), role: 'staff' } as AuthenticatedUser;

function stored(owner = customerId) {
  const _id = new Types.ObjectId();
  return {
    _id,
    id: _id.toString(),
    number: 1001,
    status: 'placed',
    items: [],
    totalCents: 0,
    customerId: owner,
    customerName: 'Cleo',
    customerEmail: 'c@x.test',
    customerPhone: '+447700900001',
    history: [],
    customerReplies: [],
    cancelRequest: null,
    etaAt: null,
    meetingUrl: 'https://host.link',
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function setup(orders: ReturnType<typeof stored>[] = [stored()]) {
  const model = {
    findById: jest.fn((id: string) => query(orders.find((order) => order.id === id) ?? null)),
    find: jest.fn(() => query(orders)),
    countDocuments: jest.fn(() => query(orders.length)),
  };
  const messaging = {
    latestForOrders: jest.fn(
      async (ids: string[]) => new Map(ids.map((id) => [id, { id: `n-${id}`, state: 'delivered' }])),
    ),
  };
  const service = new OrderQueriesService(
    model as never,
    messaging as unknown as MessagingService,
    new ManualClock(NOW),
    { lateAfterMs: 600_000 } as OrdersConfig,
  );
  return { service, model, messaging, orders };
}

describe('OrderQueriesService', () => {
  it("shows a customer only their own orders, and staff everyone's, by status and time", async () => {
    const t = setup();
    await t.service.list(customer, { status: ['placed', 'ready'], from: '2026-12-01T00:00:00Z' } as never);
    const filter = (t.model.find.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(filter.customerId).toEqual(customerId);
    expect(filter.status).toMatchObject({ $in: ['placed', 'ready'] });
    expect(filter.createdAt).toMatchObject({ $gte: new Date('2026-12-01T00:00:00Z') });

    await t.service.list(staff, {});
    expect((t.model.find.mock.calls[1] as unknown as [Record<string, unknown>])[0]).not.toHaveProperty('customerId');
  });

  it('gives each listed order the state of its latest text, asked for in one lookup', async () => {
    const t = setup([stored(), stored()]);
    const page = await t.service.list(staff, {});
    expect(t.messaging.latestForOrders).toHaveBeenCalledTimes(1);
    expect(page.items.map((order) => order.lastNotification?.id)).toEqual(t.orders.map((order) => `n-${order.id}`));
  });

  it("is 404 for an unknown order and 403 for a customer's look at someone else's", async () => {
    const other = stored(new Types.ObjectId());
    const t = setup([other]);
    await expect(t.service.get(staff, new Types.ObjectId().toString())).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.service.get(customer, other.id)).rejects.toBeInstanceOf(ForbiddenException);
    await expect(t.service.get(staff, other.id)).resolves.toMatchObject({
      id: other.id,
      lastNotification: { id: `n-${other.id}` },
    });
  });
});
