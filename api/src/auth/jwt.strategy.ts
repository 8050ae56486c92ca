import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import type { Role } from '../common/auth/role.js';
import { authConfig, AuthConfig } from '../config/configuration.js';
import { ACCESS_TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens.js';

interface AccessTokenPayload {
  sub: string;
  email: string;
  role: Role;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@Inject(authConfig.KEY) config: AuthConfig) {
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

  validate(payload: AccessTokenPayload): AuthenticatedUser {
    return { id: payload.sub, email: payload.email, role: payload.role };
  }
}
