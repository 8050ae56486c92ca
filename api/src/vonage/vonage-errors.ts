import { UpstreamError, type UpstreamFailureKind } from '../common/upstream/upstream.error.js';

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
  timedOut?: boolean;
}

/** Vonage's HTTP statuses in the provider-neutral words the features act on. */
export function vonageFailureKind({
  status,
  timedOut,
}: Pick<VonageFailure, 'status' | 'timedOut'>): UpstreamFailureKind {
  if (timedOut) return 'timeout';
  if (status === undefined) return 'unreachable';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'unavailable';
  if (status === 409) return 'conflict';
  if (status === 422) return 'rejected';
  if (status === 400) return 'invalid';
  if (status === 404 || status === 410) return 'not-found';
  return 'refused';
}

/** The one place a Vonage failure becomes the error every port throws. */
export function toUpstreamError(failure: VonageFailure): UpstreamError {
  return new UpstreamError({
    provider: 'Vonage',
    operation: failure.operation,
    kind: vonageFailureKind(failure),
    status: failure.status,
    retryAfterSeconds: failure.retryAfter,
    requestId: failure.vonageRequestId,
    type: failure.type,
    title: failure.title,
    detail: failure.detail,
  });
}
