import { Body, Controller, HttpCode, HttpStatus, Patch, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthenticatedUser, CurrentUser } from '../common/auth/decorators.js';
import { AuthThrottle } from '../common/auth/throttles.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { UserDto } from '../users/dto/user.dto.js';
import { VerificationChallengeDto } from '../verify/dto/verification-challenge.dto.js';
import { AuthSessionDto } from './dto/auth-session.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { ConfirmPhoneDto } from './dto/confirm-phone.dto.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { ProfileService } from './profile.service.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/me')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  /**
   * Changes the signed-in user's name, notification channel or sign-in code channel (200, the
   * user). A new phone number is proven first: the answer is 202 with a challenge, a code goes to
   * the NEW number, and the number changes only with `POST /api/auth/me/phone/confirm`.
   */
  @Patch()
  @AuthThrottle()
  @ApiOkResponse({ type: UserDto, description: 'Changed (no new phone number)' })
  @ApiAcceptedResponse({
    type: VerificationChallengeDto,
    description: 'A code was sent to the new phone number; the phone is unchanged until confirmed',
  })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    409: 'The phone number belongs to another account (`phone-taken`)',
    429: undefined,
    502: undefined,
    504: undefined,
  })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateProfileDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto | VerificationChallengeDto> {
    const result = await this.profile.update(user.id, body);
    if ('verificationRequired' in result) reply.status(HttpStatus.ACCEPTED);
    return result;
  }

  /** Applies a new phone number with the code that was sent to it. */
  @Post('phone/confirm')
  @AuthThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses({
    400: undefined,
    401: "No valid access token, or a wrong code (`attemptsLeft`), or the verification expired, failed or is not this account's",
    409: 'The number was taken by another account meanwhile (`phone-taken`)',
    429: undefined,
    502: undefined,
    504: undefined,
  })
  confirmPhone(@CurrentUser() user: AuthenticatedUser, @Body() body: ConfirmPhoneDto): Promise<UserDto> {
    return this.profile.confirmPhone(user.id, body.verifyToken, body.code);
  }

  /** Changes the password. Every session of the account ends; the answer is a new one for the caller. */
  @Post('password')
  @AuthThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: 'The current password is not right (`wrong-password`, field `currentPassword`)',
    429: undefined,
  })
  changePassword(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordDto): Promise<AuthSessionDto> {
    return this.profile.changePassword(user.id, body);
  }
}
