import type { RunningSandbox } from './sandbox.js';

/** How the next matching Vonage requests should misbehave (see sandbox/README.md, "Fault injection"). */
export interface FaultSpec {
  /** Glob on the Vonage path: `*` = one segment, `**` = any depth. */
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  status?: number;
  times?: number;
  retry_after?: number;
  delay_ms?: number;
}

export interface ArmedFault extends Required<Pick<FaultSpec, 'path' | 'times'>> {
  id: string;
  method: string | null;
  status: number | null;
  retry_after: number | null;
  delay_ms: number;
  remaining: number;
  fired: number;
}

/** Arms a fault in the test app's sandbox; fails loudly if the sandbox refuses it. */
export async function armFault(sandbox: RunningSandbox, fault: FaultSpec): Promise<ArmedFault> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (response.status !== 201)
    throw new Error(`sandbox refused fault ${JSON.stringify(fault)}: ${response.status} ${await response.text()}`);
  return (await response.json()) as ArmedFault;
}

/** A fault as the sandbox sees it now (remaining, fired). */
export async function faultState(sandbox: RunningSandbox, id: string): Promise<ArmedFault> {
  const fault = (await sandbox.inspect<ArmedFault[]>('/faults')).find((f) => f.id === id);
  if (!fault) throw new Error(`no fault ${id} in the sandbox`);
  return fault;
}

export async function clearFaults(sandbox: RunningSandbox): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
  if (response.status !== 204) throw new Error(`sandbox did not clear faults: ${response.status}`);
}
