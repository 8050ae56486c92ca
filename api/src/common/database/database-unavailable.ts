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

/**
 * True when an error says the database cannot be reached (down, restarting, not connected yet)
 * rather than that a query was wrong: those answer 503 `database-unavailable`, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_NAMES.has(error.name)) return true;
  if (error instanceof mongo.MongoNetworkError || error instanceof mongo.MongoServerSelectionError) return true;
  // With bufferCommands off, mongoose refuses queries until its first connection is made.
  if (
    error.name === 'MongooseError' &&
    /before initial connection is complete|Connection was force closed|Client must be connected/i.test(error.message)
  )
    return true;
  // The driver wraps some causes (e.g. a pool cleared mid-operation).
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailable(error.cause);
}
