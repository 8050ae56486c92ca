import { BadRequestException } from '@nestjs/common';
import { IsMongoId, IsOptional, Matches } from 'class-validator';
import { HydratedDocument, Model, trusted, Types } from 'mongoose';
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

/** An opaque cursor: `?cursor=` takes the previous page's `nextCursor` as it is. */
export class KeysetPageQueryDto extends PageQueryDto {
  /** The `nextCursor` of the previous page: the next page after it (then `page` is not used). @example "AZeMnk9wNmY1MGYwYzJhMWIyYzNkNGU1ZjYwNzE4" */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{20,80}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;
}

/** Encodes the sort key of the last item: its time and its id (the tie-breaker). */
function encodeKeyset(at: Date, id: Types.ObjectId): string {
  const time = Buffer.alloc(8);
  time.writeBigInt64BE(BigInt(new Date(at).getTime()));
  return Buffer.concat([time, id.id]).toString('base64url');
}

function decodeKeyset(cursor: string): { at: Date; id: Types.ObjectId } {
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length !== 20) throw new BadRequestException({ type: 'invalid-cursor', message: 'cursor must be a nextCursor from a previous page' });
  return { at: new Date(Number(raw.readBigInt64BE(0))), id: new Types.ObjectId(raw.subarray(8)) };
}

/**
 * A page sorted by `createdAt` then `_id` (newest or oldest first), by page number or by cursor.
 * The cursor is the last item's (createdAt, _id): the next page is what sorts strictly after it,
 * so inserts meanwhile (newer items, or any item for oldest-first after the end) never shift a
 * page — nothing repeats and nothing that existed is skipped.
 */
export async function keysetPage<T extends { createdAt: Date }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  query: { page?: number; limit?: number; cursor?: string },
  order: 'newest' | 'oldest' = 'newest',
): Promise<CursorPage<HydratedDocument<T>>> {
  const limit = query.limit ?? 20;
  const page = query.cursor ? 1 : (query.page ?? 1);
  const dir = order === 'oldest' ? 1 : -1;
  const op = dir === 1 ? '$gt' : '$lt';
  let pageFilter = filter;
  if (query.cursor) {
    const { at, id } = decodeKeyset(query.cursor);
    // Each operator object is trusted on its own: the connection sanitises filters (sanitizeFilter).
    pageFilter = { ...filter, $or: [{ createdAt: trusted({ [op]: at }) }, { createdAt: at, _id: trusted({ [op]: id }) }] };
  }
  const [items, total] = await Promise.all([
    model
      .find(pageFilter)
      .sort({ createdAt: dir, _id: dir })
      .skip(query.cursor ? 0 : (page - 1) * limit)
      .limit(limit + 1)
      .exec(),
    model.countDocuments(filter).exec(),
  ]);
  const more = items.length > limit;
  const slice = items.slice(0, limit) as HydratedDocument<T>[];
  const last = slice[slice.length - 1];
  return { items: slice, page, limit, total, nextCursor: more ? encodeKeyset(last.createdAt, last._id) : null };
}
