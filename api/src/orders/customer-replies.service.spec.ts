import { NotFoundException } from '@nestjs/common';
import { Types } from 'mongoose';
import { ManualClock } from '../common/clock/clock.js';
import type { OutboxService } from '../common/outbox/outbox.service.js';
import type { OrdersConfig } from '../config/configuration.js';
import type { InboundMessageEvent } from '../messaging/messaging.events.js';
import type { UsersService } from '../users/users.service.js';
import { CustomerRepliesService } from './customer-replies.service.js';
import type { OrderQueriesService } from './order-queries.service.js';

function query<T>(value: T) {
  const chain = { exec: jest.fn().mockResolvedValue(value), sort: () => chain };
  return chain;
}

const NOW = new Date('2026-12-01T18:00:00Z');
const config = { restaurant: 'Bistro', timeZone: 'Europe/London' } as OrdersConfig;
const message: InboundMessageEvent = {
  from: '+447700900001',
  channel: 'whatsapp',
  text: 'Can I add chips?',
  messageUuid: 'aaaa-bbbb-cccc',
  receivedAt: NOW,
};

function setup(
  latest: Record<string, unknown> | null = {
    status: 'preparing',
    number: 1042,
    etaAt: new Date('2026-12-01T18:25:00Z'),
  },
) {
  const orderId = new Types.ObjectId();
  const order = latest && { _id: orderId, id: orderId.toString(), customerReplies: [], ...latest };
  const orders = {
    findOne: jest.fn(() => query(order)),
    findById: jest.fn(() => query(order)),
    updateOne: jest.fn(() => query({})),
  };
  const customer = { _id: new Types.ObjectId(), id: 'c1', language: 'en' };
  const users = { findByPhone: jest.fn().mockResolvedValue(customer) };
  const outbox = { enqueue: jest.fn() };
  const queries = { view: jest.fn((o: unknown) => ({ dto: o })) };
  const service = new CustomerRepliesService(
    orders as never,
    users as unknown as UsersService,
    outbox as unknown as OutboxService,
    queries as unknown as OrderQueriesService,
    new ManualClock(NOW),
    config,
  );
  return { service, order, orders, users, customer, outbox, queries };
}

describe('CustomerRepliesService', () => {
  it("answers STATUS on the customer's channel with the latest order's status and ready-by time, once per inbound message", async () => {
    const t = setup();
    await t.service.handle({ ...message, keyword: 'status' });
    expect(t.outbox.enqueue).toHaveBeenCalledWith([
      {
        key: 'reply:aaaabbbbcccc',
        topic: 'messaging.send',
        payload: {
          channel: 'whatsapp',
          to: '+447700900001',
          text: 'Bistro: order #1042 is preparing, ready by 18:25.',
          orderId: t.order!.id,
          customerId: 'c1',
          event: 'reply',
        },
      },
    ]);
    expect(t.orders.updateOne).not.toHaveBeenCalled();
  });

  it('answers in Spanish to a Spanish-speaking customer', async () => {
    const t = setup({ status: 'ready', number: 7 });
    t.users.findByPhone.mockResolvedValue({ ...t.customer, language: 'es' });
    await t.service.handle({ ...message, keyword: 'status' });
    expect(t.outbox.enqueue.mock.calls[0][0][0].payload.text).toBe('Bistro: el pedido #7 está ready.');
  });

  it('puts CANCEL ORDER on an open order for staff and tells the customer staff were asked', async () => {
    const t = setup({ status: 'placed', number: 1042 });
    await t.service.handle({ ...message, keyword: 'cancel-order' });
    expect(t.orders.updateOne).toHaveBeenCalledWith(
      { _id: t.order!._id },
      { $set: { cancelRequest: { at: NOW, channel: 'whatsapp' } } },
    );
    expect(t.outbox.enqueue.mock.calls[0][0][0].payload.text).toBe(
      'Bistro: we have asked the team to cancel order #1042. We will text you when it is done.',
    );
  });

  it('never asks to cancel an order that is past cancelling; says so instead', async () => {
    const t = setup({ status: 'ready', number: 1042 });
    await t.service.handle({ ...message, keyword: 'cancel-order' });
    expect(t.orders.updateOne).not.toHaveBeenCalled();
    expect(t.outbox.enqueue.mock.calls[0][0][0].payload.text).toBe(
      'Bistro: order #1042 is already ready and cannot be cancelled.',
    );
  });

  it('keeps any other text on the latest order as an open inbox message', async () => {
    const t = setup();
    await t.service.handle(message);
    expect(t.orders.updateOne).toHaveBeenCalledWith(
      { _id: t.order!._id },
      {
        $push: {
          customerReplies: {
            id: expect.any(String),
            text: 'Can I add chips?',
            channel: 'whatsapp',
            at: NOW,
            handledAt: null,
          },
        },
      },
    );
    expect(t.outbox.enqueue).not.toHaveBeenCalled();
  });

  it('does nothing for an unknown number or a customer without orders', async () => {
    const unknown = setup();
    unknown.users.findByPhone.mockResolvedValue(null);
    await unknown.service.handle({ ...message, keyword: 'status' });
    expect(unknown.orders.findOne).not.toHaveBeenCalled();

    const noOrders = setup(null);
    await noOrders.service.handle({ ...message, keyword: 'status' });
    expect(noOrders.outbox.enqueue).not.toHaveBeenCalled();
    expect(noOrders.orders.updateOne).not.toHaveBeenCalled();
  });

  describe('markHandled', () => {
    it('stamps an open reply once, conditionally, and answers with the order', async () => {
      const t = setup({ status: 'placed', number: 1, customerReplies: [{ id: 'r1', handledAt: null }] });
      await expect(t.service.markHandled(t.order!.id, 'r1')).resolves.toEqual({ dto: t.order });
      expect(t.orders.updateOne).toHaveBeenCalledWith(
        { _id: t.order!._id, 'customerReplies.0.handledAt': null },
        { $set: { 'customerReplies.0.handledAt': NOW } },
      );
    });

    it('leaves a handled reply as it is (idempotent); finds replies from before ids by index', async () => {
      const t = setup({ status: 'placed', number: 1, customerReplies: [{ handledAt: null }, { handledAt: NOW }] });
      await t.service.markHandled(t.order!.id, '1');
      expect(t.orders.updateOne).not.toHaveBeenCalled();
    });

    it('is 404 for an unknown order or reply', async () => {
      await expect(setup(null).service.markHandled(new Types.ObjectId().toString(), 'r1')).rejects.toBeInstanceOf(
        NotFoundException,
      );
      const t = setup({ status: 'placed', number: 1, customerReplies: [{ id: 'r1', handledAt: null }] });
      await expect(t.service.markHandled(t.order!.id, 'r2')).rejects.toMatchObject({
        response: { type: 'reply-not-found' },
      });
    });
  });
});
