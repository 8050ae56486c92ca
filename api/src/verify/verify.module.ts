import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import { TOKEN_ISSUER } from '../auth/tokens.js';
import { AuthConfig,authConfig } from '../config/configuration.js';
import { Verification, VerificationSchema } from './schemas/verification.schema.js';
import { VerifyService } from './verify.service.js';

/** Second-factor challenges over the VerifyGateway port (bound to Vonage by VonageModule). */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: Verification.name, schema: VerificationSchema }]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER },
        verifyOptions: { issuer: TOKEN_ISSUER },
      }),
    }),
  ],
  providers: [VerifyService],
  exports: [VerifyService],
})
export class VerifyModule {}
