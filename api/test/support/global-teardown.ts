import type { RunningDatabase } from './ferretdb.js';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __FERRETDB__?: RunningDatabase }).__FERRETDB__?.stop();
}
