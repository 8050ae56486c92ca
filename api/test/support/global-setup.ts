// Straight from the library: Jest runs this file outside its module map (no .js → .ts resolution).
import { startFerretDb } from '../../../scripts/lib/dev-stack.mjs';

/** One database server for the whole e2e run; each test file uses its own database in it. */
export default async function globalSetup(): Promise<void> {
  const database = await startFerretDb();
  process.env.E2E_MONGODB_SERVER = database.uri;
  (globalThis as { __FERRETDB__?: typeof database }).__FERRETDB__ = database;
}
