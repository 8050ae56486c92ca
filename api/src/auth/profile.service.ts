import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { UserDto } from '../users/dto/user.dto.js';
import { UserDocument } from '../users/schemas/user.schema.js';
import { phoneTaken, UsersService } from '../users/users.service.js';
import { VerificationChallengeDto } from '../verify/dto/verification-challenge.dto.js';
import { VerifyService } from '../verify/verify.service.js';
import { AuthService } from './auth.service.js';
import { AuthSessionDto } from './dto/auth-session.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { PasswordHasher } from './password-hasher.js';

/**
 * What signed-in people change about themselves. Whatever moves the second factor or the first
 * must be proven: a new phone number with a code sent to it, a new password with the current one.
 */
@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly verify: VerifyService,
    private readonly passwords: PasswordHasher,
    private readonly auth: AuthService,
  ) {}

  /**
   * Applies name and channel changes at once. A new phone number is not applied: a code goes to it
   * and the answer is a challenge to finish with `confirmPhone` (the number changes only then).
   */
  async update(userId: string, changes: UpdateProfileDto): Promise<UserDto | VerificationChallengeDto> {
    const { phone, ...rest } = changes;
    const current = await this.account(userId);
    const phoneChanges = phone !== undefined && phone !== current.phone;
    // Refused before anything is sent or changed: no code to a number that another account holds.
    if (phoneChanges && (await this.users.phoneInUse(phone, userId))) throw phoneTaken();
    const user = Object.keys(rest).length > 0 ? await this.users.updateProfile(userId, rest) : current;
    if (!user) throw gone();
    if (!phoneChanges) return UsersService.toDto(user);
    return this.verify.start(
      {
        id: userId,
        phone,
        email: user.email,
        preferredChannel: user.verifyChannel === 'whatsapp' ? 'whatsapp' : 'sms',
      },
      'phone-change',
    );
  }

  /** Applies the new number once its code checks out. */
  async confirmPhone(userId: string, verifyToken: string, code: string): Promise<UserDto> {
    // Only the account that asked can finish: a token of another account is simply not known.
    if ((await this.verify.subjectOf(verifyToken)) !== userId) {
      throw new UnauthorizedException({
        type: 'invalid-verify-token',
        message: 'This verification is not known; ask for a new code',
      });
    }
    const { phone } = await this.verify.checkFor(verifyToken, code, 'phone-change');
    // The unique index decides if someone took the number meanwhile (409 phone-taken).
    const user = await this.users.updateProfile(userId, { phone });
    if (!user) throw gone();
    return UsersService.toDto(user);
  }

  /**
   * Changes the password with the current one, ends every session of the account (other devices,
   * stolen tokens) and answers with a new session for the caller.
   */
  async changePassword(userId: string, input: ChangePasswordDto): Promise<AuthSessionDto> {
    const user = await this.account(userId);
    if (!(await this.passwords.verify(user.passwordHash, input.currentPassword))) {
      throw new ForbiddenException({
        type: 'wrong-password',
        message: 'The current password is not right',
        extensions: { errors: [{ field: 'currentPassword', message: 'currentPassword is not your current password' }] },
      });
    }
    const passwordHash = await this.passwords.hash(input.newPassword);
    await this.users.update(userId, { passwordHash }, false);
    await this.auth.endAllSessions(userId);
    return this.auth.newSession(userId);
  }

  private async account(userId: string): Promise<UserDocument> {
    const user = await this.users.findById(userId);
    if (!user) throw gone();
    return user;
  }
}

const gone = () => new UnauthorizedException({ type: 'invalid-token', message: 'The account no longer exists' });
