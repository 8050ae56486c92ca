/** MongoDB's (and FerretDB's) error code for a write that breaks a unique index. */
export const DUPLICATE_KEY = 11000;

/** True when a write failed only because a unique index already holds the key. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === DUPLICATE_KEY;
}
