import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, AuthConfig } from '../config/configuration.js';
import { UserDto } from '../users/dto/user.dto.js';
import { UserDocument } from '../users/schemas/user.schema.js';
import { UsersService } from '../users/users.service.js';
import { AuthSessionDto } from './dto/auth-session.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { ACCESS_TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** Self-service sign-up is for customers only; staff accounts are made by an admin. */
  async register(input: RegisterDto): Promise<UserDto> {
    const user = await this.users.create({
      email: input.email,
      name: input.name,
      phone: input.phone,
      role: 'customer',
      passwordHash: await this.passwords.hash(input.password),
    });
    return UsersService.toDto(user);
  }

  async login(input: LoginDto): Promise<AuthSessionDto> {
    const user = await this.checkPassword(input.email, input.password);
    // Seam for two-factor sign-in: a user who needs a second factor gets a
    // verification challenge here instead of a session.
    return this.startSession(user);
  }

  async me(userId: string): Promise<UserDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException({ type: 'invalid-token', message: 'The account no longer exists' });
    return UsersService.toDto(user);
  }

  private async checkPassword(email: string, password: string): Promise<UserDocument> {
    const user = await this.users.findByEmail(email);
    const valid = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !valid) {
      // One answer for unknown email and wrong password, so accounts cannot be enumerated.
      throw new UnauthorizedException({ type: 'invalid-credentials', message: 'Invalid email or password' });
    }
    return user;
  }

  private async startSession(user: UserDocument): Promise<AuthSessionDto> {
    const accessToken = await this.jwt.signAsync(
      { email: user.email, role: user.role },
      {
        subject: user.id as string,
        issuer: TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        expiresIn: this.config.jwtExpiresInSeconds,
      },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtExpiresInSeconds, user: UsersService.toDto(user) };
  }
}
