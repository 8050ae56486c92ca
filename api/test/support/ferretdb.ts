// The embedded FerretDB comes from the repository's one dev-stack library (scripts/lib/dev-stack.mjs).
export type { RunningDatabase } from '../../../scripts/lib/dev-stack.mjs';
export { FERRETDB_BIN, ferretDbArgs, startFerretDb } from '../../../scripts/lib/dev-stack.mjs';

/** The same server URI with a database path, e.g. mongodb://127.0.0.1:1234/tabletalk_x */
export function withDatabase(serverUri: string, database: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${database}`;
  return url.toString();
}
