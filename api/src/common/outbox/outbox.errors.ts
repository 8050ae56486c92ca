import { VonageApiError } from '../../vonage/vonage-api.error.js';

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
 * Decides whether a handler's failure is worth retrying. Vonage failures decide by status:
 * no answer (timeout, network), 429 and 5xx are transient; any other 4xx will not change.
 * Unknown errors (e.g. the database blinking) are retried: the attempt limit bounds them.
 */
export function classifyFailure(error: unknown): FailureVerdict {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof PermanentError) return { retryable: false, reason };
  if (error instanceof RetryableError) return { retryable: true, retryAfterMs: error.retryAfterMs, reason };
  if (error instanceof VonageApiError) {
    const { status, retryAfter } = error.failure;
    const retryAfterMs = retryAfter !== undefined ? retryAfter * 1000 : undefined;
    if (status === undefined || status === 408 || status === 429 || status >= 500) return { retryable: true, retryAfterMs, reason };
    return { retryable: false, reason };
  }
  return { retryable: true, reason };
}
