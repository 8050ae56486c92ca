import { Logger } from '@nestjs/common';
import { toUpstreamError, type VonageFailure } from './vonage-errors.js';

const logger = new Logger('Vonage');

interface FetchLikeError {
  name?: string;
  message?: string;
  response?: Response;
  cause?: unknown;
}

export interface CallVonageOptions {
  /**
   * Statuses the caller handles as a normal outcome (e.g. 409 "already a member"): logged at
   * debug, not as a failure, so the log's warnings stay about things that went wrong.
   */
  expected?: number[];
}

/**
 * Runs one Vonage SDK call: logs its outcome with Vonage's request id and turns any failure
 * into an UpstreamError (see vonage-errors.ts). The SDK itself enforces the timeout (client option `timeout`).
 */
export async function callVonage<T>(
  operation: string,
  call: () => Promise<T>,
  options: CallVonageOptions = {},
): Promise<T> {
  const started = Date.now();
  try {
    const result = await call();
    logger.debug({ operation, ms: Date.now() - started }, 'vonage call succeeded');
    return result;
  } catch (error) {
    const failure = await describeFailure(operation, error as FetchLikeError);
    const expected = failure.status !== undefined && options.expected?.includes(failure.status);
    if (expected) logger.debug({ ...failure, ms: Date.now() - started }, 'vonage call answered an expected error');
    else logger.warn({ ...failure, ms: Date.now() - started }, 'vonage call failed');
    throw toUpstreamError(failure);
  }
}

async function describeFailure(operation: string, error: FetchLikeError): Promise<VonageFailure> {
  const response = error.response;
  if (!response) {
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
    return { operation, timedOut, detail: error.message };
  }
  let body: Record<string, unknown> | undefined;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (or already read): the status alone has to do.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    operation,
    status: response.status,
    type: stringOf(body?.type),
    title: stringOf(body?.title),
    detail: stringOf(body?.detail),
    retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    vonageRequestId: response.headers.get('x-request-id') ?? response.headers.get('x-vonage-trace-id') ?? undefined,
  };
}

const stringOf = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
