/** MongoDB's (and FerretDB's) error code for a write that breaks a unique index. */
export const DUPLICATE_KEY = 11000;

/**
 * FerretDB v1 on SQLite reports a unique index broken by an *update* (findAndModify) not as 11000
 * but as InternalError (code 1) carrying SQLite's own message; schemathesis found the resulting
 * 500 (renaming a menu item to a taken name). Inserts do get 11000.
 */
const FERRETDB_SQLITE_UNIQUE = 'UNIQUE constraint failed';

/** True when a write failed only because a unique index already holds the key. */
export function isDuplicateKeyError(error: unknown): boolean {
  const failure = error as { code?: number; message?: unknown } | null;
  if (failure?.code === DUPLICATE_KEY) return true;
  return failure?.code === 1 && typeof failure.message === 'string' && failure.message.includes(FERRETDB_SQLITE_UNIQUE);
}
