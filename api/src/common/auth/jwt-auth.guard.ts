import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from './decorators.js';

/** Global guard: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // Our own answers (a session that ended) pass as they are; a failure to check the account
    // (database down) must not pass for a bad token either, so it is not turned into a 401.
    // Passport hands on what the strategy threw: our HttpException or the database's error.
    if (error) throw error as Error;
    if (!user) {
      throw new UnauthorizedException({ type: 'invalid-token', message: 'A valid access token is required' });
    }
    return user;
  }
}
