import { UpstreamError, type UpstreamFailureKind } from './upstream.error.js';

const failed = (kind: UpstreamFailureKind, extra: Partial<UpstreamError['failure']> = {}) =>
  new UpstreamError({ provider: 'Acme', operation: 'texts.send', kind, ...extra });

describe('UpstreamError', () => {
  it.each([
    ['timeout', undefined, 504, 'acme-timeout', true],
    ['unreachable', undefined, 504, 'acme-timeout', true],
    ['rate-limited', 429, 429, 'acme-error', true],
    ['unavailable', 503, 502, 'acme-error', true],
    ['conflict', 409, 409, 'acme-error', false],
    ['rejected', 422, 422, 'acme-error', false],
    ['invalid', 400, 400, 'acme-error', false],
    ['not-found', 404, 400, 'acme-error', false],
    ['refused', 401, 502, 'acme-error', false],
  ] as const)('answers %s (upstream %s) as our %i %s, retryable: %s', (kind, status, ours, type, retryable) => {
    const error = failed(kind, { status });
    expect(error.getStatus()).toBe(ours);
    expect(error.getResponse()).toMatchObject({ type });
    expect(error.retryable).toBe(retryable);
    expect(error.answered).toBe(status !== undefined);
  });

  it('passes Retry-After on (seconds) for the problem filter to send', () => {
    expect(failed('rate-limited', { status: 429, retryAfterSeconds: 7 }).getResponse()).toMatchObject({
      retryAfter: 7,
    });
  });

  it('says what the provider said when the caller caused it, and only the status when the provider broke', () => {
    expect(failed('rejected', { status: 422, title: 'Invalid', detail: 'bad number' }).message).toBe(
      'Acme refused texts.send (422): Invalid: bad number',
    );
    expect(failed('unavailable', { status: 500, detail: 'stack trace at db.js:12' }).message).toBe(
      'Acme failed texts.send (500)',
    );
    expect(failed('refused', { status: 401, detail: 'key abc123 revoked' }).message).toBe(
      'Acme failed texts.send (401)',
    );
    expect(failed('timeout').message).toBe('Acme did not answer texts.send in time');
  });
});
