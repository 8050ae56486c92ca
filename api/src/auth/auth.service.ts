import { Inject, Injectable, Logger, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, AuthConfig } from '../config/configuration.js';
import { UserDto } from '../users/dto/user.dto.js';
import { UserDocument } from '../users/schemas/user.schema.js';
import { UsersService } from '../users/users.service.js';
import { VerificationChallengeDto } from '../verify/dto/verification-challenge.dto.js';
import { VerificationSubject, VerifyService } from '../verify/verify.service.js';
import { AuthSessionDto } from './dto/auth-session.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { SignInLockoutService } from './sign-in-lockout.service.js';
import { ACCESS_TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens.js';

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly verify: VerifyService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly lockout: SignInLockoutService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.verify.enabled) {
      this.logger.warn('VERIFY_ENABLED=false: two-factor sign-in is OFF. Use this for local experiments only, never in production.');
    }
  }

  /** Self-service sign-up is for customers only; staff accounts are made by an admin. */
  async register(input: RegisterDto): Promise<UserDto> {
    const user = await this.users.create({
      email: input.email,
      name: input.name,
      phone: input.phone,
      role: 'customer',
      verifyChannel: input.verifyChannel ?? 'sms',
      passwordHash: await this.passwords.hash(input.password),
    });
    return UsersService.toDto(user);
  }

  /** First step of sign-in: the password. Accounts that need a second factor get a challenge. */
  async login(input: LoginDto, client: string): Promise<AuthSessionDto | VerificationChallengeDto> {
    // Before the password hash: a locked-out client costs nothing. Unknown addresses lock like
    // real ones, so neither answer tells which accounts exist.
    await this.lockout.gate(input.email, client);
    const user = await this.users.findByEmail(input.email);
    const valid = await this.passwords.verify(user?.passwordHash, input.password);
    if (!user || !valid) {
      await this.lockout.recordFailure(input.email, client);
      // One answer for unknown email and wrong password, so accounts cannot be enumerated.
      throw new UnauthorizedException({ type: 'invalid-credentials', message: 'Invalid email or password' });
    }
    if (this.needsSecondFactor(user)) {
      return this.verify.start(verificationSubject(user));
    }
    return this.startSession(user, client);
  }

  /** Second step: the one-time code. */
  async completeVerification(verifyToken: string, code: string, client: string): Promise<AuthSessionDto> {
    const userId = await this.verify.subjectOf(verifyToken);
    const user = await this.activeUser(userId);
    await this.lockout.gate(user.email, client);
    try {
      await this.verify.check(verifyToken, code);
    } catch (error) {
      if (error instanceof UnauthorizedException) await this.lockout.recordFailure(user.email, client);
      throw error;
    }
    return this.startSession(user, client);
  }

  async resendCode(verifyToken: string) {
    const user = await this.activeUser(await this.verify.subjectOf(verifyToken));
    return this.verify.resend(verifyToken, verificationSubject(user));
  }

  cancelVerification(verifyToken: string): Promise<void> {
    return this.verify.cancel(verifyToken);
  }

  async refresh(refreshToken: string): Promise<AuthSessionDto> {
    const { userId, refreshToken: next } = await this.refreshTokens.rotate(refreshToken);
    const user = await this.activeUser(userId);
    return this.sessionFor(user, next);
  }

  logout(refreshToken: string): Promise<void> {
    return this.refreshTokens.revoke(refreshToken);
  }

  async updateProfile(userId: string, changes: UpdateProfileDto): Promise<UserDto> {
    const user = await this.users.updateProfile(userId, changes);
    if (!user) throw new UnauthorizedException({ type: 'invalid-token', message: 'The account no longer exists' });
    return UsersService.toDto(user);
  }

  async me(userId: string): Promise<UserDto> {
    return UsersService.toDto(await this.activeUser(userId));
  }

  private needsSecondFactor(user: UserDocument): boolean {
    if (!this.config.verify.enabled) return false;
    return user.role !== 'customer' || this.config.verify.customers;
  }

  private async activeUser(userId: string): Promise<UserDocument> {
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException({ type: 'invalid-token', message: 'The account no longer exists' });
    return user;
  }

  private async startSession(user: UserDocument, client: string): Promise<AuthSessionDto> {
    await this.lockout.clear(user.email, client);
    return this.sessionFor(user, await this.refreshTokens.issue(user.id as string));
  }

  private async sessionFor(user: UserDocument, refreshToken: string): Promise<AuthSessionDto> {
    const accessToken = await this.jwt.signAsync(
      { email: user.email, role: user.role },
      { subject: user.id as string, issuer: TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE, expiresIn: this.config.jwtExpiresInSeconds },
    );
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.jwtExpiresInSeconds, user: UsersService.toDto(user) };
  }
}

function verificationSubject(user: UserDocument): VerificationSubject {
  return { id: user.id as string, phone: user.phone, email: user.email, preferredChannel: user.verifyChannel ?? 'sms' };
}
