import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_STATES } from '../../messaging/notification-state.js';
import { ORDER_STATUSES } from '../../orders/order-status.js';
import { SUPPORT_REQUEST_STATES } from '../../support/support-request-state.js';

/*
 * The `data:` JSON of each event type of GET /api/events. Documented here (as components of the
 * OpenAPI file) because an SSE body has no schema of its own.
 */

/** `order.created` and `order.status_changed`. */
export class OrderEventDataDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  orderId: string;

  @ApiProperty({ example: 1042 })
  number: number;

  @ApiProperty({ enum: ORDER_STATUSES })
  status: string;

  @ApiProperty({ enum: ORDER_STATUSES, nullable: true, type: String, description: 'null for order.created' })
  previousStatus: string | null;

  @ApiProperty({ enum: ORDER_STATUSES, isArray: true, description: 'Where staff can move it next' })
  nextStatuses: string[];

  @ApiProperty()
  customerId: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  customerName: string;

  @ApiProperty({ example: 2450 })
  totalCents: number;

  @ApiProperty({ example: 3, description: 'Number of items (sum of quantities)' })
  itemCount: number;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z', description: 'When the change happened' })
  at: string;
}

/** `notification.updated`: the delivery state of a text to the customer moved. */
export class NotificationEventDataDto {
  @ApiProperty({
    example: 'order:6650f0c2a1b2c3d4e5f60718:1',
    description: 'The notification id (as in GET /orders/{id}/notifications)',
  })
  notificationId: string;

  @ApiProperty()
  orderId: string;

  @ApiProperty()
  customerId: string;

  @ApiProperty({ example: 'preparing' })
  event: string;

  @ApiProperty({ enum: ['sms', 'whatsapp'] })
  channel: string;

  @ApiProperty({ enum: NOTIFICATION_STATES })
  state: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  error?: string | null;

  @ApiProperty()
  at: string;
}

/** `support_request.created` and `support_request.updated`. */
export class SupportRequestEventDataDto {
  @ApiProperty({ description: 'The support request id' })
  id: string;

  @ApiProperty()
  orderId: string;

  @ApiProperty({ example: 1042 })
  orderNumber: number;

  @ApiProperty()
  customerId: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  customerName: string;

  @ApiProperty({ enum: SUPPORT_REQUEST_STATES })
  state: string;

  @ApiProperty()
  createdAt: string;

  @ApiProperty({ nullable: true, type: String })
  joinedAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  closedAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  roomExpiresAt: string | null;

  @ApiPropertyOptional({ description: 'Staff and admins only: the host link of the video room' })
  hostUrl?: string;

  @ApiPropertyOptional({ description: 'Staff and admins only' })
  customerEmail?: string;

  @ApiProperty()
  at: string;
}

/** `reset`: the requested id is older than what is kept (or unknown); reload lists, then follow the stream. */
export class ResetEventDataDto {
  @ApiProperty({ example: 'The requested event is no longer kept' })
  reason: string;
}
