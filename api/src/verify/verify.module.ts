import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import { TOKEN_ISSUER } from '../common/auth/tokens.js';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { UsersModule } from '../users/users.module.js';
import { Verification, VerificationSchema } from './schemas/verification.schema.js';
import { VerifyController } from './verify.controller.js';
import { VerifyService } from './verify.service.js';

/**
 * The Verify feature: one-time-code challenges (sign-in's second factor, proving a new phone number)
 * over the VerifyGateway port, bound to Vonage Verify by VonageModule. Auth and Profile use VerifyService.
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: Verification.name, schema: VerificationSchema }]),
    UsersModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER },
        verifyOptions: { issuer: TOKEN_ISSUER },
      }),
    }),
  ],
  controllers: [VerifyController],
  providers: [VerifyService],
  exports: [VerifyService],
})
export class VerifyModule {}
