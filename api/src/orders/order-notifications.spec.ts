import { Types } from 'mongoose';
import type { OrdersConfig } from '../config/configuration.js';
import type { LiveEventsService } from '../live-events/live-events.service.js';
import type { SendRequest } from '../messaging/send-request.js';
import { OrderNotifications } from './order-notifications.js';

const config = {
  restaurant: 'Bistro',
  currency: 'GBP',
  timeZone: 'Europe/London',
  texts: {},
  lateAfterMs: 600_000,
} as unknown as OrdersConfig;
const live = {
  pendingEntry: (key: string, input: unknown) => ({ key: `live:${key}`, topic: 'live.event', payload: input }),
} as unknown as LiveEventsService;

function notifications(overrides: Partial<OrdersConfig> = {}): OrderNotifications {
  const service = new OrderNotifications({ ...config, ...overrides }, live);
  service.onModuleInit();
  return service;
}

const orderId = new Types.ObjectId();
const order = {
  _id: orderId,
  number: 1042,
  customerName: 'Cleo Smith',
  customerPhone: '+447700900001',
  totalCents: 1250,
};
const customer = { id: 'c1', phone: '+447700900002', notificationChannel: 'sms', language: 'en' };

describe('OrderNotifications', () => {
  describe('textFor: the messaging.send entry a change causes', () => {
    it('is a SendRequest to the customer, keyed by the order and its history position', () => {
      const text = notifications().textFor(order, 'placed', 0, customer, false);
      expect(text).toEqual({
        key: `order:${orderId.toString()}:0`,
        topic: 'messaging.send',
        payload: {
          channel: 'sms',
          to: '+447700900002',
          text: 'Bistro: thanks Cleo! Order #1042 (£12.50) is in. We will text you as it moves along.',
          orderId: orderId.toString(),
          customerId: 'c1',
          event: 'placed',
          language: 'en',
        } satisfies SendRequest,
      });
    });

    it("goes by the customer's channel and in their language", () => {
      const text = notifications().textFor(
        order,
        'ready',
        3,
        { ...customer, notificationChannel: 'whatsapp', language: 'es' },
        false,
      );
      expect(text?.payload).toMatchObject({
        channel: 'whatsapp',
        language: 'es',
        text: 'Bistro: tu pedido #1042 está listo. ¡Que aproveche!',
      });
      expect(text?.key).toBe(`order:${orderId.toString()}:3`);
    });

    it('is none for a customer who wants no texts', () => {
      expect(
        notifications().textFor(order, 'ready', 1, { ...customer, notificationChannel: 'none' }, false),
      ).toBeUndefined();
    });

    it("falls back to SMS and the order's phone when the account is gone", () => {
      const text = notifications().textFor(order, 'cancelled', 2, null, false);
      expect(text?.payload).toMatchObject({ channel: 'sms', to: '+447700900001', customerId: '', language: 'en' });
    });

    it('marks a text to a number that had opted out when queued, and only then', () => {
      expect(notifications().textFor(order, 'ready', 1, customer, true)?.payload.suppressedAtQueue).toBe(true);
      expect(notifications().textFor(order, 'ready', 1, customer, false)?.payload).not.toHaveProperty(
        'suppressedAtQueue',
      );
    });

    it("states the ready-by time on the restaurant's clock", () => {
      const etaAt = new Date('2026-07-01T17:25:00Z'); // 18:25 in London (BST)
      expect(notifications().textFor({ ...order, etaAt }, 'preparing', 1, customer, false)?.payload.text).toBe(
        'Bistro: good news, order #1042 is being prepared now. Ready by 18:25.',
      );
    });

    it('uses NOTIFY_TEXT_* overrides for English only', () => {
      const service = notifications({ texts: { ready: 'Come and get #{number}, {name}' } } as Partial<OrdersConfig>);
      expect(service.textFor(order, 'ready', 1, customer, false)?.payload.text).toBe('Come and get #1042, Cleo');
      expect(service.textFor(order, 'ready', 1, { ...customer, language: 'es' }, false)?.payload.text).toContain(
        'está listo',
      );
    });
  });

  describe('liveEventFor: the board event of a change', () => {
    it('carries the order after the change, where it may go next, and who may see it', () => {
      const customerId = new Types.ObjectId();
      const event = notifications().liveEventFor(
        'order.status_changed',
        2,
        { ...order, customerId, status: 'preparing', items: [{ quantity: 2 }, { quantity: 1 }] },
        'placed',
      );
      expect(event.key).toBe(`live:order:${orderId.toString()}:2`);
      expect(event.payload).toMatchObject({
        type: 'order.status_changed',
        customerId: customerId.toString(),
        data: {
          orderId: orderId.toString(),
          number: 1042,
          status: 'preparing',
          previousStatus: 'placed',
          nextStatuses: ['ready', 'cancelled'],
          itemCount: 3,
        },
      });
    });
  });
});
