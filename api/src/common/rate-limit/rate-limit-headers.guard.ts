import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';

/**
 * The throttler with the IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers:
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` in seconds) instead of `X-RateLimit-*`,
 * on every throttled answer including the 429 (which also carries `Retry-After`). Set where the
 * counting happens, so it costs three header writes and no extra lookup.
 */
@Injectable()
export class RateLimitHeadersGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const { res } = this.getRequestResponse(context);
    this.setResponseHeader(res, 'RateLimit-Limit', detail.limit);
    this.setResponseHeader(res, 'RateLimit-Remaining', 0);
    this.setResponseHeader(res, 'RateLimit-Reset', detail.timeToBlockExpire);
    return super.throwThrottlingException(context, detail);
  }
}
