import { VonageApiError } from '../../vonage/vonage-api.error.js';
import { classifyFailure, PermanentError, RetryableError } from './outbox.errors.js';

const vonage = (failure: Partial<VonageApiError['failure']>) => new VonageApiError({ operation: 'messages.send', ...failure });

describe('classifyFailure', () => {
  it.each([
    ['a timeout', vonage({ timedOut: true })],
    ['no answer at all', vonage({})],
    ['429', vonage({ status: 429 })],
    ['500', vonage({ status: 500 })],
    ['503', vonage({ status: 503 })],
  ])('retries %s from Vonage', (_, error) => {
    expect(classifyFailure(error).retryable).toBe(true);
  });

  it.each([400, 401, 403, 404, 422])('gives up on a %s from Vonage', (status) => {
    expect(classifyFailure(vonage({ status })).retryable).toBe(false);
  });

  it("carries Vonage's Retry-After in milliseconds", () => {
    expect(classifyFailure(vonage({ status: 429, retryAfter: 7 }))).toMatchObject({ retryable: true, retryAfterMs: 7000 });
  });

  it('follows what the handler decided', () => {
    expect(classifyFailure(new PermanentError('bad payload')).retryable).toBe(false);
    expect(classifyFailure(new RetryableError('wait', { retryAfterMs: 250 }))).toMatchObject({ retryable: true, retryAfterMs: 250 });
  });

  it('retries unknown errors (bounded by the attempt limit)', () => {
    expect(classifyFailure(new Error('connection reset')).retryable).toBe(true);
  });
});
