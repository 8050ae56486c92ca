import { IsIn } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../order-status.js';

export class UpdateOrderStatusDto {
  /** The next status: placed → preparing → ready → completed; cancelled from placed or preparing. @example "preparing" */
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;
}
