import { UnprocessableEntityException } from '@nestjs/common';
import { Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import type { MenuService } from '../menu/menu.service.js';
import type { ConsentService } from '../messaging/consent/consent.service.js';
import type { UsersService } from '../users/users.service.js';
import type { OrderNotifications } from './order-notifications.js';
import type { OrderOutbox } from './order-outbox.js';
import { ORDER_NUMBER_ATTEMPTS, OrderPlacementService } from './order-placement.service.js';
import type { OrderQueriesService } from './order-queries.service.js';

/** A mongoose query that resolves to `value` whatever is chained on it. */
function query<T>(value: T) {
  const chain = { exec: jest.fn().mockResolvedValue(value), sort: () => chain, lean: () => chain, limit: () => chain };
  return chain;
}

/** What the service hands to `orders.create`. */
type Written = Record<string, unknown> & { outboxPending: { topic: string }[]; number: number };

const duplicateKey = () => Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });

const caller: AuthenticatedUser = { id: new Types.ObjectId().toString(), role: 'customer' } as AuthenticatedUser;
const soup = { id: new Types.ObjectId().toString(), name: 'Soup', priceCents: 450, prepMinutes: 8, available: true };
const pie = { id: new Types.ObjectId().toString(), name: 'Pie', priceCents: 900, prepMinutes: 20, available: true };
const customer = {
  id: caller.id,
  name: 'Cleo Smith',
  email: 'cleo@x.test',
  phone: '+447700900001',
  notificationChannel: 'sms',
  language: 'en',
};

function setup() {
  const orders = {
    findOne: jest.fn().mockReturnValue(query(null)),
    create: jest.fn(async (doc: Written) => doc),
  };
  let counter = 0;
  const counters = {
    findOneAndUpdate: jest.fn(() => query({ value: ++counter })),
    updateOne: jest.fn(() => query({})),
  };
  const menu = { findByIds: jest.fn(async (ids: string[]) => [soup, pie].filter((item) => ids.includes(item.id))) };
  const users = { findById: jest.fn().mockResolvedValue(customer) };
  const consent = { record: jest.fn(), isSuppressed: jest.fn().mockResolvedValue(false) };
  const notifications = {
    textFor: jest.fn((order: { _id: Types.ObjectId }, event: string) => ({
      key: `order:${order._id.toString()}:0`,
      topic: 'messaging.send',
      payload: { event },
    })),
    liveEventFor: jest.fn((type: string) => ({ key: 'live:x', topic: 'live.event', payload: { type } })),
  };
  const outbox = { relay: jest.fn() };
  const queries = { toDto: jest.fn((order: unknown) => ({ dto: order })) };
  const service = new OrderPlacementService(
    orders as never,
    counters as never,
    menu as unknown as MenuService,
    users as unknown as UsersService,
    consent as unknown as ConsentService,
    notifications as unknown as OrderNotifications,
    outbox as unknown as OrderOutbox,
    queries as unknown as OrderQueriesService,
  );
  return { service, orders, counters, menu, users, consent, notifications, outbox, queries };
}

describe('OrderPlacementService', () => {
  it("prices the lines from the menu, numbers the order and writes it with its 'placed' text and live event", async () => {
    const t = setup();
    await t.service.place(caller, {
      items: [
        { menuItemId: soup.id, quantity: 2 },
        { menuItemId: pie.id, quantity: 1, note: 'no peas' },
      ],
    });

    const written = t.orders.create.mock.calls[0][0];
    expect(written).toMatchObject({
      number: 1001,
      totalCents: 2 * 450 + 900,
      status: 'placed',
      customerName: 'Cleo Smith',
      customerPhone: '+447700900001',
      hasOutboxPending: true,
      items: [
        { name: 'Soup', unitPriceCents: 450, quantity: 2, note: '', prepMinutes: 8 },
        { name: 'Pie', unitPriceCents: 900, quantity: 1, note: 'no peas', prepMinutes: 20 },
      ],
    });
    // The text and the live event ride in the same write as the order; then they are relayed.
    expect(written.outboxPending.map((entry) => entry.topic)).toEqual(['messaging.send', 'live.event']);
    expect(t.outbox.relay).toHaveBeenCalledWith(expect.objectContaining({ number: 1001 }));
    expect(written.idempotencyKey).toEqual(expect.any(String));
  });

  it('refuses unknown and unavailable items with a 422 naming each line, and writes nothing', async () => {
    const t = setup();
    t.menu.findByIds.mockResolvedValue([{ ...pie, available: false }]);
    const missing = new Types.ObjectId().toString();
    const error = await t.service
      .place(caller, {
        items: [
          { menuItemId: missing, quantity: 1 },
          { menuItemId: pie.id, quantity: 1 },
        ],
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as UnprocessableEntityException).getResponse()).toMatchObject({
      type: 'menu-items-unavailable',
      extensions: {
        errors: [
          { field: 'items.0.menuItemId', message: `menu item ${missing} does not exist` },
          { field: 'items.1.menuItemId', message: 'Pie is not available right now' },
        ],
      },
    });
    expect(t.orders.create).not.toHaveBeenCalled();
    expect(t.counters.findOneAndUpdate).not.toHaveBeenCalled();
  });

  it('returns the first order for a repeated idempotency key without writing', async () => {
    const t = setup();
    const first = { number: 1007 };
    t.orders.findOne.mockReturnValue(query(first));
    await expect(
      t.service.place(caller, { items: [{ menuItemId: soup.id, quantity: 1 }], idempotencyKey: 'k1' }),
    ).resolves.toEqual({ dto: first });
    expect(t.orders.create).not.toHaveBeenCalled();
  });

  it('answers a retry that raced in with the same key with the order that won', async () => {
    const t = setup();
    const winner = { number: 1001 };
    t.orders.findOne.mockReturnValueOnce(query(null)).mockReturnValueOnce(query(winner));
    t.orders.create.mockRejectedValueOnce(duplicateKey());
    await expect(
      t.service.place(caller, { items: [{ menuItemId: soup.id, quantity: 1 }], idempotencyKey: 'k1' }),
    ).resolves.toEqual({ dto: winner });
    expect(t.orders.create).toHaveBeenCalledTimes(1);
  });

  it('draws the next number after a clash, moving the counter past the highest number in use', async () => {
    const t = setup();
    t.orders.create.mockRejectedValueOnce(duplicateKey());
    t.orders.findOne
      .mockReturnValueOnce(query(null)) // not the same idempotency key
      .mockReturnValueOnce(query({ number: 1005 })); // the highest number taken
    await t.service.place(caller, { items: [{ menuItemId: soup.id, quantity: 1 }] });

    expect(t.counters.updateOne).toHaveBeenCalledWith({ _id: 'orders' }, { $max: { value: 5 } }, { upsert: true });
    expect(t.orders.create).toHaveBeenCalledTimes(2);
    expect(t.orders.create.mock.calls[1][0].number).toBe(1002);
  });

  it(`gives up after ${ORDER_NUMBER_ATTEMPTS} clashes`, async () => {
    const t = setup();
    t.orders.create.mockRejectedValue(duplicateKey());
    await expect(t.service.place(caller, { items: [{ menuItemId: soup.id, quantity: 1 }] })).rejects.toMatchObject({
      code: 11000,
    });
    expect(t.orders.create).toHaveBeenCalledTimes(ORDER_NUMBER_ATTEMPTS);
  });

  it('records the consent given with the order, and writes only the live event for a customer who wants no texts', async () => {
    const t = setup();
    t.notifications.textFor.mockReturnValue(undefined as never);
    await t.service.place(caller, {
      items: [{ menuItemId: soup.id, quantity: 1 }],
      textConsent: { source: 'kiosk', wording: 'Text me' },
    });
    expect(t.consent.record).toHaveBeenCalledWith('+447700900001', 'opt-in', 'kiosk', 'Text me');
    expect(t.orders.create.mock.calls[0][0].outboxPending.map((entry) => entry.topic)).toEqual(['live.event']);
  });

  it('marks the text suppressed when the number had opted out', async () => {
    const t = setup();
    t.consent.isSuppressed.mockResolvedValue(true);
    await t.service.place(caller, { items: [{ menuItemId: soup.id, quantity: 1 }] });
    expect(t.notifications.textFor).toHaveBeenCalledWith(expect.anything(), 'placed', 0, customer, true);
  });
});
