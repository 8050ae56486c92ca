import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessTokenVerifier } from '../common/auth/access-tokens.js';
import { authenticate, type AuthenticatedRequest } from '../common/auth/jwt-auth.guard.js';
import { EventTicketsService } from './event-tickets.service.js';

/**
 * Authenticates GET /api/events: a `?ticket=` (EventSource) or, failing that, the usual bearer
 * access token with the same checks as every other route. Runs before the stream opens, so a bad
 * credential is a 401 problem+json, never a stream.
 */
@Injectable()
export class EventStreamGuard implements CanActivate {
  constructor(
    private readonly tickets: EventTicketsService,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { query?: Record<string, unknown> }>();
    const ticket = request.query?.ticket;
    if (typeof ticket === 'string' && ticket.length > 0 && ticket.length <= 200) {
      request.user = await this.tickets.redeem(ticket);
      return true;
    }
    request.user = await authenticate(this.tokens, request, 'A valid access token or stream ticket is required');
    return true;
  }
}
