import type { NotificationDto, OrderDto, OrderPageDto, OrderStatus } from '../../api/models';

const NEXT: Record<OrderStatus, OrderStatus[]> = {
  placed: ['preparing', 'cancelled'],
  preparing: ['ready', 'cancelled'],
  ready: ['completed'],
  completed: [],
  cancelled: [],
};

/** An order as the API returns it to staff, `status` deciding its legal next statuses. */
export function orderFixture(overrides: Partial<OrderDto> = {}): OrderDto {
  const status = overrides.status ?? 'placed';
  return {
    id: 'order-1',
    number: 1001,
    status,
    items: [
      { menuItemId: 'm1', name: 'Margherita pizza', unitPriceCents: 1150, quantity: 2, note: '' },
      { menuItemId: 'm2', name: 'Tiramisu', unitPriceCents: 650, quantity: 1, note: 'no cocoa' },
    ],
    totalCents: 2950,
    customer: { id: 'c1', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+447700900123' },
    history: [{ status: 'placed', by: 'c1', byRole: 'customer', at: '2026-11-25T12:00:00.000Z' }],
    nextStatuses: NEXT[status],
    customerReplies: [],
    meetingUrl: null,
    cancelRequest: null,
    etaAt: null,
    overdue: false,
    lastNotification: null,
    createdAt: new Date(Date.now() - 4 * 60_000).toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function pageOf(orders: OrderDto[]): OrderPageDto {
  return { items: orders, page: 1, limit: 100, total: orders.length, nextCursor: null };
}

export function notificationFixture(overrides: Partial<NotificationDto> = {}): NotificationDto {
  return {
    id: 'n1',
    event: 'placed',
    channel: 'sms',
    to: '+447700900123',
    text: 'TableTalk: thanks Ada! Order #1001 (£29.50) is in.',
    state: 'delivered',
    attempts: 1,
    history: [],
    createdAt: '2026-11-25T12:00:01.000Z',
    updatedAt: '2026-11-25T12:00:03.000Z',
    ...overrides,
  };
}
