import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { UsersModule } from '../users/users.module.js';
import { VerifyModule } from '../verify/verify.module.js';
import { AdminSeeder } from './admin-seeder.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { ProfileController } from './profile.controller.js';
import { ProfileService } from './profile.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { RefreshToken, RefreshTokenSchema } from './schemas/refresh-token.schema.js';
import { SignInLockout, SignInLockoutSchema } from './schemas/sign-in-lockout.schema.js';
import { SignInLockoutService } from './sign-in-lockout.service.js';

@Module({
  imports: [
    UsersModule,
    VerifyModule,
    MongooseModule.forFeature([
      { name: RefreshToken.name, schema: RefreshTokenSchema },
      { name: SignInLockout.name, schema: SignInLockoutSchema },
    ]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, ProfileController],
  providers: [AuthService, PasswordHasher, RefreshTokensService, SignInLockoutService, AdminSeeder, ProfileService],
  exports: [AuthService, PasswordHasher],
})
export class AuthModule {}
