import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '../../common/validation/page.dto.js';
import { ORDER_STATUSES, type OrderStatus } from '../order-status.js';

export class OrderLineDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  menuItemId: string;

  @ApiProperty({ example: 'Margherita pizza' })
  name: string;

  @ApiProperty({ example: 1150 })
  unitPriceCents: number;

  @ApiProperty({ example: 2 })
  quantity: number;

  @ApiProperty({ example: 'No basil, please' })
  note: string;
}

export class StatusChangeDto {
  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'preparing' })
  status: OrderStatus;

  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718', description: 'User who made the change' })
  by: string;

  @ApiProperty({ example: 'staff' })
  byRole: string;

  @ApiProperty({ example: '2026-11-25T12:05:00.000Z' })
  at: string;
}

export class CustomerReplyDto {
  @ApiProperty({ example: '5b0c6f0e-3a43-4a8e-9a57-6f1c3c0e2b11', description: 'Id to mark it handled' })
  id: string;

  @ApiProperty({ example: 'Can you make it extra spicy?' })
  text: string;

  @ApiProperty({ example: 'sms' })
  channel: string;

  @ApiProperty({ example: '2026-11-25T12:06:00.000Z' })
  at: string;

  @ApiPropertyOptional({
    example: '2026-11-25T12:08:00.000Z',
    nullable: true,
    type: String,
    description: 'When staff marked it handled (null: still open in the inbox)',
  })
  handledAt: string | null;
}

export class CancelRequestDto {
  @ApiProperty({ example: '2026-11-25T12:06:00.000Z' })
  at: string;

  @ApiProperty({ example: 'sms' })
  channel: string;
}

/** The state of the latest text about the order (shown on the board). */
export class LastNotificationDto {
  @ApiProperty({ example: 'order:6650f0c2a1b2c3d4e5f60718:1', description: 'Notification id (for resend)' })
  id: string;

  @ApiProperty({ example: 'preparing', description: 'What it was about' })
  event: string;

  @ApiProperty({ enum: ['queued', 'sent', 'delivered', 'read', 'failed', 'suppressed'], example: 'delivered' })
  state: string;

  @ApiProperty({ enum: ['sms', 'whatsapp'], example: 'sms' })
  channel: string;

  @ApiPropertyOptional({ example: 'Vonage refused messages.send.sms (422): Invalid phone number' })
  error?: string;

  @ApiProperty({ example: '2026-11-25T12:05:03.000Z' })
  updatedAt: string;
}

export class CustomerSummaryDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: '+447700900123' })
  phone: string;
}

export class OrderDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  id: string;

  @ApiProperty({ example: 1042 })
  number: number;

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', example: 'placed' })
  status: OrderStatus;

  @ApiProperty({ type: [OrderLineDto] })
  items: OrderLineDto[];

  @ApiProperty({ example: 2300 })
  totalCents: number;

  @ApiProperty({ type: CustomerSummaryDto })
  customer: CustomerSummaryDto;

  @ApiProperty({ type: [StatusChangeDto] })
  history: StatusChangeDto[];

  @ApiProperty({
    enum: ORDER_STATUSES,
    enumName: 'OrderStatus',
    isArray: true,
    example: ['preparing', 'cancelled'],
    description: 'Statuses this order may move to next',
  })
  nextStatuses: OrderStatus[];

  @ApiProperty({ type: [CustomerReplyDto], description: 'Text replies the customer sent to our notifications' })
  customerReplies: CustomerReplyDto[];

  @ApiPropertyOptional({
    example: 'http://localhost:3100/meetings/rooms/…?role=host',
    nullable: true,
    type: String,
    description: "Host link of the support room, for staff; always null in a customer's view",
  })
  meetingUrl: string | null;

  @ApiPropertyOptional({
    type: CancelRequestDto,
    nullable: true,
    description: 'The customer texted CANCEL ORDER: staff decide (nothing is cancelled by a text alone)',
  })
  cancelRequest: CancelRequestDto | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-11-25T12:17:00.000Z',
    description: "When the order should be ready (set when preparation starts: the slowest item's prepMinutes)",
  })
  etaAt: string | null;

  @ApiProperty({
    example: false,
    description: 'Still preparing ORDER_LATE_AFTER_MINUTES after its ETA (the customer got a running-late text)',
  })
  overdue: boolean;

  @ApiPropertyOptional({
    type: LastNotificationDto,
    nullable: true,
    description: 'The latest text about this order and how far it got',
  })
  lastNotification: LastNotificationDto | null;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T12:05:00.000Z' })
  updatedAt: string;
}

export class OrderPageDto extends PageDto<OrderDto> {
  @ApiProperty({ type: [OrderDto] })
  items: OrderDto[];
}
