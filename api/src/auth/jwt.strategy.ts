import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import type { Role } from '../common/auth/role.js';
import { ACCESS_TOKEN_AUDIENCE, TOKEN_ISSUER } from '../common/auth/tokens.js';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';

interface AccessTokenPayload {
  sub: string;
  email: string;
  role: Role;
  /** The account's token version when the token was issued (absent in tokens from before versions: 0). */
  tv?: number;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(authConfig.KEY) config: AuthConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse
      // it as a PEM key on every request, which bench/ measured at ~10% of the API's CPU.
      // (passport-jwt's types predate KeyObject; jsonwebtoken accepts it.)
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      // Only access tokens open the API; later token kinds (2FA, refresh) carry other audiences.
      audience: ACCESS_TOKEN_AUDIENCE,
    });
  }

  /**
   * A valid signature is not enough: the account must still exist, be enabled, have the role the
   * token names and the same token version. Disabling, a role change, logout and a password
   * change raise the version, so every token issued before stops working at once instead of at
   * its expiry. One small indexed read per request (measured in bench/http-overhead.mjs).
   */
  async validate(payload: AccessTokenPayload): Promise<AuthenticatedUser> {
    const account = await this.users.accountState(payload.sub);
    if (!account || account.disabled || account.role !== payload.role || account.tokenVersion !== (payload.tv ?? 0)) {
      throw new UnauthorizedException({ type: 'session-ended', message: 'This session has ended; sign in again' });
    }
    return { id: payload.sub, email: payload.email, role: payload.role };
  }
}
