import { Module } from '@nestjs/common';
import { AccessTokenVerifier } from '../common/auth/access-tokens.js';
import { UsersModule } from '../users/users.module.js';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier.js';

/** The access-token check every guarded route runs (the global JwtAuthGuard, the event stream's guard). */
@Module({
  imports: [UsersModule],
  providers: [{ provide: AccessTokenVerifier, useClass: JwtAccessTokenVerifier }],
  exports: [AccessTokenVerifier],
})
export class AccessTokensModule {}
