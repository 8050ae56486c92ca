import type { OrderDto, OrderStatus } from '../../api/models';

/** The kitchen's flow, left to right: what the board shows as columns. */
export const ACTIVE_STATUSES = ['placed', 'preparing', 'ready'] as const satisfies readonly OrderStatus[];

/** Orders that are over; the board lists them on request instead of as columns. */
export const FINISHED_STATUSES = ['completed', 'cancelled'] as const satisfies readonly OrderStatus[];

export const STATUS_LABELS: Record<OrderStatus, string> = {
  placed: 'Placed',
  preparing: 'Preparing',
  ready: 'Ready',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** What a button that moves an order *to* a status says. */
export const MOVE_LABELS: Record<OrderStatus, string> = {
  placed: 'Reopen',
  preparing: 'Start preparing',
  ready: 'Mark ready',
  completed: 'Complete',
  cancelled: 'Cancel order',
};

/** The move that keeps the order going (never a cancellation), if the API allows one. */
export function forwardMove(order: OrderDto): OrderStatus | undefined {
  return order.nextStatuses.find((status) => status !== 'cancelled');
}

/** "2× Margherita, 1× Tiramisu". */
export function itemsSummary(order: OrderDto): string {
  return order.items.map((item) => `${item.quantity}× ${item.name}`).join(', ');
}
