import type { Role } from '../common/auth/role.js';
import type { OrderDto, OrderPageDto } from './dto/order.dto.js';

/**
 * The order as the caller may see it. The meeting link stored on an order is the HOST link of its
 * support room (moderator rights: admit, remove, end the call): staff only. A customer joins with
 * the guest link the support call answered with, so their view never carries `meetingUrl`.
 */
export function orderFor(role: Role, order: OrderDto): OrderDto {
  return role === 'customer' ? { ...order, meetingUrl: null } : order;
}

export function orderPageFor(role: Role, page: OrderPageDto): OrderPageDto {
  return role === 'customer' ? { ...page, items: page.items.map((order) => orderFor(role, order)) } : page;
}
