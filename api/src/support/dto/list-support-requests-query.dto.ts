import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SUPPORT_REQUEST_STATES, type SupportRequestState } from '../support-request-state.js';

export class ListSupportRequestsQueryDto {
  /** One or more states, comma-separated; all when absent. @example "open,joined" */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value))
  @IsIn(SUPPORT_REQUEST_STATES, { each: true })
  state?: SupportRequestState[];

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
