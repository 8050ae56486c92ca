import { mongo } from 'mongoose';

/** Seconds a client is told to wait (Retry-After) when the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
]);

/** Mongoose's own: a query that waited in its buffer for a connection that did not come. */
const MONGOOSE_UNAVAILABLE =
  /buffering timed out|before initial connection is complete|Connection was force closed|Client must be connected/i;

/**
 * True when an error says the database cannot be reached (down, restarting, not connected yet)
 * rather than that a query was wrong: those answer 503 `database-unavailable`, not 500.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  // Duck-typed, not `instanceof Error`: driver errors may come from another realm (e.g. under Jest).
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { name, message, cause } = error as Partial<Error>;
  if (typeof name !== 'string') return false;
  if (UNAVAILABLE_NAMES.has(name)) return true;
  if (error instanceof mongo.MongoNetworkError || error instanceof mongo.MongoServerSelectionError) return true;
  if (name === 'MongooseError' && MONGOOSE_UNAVAILABLE.test(message ?? '')) return true;
  // The driver wraps some causes (e.g. a pool cleared mid-operation).
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}
