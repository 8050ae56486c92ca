import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsMongoId, IsOptional, Matches } from 'class-validator';
import { HydratedDocument, Model, trusted, Types } from 'mongoose';
import { PageQueryDto } from './page-query.dto.js';

const CURSOR_DESCRIPTION = 'The `nextCursor` of the previous page: the page after it (then `page` is not used)';

/** `?cursor=` (the previous page's `nextCursor`) next to `page`/`limit`, for every list. */
export class CursorPageQueryDto extends PageQueryDto {
  // Declared for the contract by hand: the Swagger plugin reads only `*.dto.ts` files, so without
  // it no list documented `cursor` and the typed clients could not follow pages.
  @ApiPropertyOptional({ type: String, description: CURSOR_DESCRIPTION, example: '6650f0c2a1b2c3d4e5f60718' })
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
  @ApiPropertyOptional({
    type: String,
    pattern: '^[A-Za-z0-9_-]{20,80}$',
    description: CURSOR_DESCRIPTION,
    example: 'AAABk5yeT3BmUPDCobLD1OX2Bxg',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{20,80}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;
}

/** Encodes the sort key of the last item: its time and its id (the tie-breaker). Exported for the bench's baselines. */
export function encodeKeyset(at: Date, id: Types.ObjectId): string {
  const time = Buffer.alloc(8);
  time.writeBigInt64BE(BigInt(new Date(at).getTime()));
  return Buffer.concat([time, id.id]).toString('base64url');
}

function decodeKeyset(cursor: string): { at: Date; id: Types.ObjectId } {
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length !== 20) throw invalidCursor();
  const at = new Date(Number(raw.readBigInt64BE(0)));
  // A made-up cursor can carry a time no Date holds: a query with it would fail (a 500), not page.
  if (Number.isNaN(at.getTime())) throw invalidCursor();
  return { at, id: new Types.ObjectId(raw.subarray(8)) };
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
    pageFilter = {
      ...filter,
      $or: [{ createdAt: trusted({ [op]: at }) }, { createdAt: at, _id: trusted({ [op]: id }) }],
    };
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

/**
 * An opaque cursor carrying the last item's whole sort key, for lists not sorted by time:
 * the menu (category, name, id) and an order's notifications (queued at, id). Longer than a
 * time-and-id cursor because a key may hold text (a category and a name).
 */
export class SortKeyPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: String,
    pattern: '^[A-Za-z0-9_-]{4,1024}$',
    description: CURSOR_DESCRIPTION,
    example: 'WyJQaXp6YSIsIk1hcmdoZXJpdGEiLCI2NjUwZjBjMmExYjJjM2Q0ZTVmNjA3MTgiXQ',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{4,1024}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;
}

type SortKeyPart = 'string' | 'number' | 'objectId';
type SortKeyValue<P extends SortKeyPart> = P extends 'number' ? number : P extends 'objectId' ? Types.ObjectId : string;

export function invalidCursor(): BadRequestException {
  return new BadRequestException({
    type: 'invalid-cursor',
    message: 'cursor must be a nextCursor from a previous page',
  });
}

/** The cursor of an item: its sort key as base64url JSON (ids as hex). */
export function encodeSortKey(key: readonly (string | number | Types.ObjectId)[]): string {
  return Buffer.from(
    JSON.stringify(key.map((part) => (part instanceof Types.ObjectId ? part.toHexString() : part))),
  ).toString('base64url');
}

/**
 * Reads a cursor made by encodeSortKey, checking every part's type: anything else (a cursor
 * made up, cut short or from another list) is a 400 `invalid-cursor`, never a query.
 */
export function decodeSortKey<const P extends readonly SortKeyPart[]>(
  cursor: string,
  parts: P,
): { [I in keyof P]: SortKeyValue<P[I]> } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(value) || value.length !== parts.length) throw invalidCursor();
  return value.map((part: unknown, i) => {
    const kind = parts[i];
    if (kind === 'number' && typeof part === 'number' && Number.isFinite(part)) return part;
    if (kind === 'string' && typeof part === 'string') return part;
    if (kind === 'objectId' && typeof part === 'string' && /^[0-9a-f]{24}$/.test(part)) return new Types.ObjectId(part);
    throw invalidCursor();
  }) as { [I in keyof P]: SortKeyValue<P[I]> };
}
