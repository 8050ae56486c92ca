import type { RunningDatabase } from '../../../scripts/lib/dev-stack.mjs';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __FERRETDB__?: RunningDatabase }).__FERRETDB__?.stop();
}
