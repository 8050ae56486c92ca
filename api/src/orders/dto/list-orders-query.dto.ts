import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../order-status.js';

export class ListOrdersQueryDto {
  /** One or more statuses, comma-separated. @example "placed,preparing" */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value))
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

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number = 20;
}
