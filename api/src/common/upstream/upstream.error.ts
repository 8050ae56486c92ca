import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * What went wrong at a provider, in words every feature can act on without knowing the provider.
 * Adapters choose the kind from the provider's own answer (for Vonage: `vonage/vonage-errors.ts`).
 */
export type UpstreamFailureKind =
  /** No answer within the timeout: the provider may or may not have acted (e.g. sent the text). */
  | 'timeout'
  /** No connection at all (DNS, refused, reset before an answer). */
  | 'unreachable'
  /** Too many requests (429): wait `retryAfterSeconds` if given. */
  | 'rate-limited'
  /** The provider broke or is down (5xx, 408). */
  | 'unavailable'
  /** The request clashes with the provider's state (409, e.g. a name already taken). */
  | 'conflict'
  /** Well-formed but refused for its content (422, e.g. an invalid phone number). */
  | 'rejected'
  /** Malformed in the provider's eyes (400). */
  | 'invalid'
  /** What the request names is not (or no longer) known to the provider (404, 410). */
  | 'not-found'
  /** Refused for a reason on our side: credentials, account, configuration (401, 403, any other 4xx). */
  | 'refused';

export interface UpstreamFailure {
  /** Who failed, as people name it ("Vonage"); also the problem type's prefix (`vonage-error`). */
  provider: string;
  /** What we asked, e.g. `verify.start`: for logs and the answer's detail. */
  operation: string;
  kind: UpstreamFailureKind;
  /** The provider's HTTP status, for logs; undefined when no answer came. */
  status?: number;
  /** Seconds (the provider's Retry-After, as HTTP has it), when it said how long to wait. */
  retryAfterSeconds?: number;
  /** The provider's id of the request, for its support and our logs. */
  requestId?: string;
  /** The provider's own words (its problem type, title, detail): logged, never answered on a 5xx. */
  type?: string;
  title?: string;
  detail?: string;
}

/** How each kind is answered to our client, and whether the same request may succeed later. */
const ANSWERS: Record<UpstreamFailureKind, { status: HttpStatus; retryable: boolean }> = {
  timeout: { status: HttpStatus.GATEWAY_TIMEOUT, retryable: true },
  unreachable: { status: HttpStatus.GATEWAY_TIMEOUT, retryable: true },
  'rate-limited': { status: HttpStatus.TOO_MANY_REQUESTS, retryable: true },
  unavailable: { status: HttpStatus.BAD_GATEWAY, retryable: true },
  // What the caller caused passes through as theirs; our own mistakes are a 502.
  conflict: { status: HttpStatus.CONFLICT, retryable: false },
  rejected: { status: HttpStatus.UNPROCESSABLE_ENTITY, retryable: false },
  invalid: { status: HttpStatus.BAD_REQUEST, retryable: false },
  'not-found': { status: HttpStatus.BAD_REQUEST, retryable: false },
  refused: { status: HttpStatus.BAD_GATEWAY, retryable: false },
};

/**
 * A failed call to an outside provider (messages, verification, video, conversations), thrown by
 * every port: features, the outbox and the problem filter depend on this, never on an SDK's errors.
 * It is already the answer our API gives (problem type `<provider>-error`, or `<provider>-timeout`
 * when no answer came; `Retry-After` on 429); features catch it to do better by `kind`.
 */
export class UpstreamError extends HttpException {
  constructor(readonly failure: UpstreamFailure) {
    const status = ANSWERS[failure.kind].status;
    const prefix = failure.provider.toLowerCase();
    super(
      {
        type: status === HttpStatus.GATEWAY_TIMEOUT ? `${prefix}-timeout` : `${prefix}-error`,
        message: describe(failure, status),
        retryAfter: failure.retryAfterSeconds,
      },
      status,
    );
    this.name = 'UpstreamError';
  }

  get kind(): UpstreamFailureKind {
    return this.failure.kind;
  }

  /** The same request may succeed later (timeouts, rate limits, outages); anything else will not change. */
  get retryable(): boolean {
    return ANSWERS[this.failure.kind].retryable;
  }

  /**
   * The provider answered, so it did not act on the request (safe to send again). False after a
   * timeout or a lost connection: the outcome is unknown.
   */
  get answered(): boolean {
    return this.failure.status !== undefined;
  }
}

/**
 * The detail our client sees. On a 5xx (the provider broke or refused our credentials) it names
 * the status only: the provider's words may be internals, and the adapter logs them in full.
 */
function describe({ provider, operation, kind, status, title, detail }: UpstreamFailure, ours: number): string {
  if (kind === 'timeout') return `${provider} did not answer ${operation} in time`;
  if (status === undefined) return `${provider} could not be reached for ${operation}`;
  if (ours >= 500) return `${provider} failed ${operation} (${status})`;
  const said = [title, detail].filter(Boolean).join(': ');
  return `${provider} refused ${operation} (${status})${said ? `: ${said}` : ''}`;
}
