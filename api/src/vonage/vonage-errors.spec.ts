import { toUpstreamError, vonageFailureKind } from './vonage-errors.js';

describe('vonageFailureKind', () => {
  it.each([
    [{ timedOut: true }, 'timeout'],
    [{}, 'unreachable'],
    [{ status: 429 }, 'rate-limited'],
    [{ status: 408 }, 'unavailable'],
    [{ status: 500 }, 'unavailable'],
    [{ status: 503 }, 'unavailable'],
    [{ status: 409 }, 'conflict'],
    [{ status: 422 }, 'rejected'],
    [{ status: 400 }, 'invalid'],
    [{ status: 404 }, 'not-found'],
    [{ status: 410 }, 'not-found'],
    [{ status: 401 }, 'refused'],
    [{ status: 403 }, 'refused'],
    [{ status: 413 }, 'refused'],
  ])('reads %j as %s', (failure, kind) => {
    expect(vonageFailureKind(failure)).toBe(kind);
  });
});

describe('toUpstreamError', () => {
  it("keeps Vonage's words and ids for logs and adapters, under neutral names", () => {
    const error = toUpstreamError({
      operation: 'verify.check',
      status: 410,
      title: 'Gone',
      detail: 'Too many attempts',
      vonageRequestId: 'v-1',
      type: 'urn:gone',
    });
    expect(error.failure).toEqual({
      provider: 'Vonage',
      operation: 'verify.check',
      kind: 'not-found',
      status: 410,
      retryAfterSeconds: undefined,
      requestId: 'v-1',
      type: 'urn:gone',
      title: 'Gone',
      detail: 'Too many attempts',
    });
  });

  it('answers with the problem our clients always got: vonage-error / vonage-timeout', () => {
    expect(toUpstreamError({ operation: 'verify.start', status: 503 }).getResponse()).toEqual({
      type: 'vonage-error',
      message: 'Vonage failed verify.start (503)',
      retryAfter: undefined,
    });
    expect(toUpstreamError({ operation: 'video.createSession', timedOut: true }).getResponse()).toMatchObject({
      type: 'vonage-timeout',
    });
    expect(toUpstreamError({ operation: 'video.createSession' }).getResponse()).toMatchObject({
      type: 'vonage-timeout',
      message: 'Vonage could not be reached for video.createSession',
    });
  });
});
