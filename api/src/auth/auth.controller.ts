import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Public } from '../common/auth/decorators.js';
import { AuthThrottle } from '../common/auth/throttles.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { UserDto } from '../users/dto/user.dto.js';
import { VerificationChallengeDto } from '../verify/dto/verification-challenge.dto.js';
import { VerifyCodeDto } from '../verify/dto/verify-code.dto.js';
import { AuthService } from './auth.service.js';
import { AuthSessionDto } from './dto/auth-session.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterDto } from './dto/register.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Creates a customer account. */
  @Public()
  @Post('register')
  @AuthThrottle()
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblemResponses({ 400: undefined, 409: 'An account with this email already exists', 429: undefined })
  register(@Body() body: RegisterDto): Promise<UserDto> {
    return this.auth.register(body);
  }

  /**
   * Signs in with email and password. Accounts with two-factor sign-in get a verification
   * challenge (a code is sent); the others get a session at once.
   */
  @Public()
  @Post('login')
  @AuthThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiExtraModels(AuthSessionDto, VerificationChallengeDto)
  @ApiOkResponse({
    description: 'A session, or a challenge to finish with POST /api/auth/verify',
    schema: { oneOf: [{ $ref: getSchemaPath(AuthSessionDto) }, { $ref: getSchemaPath(VerificationChallengeDto) }] },
  })
  @ApiProblemResponses({
    400: undefined,
    401: 'Invalid email or password',
    429: 'Too many attempts, or the account is locked for a while',
    502: undefined,
    504: undefined,
  })
  login(@Body() body: LoginDto, @Ip() client: string): Promise<AuthSessionDto | VerificationChallengeDto> {
    return this.auth.login(body, client);
  }

  /** Finishes a two-factor sign-in with the one-time code. */
  @Public()
  @Post('verify')
  @AuthThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiProblemResponses({
    400: undefined,
    401: 'Wrong code (`attemptsLeft` says how many tries remain), or the challenge expired, failed, was cancelled or used',
    429: undefined,
    502: undefined,
    504: undefined,
  })
  verify(@Body() body: VerifyCodeDto, @Ip() client: string): Promise<AuthSessionDto> {
    return this.auth.completeVerification(body.verifyToken, body.code, client);
  }

  /** Trades a refresh token for a new session (and a new refresh token). Reusing an old one ends the sign-in. */
  @Public()
  @Post('refresh')
  @AuthThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiProblemResponses([400, 401, 429])
  refresh(@Body() body: RefreshDto): Promise<AuthSessionDto> {
    return this.auth.refresh(body.refreshToken);
  }

  /** Ends the sign-in that the refresh token belongs to. */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiProblemResponses([400])
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  /** The signed-in user. */
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses([401])
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return this.auth.me(user.id);
  }
}
