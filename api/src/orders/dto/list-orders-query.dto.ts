import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { KeysetPageQueryDto } from '../../common/validation/cursor-page.js';
import { CommaSeparated } from '../../common/validation/page-query.dto.js';
import { ORDER_STATUSES, type OrderStatus } from '../order-status.js';

export class ListOrdersQueryDto extends KeysetPageQueryDto {
  /** One or more statuses, comma-separated. @example "placed,preparing" */
  @IsOptional()
  @CommaSeparated()
  @IsIn(ORDER_STATUSES, { each: true })
  status?: OrderStatus[];

  /** Orders placed at or after this time. @example "2026-11-25T00:00:00Z" */
  @IsOptional()
  @IsISO8601()
  from?: string;

  /** Orders placed before this time. @example "2026-11-26T00:00:00Z" */
  @IsOptional()
  @IsISO8601()
  to?: string;

  @IsOptional()
  @IsIn(['newest', 'oldest'])
  sort?: 'newest' | 'oldest' = 'newest';
}
