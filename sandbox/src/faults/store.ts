import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import picomatch from 'picomatch';
import { iso } from '../validation.js';

/** What a test asks for: how the next matching Vonage requests should misbehave. */
export interface FaultInput {
  /** HTTP method to match; any method when absent. */
  method?: string;
  /** Glob on the URL path (query ignored), as in Vonage ACLs: `*` = one segment, `**` = any depth. */
  path: string;
  /** Answer with this error status (4xx/5xx) instead of the real answer. */
  status?: number;
  /** How many matching requests it affects before it is spent. */
  times: number;
  /** Seconds for the Retry-After header of the error answer. */
  retryAfter?: number;
  /** Hold the answer this long (to provoke client timeouts); then the error, or the normal answer. */
  delayMs?: number;
  /** Fires on this share of matching requests (0 < p <= 1; default 1); a request it skips may take the next fault. */
  probability?: number;
}

export interface Fault extends FaultInput {
  id: string;
  remaining: number;
  fired: number;
  createdAt: number;
  matches(pathname: string): boolean;
}

/** 429 without an explicit retry_after still tells clients to wait, as Vonage does. */
export const DEFAULT_429_RETRY_AFTER_SECONDS = 1;

/**
 * Scripted failures of the emulated Vonage APIs (sandbox only). A request takes the oldest armed
 * fault matching its method and path, which counts down and is spent after `times` requests.
 * Spent faults stay listed (remaining 0) so tests can read how often each fired.
 */
export class FaultStore {
  private faults: Fault[] = [];
  /** Cuts pending delays short on reset and shutdown, so nothing hangs on a sleeping request. */
  private delays = new AbortController();

  constructor(
    private readonly now: () => number,
    /** Draws for `probability` (tests may fix it). */
    private readonly random: () => number = Math.random,
  ) {}

  arm(input: FaultInput): Fault {
    const isMatch = picomatch(input.path, { dot: true });
    const fault: Fault = {
      ...input,
      method: input.method?.toUpperCase(),
      id: randomUUID(),
      remaining: input.times,
      fired: 0,
      createdAt: this.now(),
      matches: (pathname) => isMatch(pathname),
    };
    this.faults.push(fault);
    return fault;
  }

  /** Takes one use of the first armed fault for this request, if any. */
  take(method: string, url: string): Fault | undefined {
    const pathname = url.split('?')[0];
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method === method.toUpperCase()) &&
        f.matches(pathname) &&
        (f.probability === undefined || f.probability >= 1 || this.random() < f.probability),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.fired++;
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  /** Waits `ms`, or less if the sandbox is reset or closed meanwhile. */
  async delay(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.delays.signal }).catch(() => undefined);
  }

  reset(): void {
    this.faults = [];
    this.delays.abort();
    this.delays = new AbortController();
  }
}

/** The inspection representation of a fault. */
export function describeFault(fault: Fault) {
  return {
    id: fault.id,
    method: fault.method ?? null,
    path: fault.path,
    status: fault.status ?? null,
    retry_after: fault.retryAfter ?? (fault.status === 429 ? DEFAULT_429_RETRY_AFTER_SECONDS : null),
    delay_ms: fault.delayMs ?? 0,
    probability: fault.probability ?? 1,
    times: fault.times,
    remaining: fault.remaining,
    fired: fault.fired,
    created_at: iso(fault.createdAt),
  };
}
