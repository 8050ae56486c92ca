import { IsIn, IsOptional } from 'class-validator';

export class MenuQueryDto {
  /** Include items that are switched off (for menu management). */
  @IsOptional()
  @IsIn(['true', 'false'])
  includeUnavailable?: 'true' | 'false';
}
