import { UpstreamError } from '../upstream/upstream.error.js';

/** A failure worth another attempt later (timeouts, rate limits, outages). */
export class RetryableError extends Error {
  /** Wait at least this long before the next attempt (e.g. from Retry-After). */
  readonly retryAfterMs?: number;

  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RetryableError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A failure another attempt cannot fix (bad number, bad payload, refused credentials). */
export class PermanentError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PermanentError';
  }
}

export interface FailureVerdict {
  retryable: boolean;
  retryAfterMs?: number;
  reason: string;
}

/**
 * Decides whether a handler's failure is worth retrying. A provider's failure (UpstreamError) says
 * so itself: no answer, a rate limit or an outage is transient; a refusal will not change.
 * Unknown errors (e.g. the database blinking) are retried: the attempt limit bounds them.
 */
export function classifyFailure(error: unknown): FailureVerdict {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof PermanentError) return { retryable: false, reason };
  if (error instanceof RetryableError) return { retryable: true, retryAfterMs: error.retryAfterMs, reason };
  if (error instanceof UpstreamError) {
    if (!error.retryable) return { retryable: false, reason };
    const { retryAfterSeconds } = error.failure;
    return {
      retryable: true,
      retryAfterMs: retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined,
      reason,
    };
  }
  return { retryable: true, reason };
}
