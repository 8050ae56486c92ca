import { type Connection, type Model, trusted, Types, type UpdateQuery } from 'mongoose';
import { createHash } from 'node:crypto';

/**
 * Writes and reads FerretDB can do without reading the whole collection.
 *
 * FerretDB v1 (SQLite backend) hands SQLite only a filter that is exactly `{ _id: <ObjectId or
 * string> }`; every other filter — a unique `key`, `{ _id, attempts }` — reads and decodes every
 * document of the collection and filters in Go, indexes or not. With 10,000 queued texts that was
 * ~0.5 s per conditional update against ~35 ms by `_id` (bench, load average 15), and it made the
 * notification pipeline run at 1–4 texts/s (issue #15). MongoDB uses its indexes either way.
 */

const ferretByConnection = new WeakMap<Connection, Promise<boolean>>();

/** True when the server is FerretDB (its buildInfo says so); asked once per connection. */
export function isFerretDb(connection: Connection): Promise<boolean> {
  let known = ferretByConnection.get(connection);
  if (!known) {
    known = connection
      .asPromise()
      .then((open) => open.db!.admin().command({ buildInfo: 1 }))
      .then((info) => 'ferretdbVersion' in info);
    // Not known while the database is away: ask again next time.
    known.catch(() => ferretByConnection.delete(connection));
    ferretByConnection.set(connection, known);
  }
  return known;
}

/** A condition on plain fields: a value (null also matches a missing field) or `{ $in: [...] }`. */
export type FieldCondition = Record<string, unknown>;

/**
 * `updateOne({ _id, ...condition }, update)`, true when it changed the document. On MongoDB exactly
 * that (atomic, by index). On FerretDB the `_id` alone goes to the database: the document is read by
 * `_id`, the condition checked here, and written by `_id` — what FerretDB v1 does inside its own
 * conditional update anyway (read, then write, with no lock between), without the collection scan.
 */
export async function updateByIdIf<T>(
  model: Model<T>,
  id: Types.ObjectId | string,
  condition: FieldCondition,
  update: UpdateQuery<T>,
): Promise<boolean> {
  if (!(await isFerretDb(model.db))) {
    const filter: Record<string, unknown> = { _id: id };
    for (const [field, value] of Object.entries(condition)) filter[field] = isIn(value) ? trusted(value) : value;
    const result = await model.updateOne(filter as never, update).exec();
    return result.modifiedCount > 0;
  }
  const current = await model.findById(id).lean().exec();
  if (!current || !matches(current, condition)) return false;
  const result = await model.updateOne({ _id: id } as never, update).exec();
  return result.modifiedCount > 0;
}

/** An ObjectId derived from a natural key (e.g. a text's client_ref), so lookups by that key go by `_id`. */
export function objectIdFor(kind: string, key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${kind}\u0000${key}`).digest('hex').slice(0, 24));
}

function isIn(value: unknown): value is { $in: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !(value instanceof Types.ObjectId) &&
    '$in' in value
  );
}

/** MongoDB's equality for the values conditions here use: scalars, dates, ObjectIds, null (= missing). */
export function matches(doc: Record<string, unknown>, condition: FieldCondition): boolean {
  return Object.entries(condition).every(([field, wanted]) => {
    const actual = doc[field];
    if (isIn(wanted)) return wanted.$in.some((w) => same(actual, w));
    if (
      typeof wanted === 'object' &&
      wanted !== null &&
      !(wanted instanceof Date) &&
      !(wanted instanceof Types.ObjectId)
    ) {
      throw new Error(`updateByIdIf: unsupported condition on ${field}`);
    }
    return same(actual, wanted);
  });
}

function same(actual: unknown, wanted: unknown): boolean {
  if (wanted === null || wanted === undefined) return actual === null || actual === undefined;
  if (wanted instanceof Date) return actual instanceof Date && actual.getTime() === wanted.getTime();
  if (wanted instanceof Types.ObjectId) return actual instanceof Types.ObjectId && actual.equals(wanted);
  return actual === wanted;
}
