import { ApiProperty } from '@nestjs/swagger';
import type { CursorPage } from './cursor-page.js';

/**
 * What every list answer says besides its items. Each list's page class extends it and declares only
 * `items` (the Swagger schema needs the concrete item type, which a generic cannot carry).
 */
export abstract class PageDto<T> implements CursorPage<T> {
  abstract items: T[];

  @ApiProperty({ example: 1, description: 'The page asked for (1 when paging by cursor)' })
  page: number;

  @ApiProperty({ example: 20 })
  limit: number;

  @ApiProperty({ example: 1, description: 'Items matching the filters, all pages' })
  total: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor: string | null;
}
