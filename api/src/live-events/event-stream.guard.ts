import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { EventTicketsService } from './event-tickets.service.js';

/**
 * Authenticates GET /api/events: a `?ticket=` (EventSource) or, failing that, the usual bearer
 * access token through the same passport strategy as every other route. Runs before the stream
 * opens, so a bad credential is a 401 problem+json, never a stream.
 */
@Injectable()
export class EventStreamGuard extends AuthGuard('jwt') {
  constructor(private readonly tickets: EventTicketsService) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ query?: Record<string, unknown>; user?: unknown }>();
    const ticket = request.query?.ticket;
    if (typeof ticket === 'string' && ticket.length > 0 && ticket.length <= 200) {
      request.user = await this.tickets.redeem(ticket);
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // As JwtAuthGuard: our own answers (a session that ended) pass as they are, and a failure to
    // check the account (database down) is not turned into a 401.
    // Passport hands on what the strategy threw: our HttpException or the database's error.
    if (error) throw error as Error;
    if (!user)
      throw new UnauthorizedException({
        type: 'invalid-token',
        message: 'A valid access token or stream ticket is required',
      });
    return user;
  }
}
