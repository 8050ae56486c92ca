export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: exponential (base · 2^(n-1)),
 * capped, with "equal jitter" (a random half on top of a fixed half) so that many entries failing
 * together do not retry together, yet each still waits a predictable minimum. A server's
 * Retry-After is a floor.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs));
}
