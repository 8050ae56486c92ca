import { IsMongoId, IsOptional } from 'class-validator';
import { Model, trusted, Types } from 'mongoose';
import { PageQueryDto } from './page-query.dto.js';

/** `?cursor=` (the previous page's `nextCursor`) next to `page`/`limit`, for every list. */
export class CursorPageQueryDto extends PageQueryDto {
  /** The `nextCursor` of the previous page: the next page after it (then `page` is not used). @example "6650f0c2a1b2c3d4e5f60718" */
  @IsOptional()
  @IsMongoId()
  cursor?: string;
}

export interface CursorPage<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  nextCursor: string | null;
}

/**
 * A page of documents newest first by `_id`, by page number or by cursor (the users list's scheme,
 * shared): a cursor page asks for `_id` below the last one seen, so documents inserted meanwhile
 * (higher ids) never shift a page and nothing repeats or is skipped.
 */
export async function cursorPage<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  query: { page?: number; limit?: number; cursor?: string },
): Promise<CursorPage<T & { _id: Types.ObjectId }>> {
  const limit = query.limit ?? 20;
  const page = query.cursor ? 1 : (query.page ?? 1);
  const pageFilter = query.cursor ? { ...filter, _id: trusted({ $lt: new Types.ObjectId(query.cursor) }) } : filter;
  const [items, total] = await Promise.all([
    // One more than asked tells whether another page follows.
    model
      .find(pageFilter)
      .sort({ _id: -1 })
      .skip(query.cursor ? 0 : (page - 1) * limit)
      .limit(limit + 1)
      .lean<(T & { _id: Types.ObjectId })[]>()
      .exec(),
    model.countDocuments(filter).exec(),
  ]);
  const more = items.length > limit;
  const slice = items.slice(0, limit);
  return { items: slice, page, limit, total, nextCursor: more ? slice[slice.length - 1]._id.toHexString() : null };
}
