import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SortKeyPageQueryDto } from '../../common/validation/cursor-page.js';

export class MenuQueryDto extends SortKeyPageQueryDto {
  // A query string is text: the values are the strings `true` and `false` (no other spelling).
  @ApiPropertyOptional({
    type: String,
    enum: ['true', 'false'],
    description: 'Include items that are switched off (for menu management).',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeUnavailable?: 'true' | 'false';
}
