import type { ChildProcess } from 'node:child_process';
import type { VonageIdentity } from '../../../scripts/lib/dev-stack.mjs';
import { newVonageIdentity, startSandbox as startSandboxProcess } from '../../../scripts/lib/dev-stack.mjs';

// Identity and start-up come from the repository's one dev-stack library (scripts/lib/dev-stack.mjs).
export { newVonageIdentity };
export type { VonageIdentity };

export interface RunningSandbox {
  url: string;
  process: ChildProcess;
  /** GET an inspection endpoint (/_sandbox/...) and return its JSON. */
  inspect<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the Vonage sandbox (built CLI) on a free port, trusting the given identity. */
export async function startSandbox(
  identity: VonageIdentity,
  env: Record<string, string> = {},
): Promise<RunningSandbox> {
  const sandbox = await startSandboxProcess(identity, { env });
  return {
    ...sandbox,
    inspect: async <T>(path: string) => {
      const response = await fetch(`${sandbox.url}/_sandbox${path}`);
      if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}
