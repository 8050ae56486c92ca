import { createSecretKey, type KeyObject } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import jwt from 'jsonwebtoken';
import { JwtStrategy } from '../../auth/jwt.strategy.js';
import { ACCESS_TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../auth/tokens.js';
import { authConfig, AuthConfig } from '../../config/configuration.js';
import { IS_PUBLIC } from './decorators.js';

/** passport-jwt's fromAuthHeaderAsBearerToken: "<scheme> <token>", the scheme compared case-insensitively. */
const AUTH_HEADER = /(\S+)\s+(\S+)/;
function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = AUTH_HEADER.exec(header);
  return match && match[1].toLowerCase() === 'bearer' ? match[2] : null;
}

/**
 * Global guard: every route needs a valid access token unless marked @Public().
 *
 * It verifies the token itself, with exactly passport-jwt's checks (bearer header, HS256 signature,
 * issuer, audience, expiry: jsonwebtoken.verify with the strategy's options), then the account check
 * of JwtStrategy.validate. Going through passport cost the API ~0.1–0.2 ms of CPU per request
 * (its per-request strategy instance, callbacks and request decoration, issue #15's profile); the
 * passport strategy still serves guards that extend AuthGuard('jwt') (the event stream).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly key: KeyObject;

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
    @Inject(authConfig.KEY) config: AuthConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: unknown }>();
    const token = bearerToken(request.headers.authorization);
    let payload: unknown;
    try {
      if (!token) throw new Error('no bearer token');
      payload = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE });
    } catch {
      throw new UnauthorizedException({ type: 'invalid-token', message: 'A valid access token is required' });
    }
    // Our own answers (a session that ended) pass as they are; a failure to check the account
    // (database down) must not pass for a bad token either, so it is not turned into a 401.
    request.user = await this.strategy.validate(payload as Parameters<JwtStrategy['validate']>[0]);
    return true;
  }
}
