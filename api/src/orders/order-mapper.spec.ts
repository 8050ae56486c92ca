import { Types } from 'mongoose';
import { isOverdue, toOrderDto } from './order-mapper.js';
import type { OrderDocument } from './schemas/order.schema.js';

const LATE_AFTER = 10 * 60_000;
const eta = new Date('2026-12-01T18:20:00Z');

describe('isOverdue', () => {
  it('is true only while preparing, from ORDER_LATE_AFTER_MINUTES past the ETA', () => {
    expect(isOverdue({ status: 'preparing', etaAt: eta }, new Date(eta.getTime() + LATE_AFTER - 1), LATE_AFTER)).toBe(
      false,
    );
    expect(isOverdue({ status: 'preparing', etaAt: eta }, new Date(eta.getTime() + LATE_AFTER), LATE_AFTER)).toBe(true);
    expect(isOverdue({ status: 'ready', etaAt: eta }, new Date(eta.getTime() + LATE_AFTER), LATE_AFTER)).toBe(false);
    expect(isOverdue({ status: 'preparing', etaAt: null }, new Date(eta.getTime() + LATE_AFTER), LATE_AFTER)).toBe(
      false,
    );
  });
});

describe('toOrderDto', () => {
  it('shows ids as strings, replies with their ids (old ones by index), and the last text', () => {
    const id = new Types.ObjectId();
    const order = {
      id: id.toString(),
      number: 1001,
      status: 'placed',
      items: [
        { menuItemId: new Types.ObjectId(), name: 'Soup', unitPriceCents: 500, quantity: 2, note: '', prepMinutes: 5 },
      ],
      totalCents: 1000,
      customerId: new Types.ObjectId(),
      customerName: 'Cleo',
      customerEmail: 'c@x.test',
      customerPhone: '+447700900001',
      history: [{ status: 'placed', by: new Types.ObjectId(), byRole: 'customer', at: eta }],
      customerReplies: [
        { text: 'old', channel: 'sms', at: eta, handledAt: null },
        { id: 'r2', text: 'new', channel: 'sms', at: eta, handledAt: eta },
      ],
      cancelRequest: null,
      etaAt: null,
      meetingUrl: undefined,
      createdAt: eta,
      updatedAt: eta,
    } as unknown as OrderDocument;
    const dto = toOrderDto(order, eta, LATE_AFTER, {
      id: 'n1',
      event: 'placed',
      state: 'delivered',
      channel: 'sms',
      updatedAt: 'x',
    } as never);
    expect(dto.items[0]).not.toHaveProperty('prepMinutes');
    expect(dto.customerReplies.map((reply) => [reply.id, reply.handledAt])).toEqual([
      ['0', null],
      ['r2', eta.toISOString()],
    ]);
    expect(dto).toMatchObject({
      id: id.toString(),
      nextStatuses: ['preparing', 'cancelled'],
      meetingUrl: null,
      overdue: false,
      lastNotification: { id: 'n1', state: 'delivered' },
    });
  });
});
