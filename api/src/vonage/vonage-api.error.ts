import { HttpException, HttpStatus } from '@nestjs/common';

/** What Vonage said when a call failed (its problem+json body, when it sent one). */
export interface VonageFailure {
  operation: string;
  /** Vonage's HTTP status; undefined when no answer came (timeout, network). */
  status?: number;
  type?: string;
  title?: string;
  detail?: string;
  /** Seconds, from Vonage's Retry-After header on 429. */
  retryAfter?: number;
  /** Vonage's request id (X-Request-Id / trace id) for support tickets and logs. */
  vonageRequestId?: string;
  body?: Record<string, unknown>;
  timedOut?: boolean;
}

/**
 * A failed Vonage call, already mapped to the answer our API gives: what the caller caused
 * (409, 422, 429) passes through; Vonage rejecting our own credentials or breaking is a 502,
 * no answer in time is a 504. Features may catch it and look at `failure.status` to do better.
 */
export class VonageApiError extends HttpException {
  constructor(readonly failure: VonageFailure) {
    super(
      {
        type: ourStatus(failure) === Number(HttpStatus.GATEWAY_TIMEOUT) ? 'vonage-timeout' : 'vonage-error',
        message: describe(failure),
        retryAfter: failure.retryAfter,
      },
      ourStatus(failure),
    );
  }
}

function ourStatus({ status, timedOut }: VonageFailure): number {
  if (timedOut || status === undefined) return HttpStatus.GATEWAY_TIMEOUT;
  if (status === 409 || status === 422 || status === 429) return status;
  if (status === 400 || status === 404 || status === 410) return HttpStatus.BAD_REQUEST;
  return HttpStatus.BAD_GATEWAY;
}

/**
 * The message our client sees. When we answer 5xx (Vonage broke or refused our credentials) it
 * names the status only: Vonage's words may be internals, and callVonage logs them in full.
 */
function describe(failure: VonageFailure): string {
  const { operation, status, title, detail, timedOut } = failure;
  if (timedOut) return `Vonage did not answer ${operation} in time`;
  if (status === undefined) return `Vonage could not be reached for ${operation}`;
  if (ourStatus(failure) >= 500) return `Vonage failed ${operation} (${status})`;
  const said = [title, detail].filter(Boolean).join(': ');
  return `Vonage refused ${operation} (${status})${said ? `: ${said}` : ''}`;
}
