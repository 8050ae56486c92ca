import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ example: 'Can you make it extra spicy?' })
  text: string;

  @ApiProperty({ example: 'sms' })
  channel: string;

  @ApiProperty({ example: '2026-11-25T12:06:00.000Z' })
  at: string;
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

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus', isArray: true, example: ['preparing', 'cancelled'], description: 'Statuses this order may move to next' })
  nextStatuses: OrderStatus[];

  @ApiProperty({ type: [CustomerReplyDto], description: 'Text replies the customer sent to our notifications' })
  customerReplies: CustomerReplyDto[];

  @ApiPropertyOptional({
    example: 'http://localhost:3100/meetings/rooms/…?role=host',
    nullable: true,
    type: String,
    description: 'Host link of the support room, for staff; always null in a customer\'s view',
  })
  meetingUrl: string | null;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T12:05:00.000Z' })
  updatedAt: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] })
  items: OrderDto[];

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  limit: number;

  @ApiProperty({ example: 57 })
  total: number;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}
