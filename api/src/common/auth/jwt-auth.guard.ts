import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, bearerToken } from './access-tokens.js';
import { type AuthenticatedUser, IS_PUBLIC } from './decorators.js';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}

/**
 * Global guard: every route needs a valid access token unless marked @Public(). It calls the
 * verifier directly: passport's strategy machinery around the same checks cost ~0.1 ms of CPU per
 * request (about a tenth of GET /api/auth/me, bench/http-overhead.mjs) and added nothing we use.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.user = await authenticate(this.tokens, request, 'A valid access token is required');
    return true;
  }
}

/** The caller of `request` by its bearer token; a 401 `invalid-token` with `message` when there is none or it is bad. */
export async function authenticate(
  tokens: AccessTokenVerifier,
  request: AuthenticatedRequest,
  message: string,
): Promise<AuthenticatedUser> {
  const token = bearerToken(request.headers.authorization);
  const user = token ? await tokens.verify(token) : null;
  if (!user) throw new UnauthorizedException({ type: 'invalid-token', message });
  return user;
}
