import { Inject, Injectable, Logger, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_TOKEN_AUDIENCE, TOKEN_ISSUER } from '../common/auth/tokens.js';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { UserDto } from '../users/dto/user.dto.js';
import { UserDocument } from '../users/schemas/user.schema.js';
import { accountDisabled, activeAccount, UsersService } from '../users/users.service.js';
import { VerificationChallengeDto } from '../verify/dto/verification-challenge.dto.js';
import { verificationSubject, VerifyService } from '../verify/verify.service.js';
import { AuthSessionDto } from './dto/auth-session.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { SignInLockoutService } from './sign-in-lockout.service.js';

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
      this.logger.warn(
        'VERIFY_ENABLED=false: two-factor sign-in is OFF. Use this for local experiments only, never in production.',
      );
    }
  }

  /** Self-service sign-up is for customers only; staff accounts are made by an admin. */
  async register(input: RegisterDto): Promise<UserDto> {
    // Hashed before any check, so a taken email or phone answers in the time a new account takes.
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.users.create({
      email: input.email,
      name: input.name,
      phone: input.phone,
      role: 'customer',
      verifyChannel: input.verifyChannel ?? 'sms',
      language: input.language ?? 'en',
      passwordHash,
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
    // Said only to whoever knows the password, so it reveals nothing to anyone else.
    if (user.disabled) throw accountDisabled();
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

  async refresh(refreshToken: string): Promise<AuthSessionDto> {
    const { userId, refreshToken: next } = await this.refreshTokens.rotate(refreshToken);
    const user = await this.activeUser(userId);
    return this.sessionFor(user, next);
  }

  /**
   * Ends the sign-in of this refresh token, and every access token of the account at once (the
   * token version moves). Other devices' access tokens stop too; their refresh tokens still work,
   * so they renew silently, while this device's sign-in is over.
   */
  async logout(refreshToken: string): Promise<void> {
    const owner = await this.refreshTokens.ownerOf(refreshToken);
    await this.refreshTokens.revoke(refreshToken);
    if (owner) await this.users.endSessions(owner);
  }

  /** Ends every session of an account: access tokens (token version) and refresh tokens alike. */
  async endAllSessions(userId: string): Promise<void> {
    await this.users.endSessions(userId);
    await this.refreshTokens.revokeAllFor(userId);
  }

  /** A fresh session for an account whose old ones were just ended (after a password change). */
  async newSession(userId: string): Promise<AuthSessionDto> {
    return this.startSession(await this.activeUser(userId));
  }

  async me(userId: string): Promise<UserDto> {
    return UsersService.toDto(await this.activeUser(userId));
  }

  private needsSecondFactor(user: UserDocument): boolean {
    if (!this.config.verify.enabled) return false;
    return user.role !== 'customer' || this.config.verify.customers;
  }

  private async activeUser(userId: string): Promise<UserDocument> {
    return activeAccount(await this.users.findById(userId));
  }

  /** `client`: who just signed in, whose earlier failures are forgotten (none after a password change). */
  private async startSession(user: UserDocument, client?: string): Promise<AuthSessionDto> {
    if (client !== undefined) await this.lockout.clear(user.email, client);
    return this.sessionFor(user, await this.refreshTokens.issue(user.id));
  }

  private async sessionFor(user: UserDocument, refreshToken: string): Promise<AuthSessionDto> {
    const accessToken = await this.jwt.signAsync(
      // tv: checked against the account on every request (JwtStrategy), so sessions can end at once.
      { email: user.email, role: user.role, tv: user.tokenVersion ?? 0 },
      {
        subject: user.id,
        issuer: TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        expiresIn: this.config.jwtExpiresInSeconds,
      },
    );
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtExpiresInSeconds,
      user: UsersService.toDto(user),
    };
  }
}
