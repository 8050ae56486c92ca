import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The highest page number a list accepts. Without a bound, `?page=9.9e307` is an integer to the
 * validator and an infinite `skip` to the database (a 500); no list here has 100,000 pages.
 */
export const MAX_PAGE = 100_000;
export const MAX_LIMIT = 100;

/** Page-based paging shared by the list endpoints: `?page=2&limit=20`. */
export class PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE,
    default: 1,
    example: 1,
    description: 'Page number, from 1',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number = 1;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_LIMIT,
    default: 20,
    example: 20,
    description: 'Items per page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number = 20;
}

/**
 * `?status=a,b` → ['a', 'b'], for enum filters that take several values. Empty parts are kept, so
 * `?status=` or `?status=a,` is a 400 naming the parameter (the contract's enum has no empty value;
 * leave the parameter out for "all").
 */
export const CommaSeparated = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value,
  );
