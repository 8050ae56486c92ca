import { UpstreamError, type UpstreamFailureKind } from '../upstream/upstream.error.js';
import { classifyFailure, PermanentError, RetryableError } from './outbox.errors.js';

const upstream = (kind: UpstreamFailureKind, extra: { status?: number; retryAfterSeconds?: number } = {}) =>
  new UpstreamError({ provider: 'Vonage', operation: 'messages.send', kind, ...extra });

describe('classifyFailure', () => {
  it.each([
    ['a timeout', upstream('timeout')],
    ['no answer at all', upstream('unreachable')],
    ['a rate limit', upstream('rate-limited', { status: 429 })],
    ['an outage (500)', upstream('unavailable', { status: 500 })],
    ['an outage (503)', upstream('unavailable', { status: 503 })],
  ])('retries %s from the provider', (_, error) => {
    expect(classifyFailure(error).retryable).toBe(true);
  });

  it.each([
    ['invalid', 400],
    ['refused', 401],
    ['refused', 403],
    ['not-found', 404],
    ['rejected', 422],
    ['conflict', 409],
  ] as const)('gives up on a %s (%i) from the provider', (kind, status) => {
    expect(classifyFailure(upstream(kind, { status })).retryable).toBe(false);
  });

  it("carries the provider's Retry-After (seconds) in milliseconds", () => {
    expect(classifyFailure(upstream('rate-limited', { status: 429, retryAfterSeconds: 7 }))).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(classifyFailure(upstream('unavailable', { status: 503 })).retryAfterMs).toBeUndefined();
  });

  it('follows what the handler decided', () => {
    expect(classifyFailure(new PermanentError('bad payload')).retryable).toBe(false);
    expect(classifyFailure(new RetryableError('wait', { retryAfterMs: 250 }))).toMatchObject({
      retryable: true,
      retryAfterMs: 250,
    });
  });

  it('retries unknown errors (bounded by the attempt limit)', () => {
    expect(classifyFailure(new Error('connection reset')).retryable).toBe(true);
  });
});
