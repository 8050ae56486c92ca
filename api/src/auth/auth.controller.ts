import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Public } from '../common/auth/decorators.js';
import { ProblemDetails } from '../common/errors/problem.js';
import { UserDto } from '../users/dto/user.dto.js';
import { AuthService } from './auth.service.js';
import { AuthSessionDto } from './dto/auth-session.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RegisterDto } from './dto/register.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Creates a customer account. */
  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'An account with this email already exists' })
  register(@Body() body: RegisterDto): Promise<UserDto> {
    return this.auth.register(body);
  }

  /** Signs in with email and password. */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiUnauthorizedResponse({ type: ProblemDetails, description: 'Invalid email or password' })
  login(@Body() body: LoginDto): Promise<AuthSessionDto> {
    return this.auth.login(body);
  }

  /** The signed-in user. */
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return this.auth.me(user.id);
  }
}
