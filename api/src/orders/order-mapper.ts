import type { NotificationDto } from '../messaging/dto/notification.dto.js';
import type { OrderDto } from './dto/order.dto.js';
import { NEXT_STATUSES } from './order-status.js';
import type { OrderDocument } from './schemas/order.schema.js';

/** Overdue: still preparing `lateAfterMs` past the ETA (the running-late text's moment). */
export function isOverdue(order: Pick<OrderDocument, 'status' | 'etaAt'>, now: Date, lateAfterMs: number): boolean {
  return order.status === 'preparing' && order.etaAt != null && now.getTime() >= order.etaAt.getTime() + lateAfterMs;
}

/** The API's view of a stored order (`last`: its latest text, for the board's delivery state). */
export function toOrderDto(order: OrderDocument, now: Date, lateAfterMs: number, last?: NotificationDto): OrderDto {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    items: order.items.map((line) => ({
      name: line.name,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      note: line.note,
      menuItemId: line.menuItemId.toString(),
    })),
    totalCents: order.totalCents,
    customer: {
      id: order.customerId.toString(),
      name: order.customerName,
      email: order.customerEmail,
      phone: order.customerPhone,
    },
    history: order.history.map((change) => ({
      status: change.status,
      by: change.by.toString(),
      byRole: change.byRole,
      at: change.at.toISOString(),
    })),
    nextStatuses: [...NEXT_STATUSES[order.status]],
    customerReplies: order.customerReplies.map((reply, i) => ({
      id: reply.id ?? String(i),
      text: reply.text,
      channel: reply.channel,
      at: reply.at.toISOString(),
      handledAt: reply.handledAt ? reply.handledAt.toISOString() : null,
    })),
    cancelRequest: order.cancelRequest
      ? { at: new Date(order.cancelRequest.at).toISOString(), channel: order.cancelRequest.channel }
      : null,
    etaAt: order.etaAt ? order.etaAt.toISOString() : null,
    overdue: isOverdue(order, now, lateAfterMs),
    lastNotification: last
      ? {
          id: last.id,
          event: last.event,
          state: last.state,
          channel: last.channel,
          error: last.error,
          updatedAt: last.updatedAt,
        }
      : null,
    meetingUrl: order.meetingUrl ?? null,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
