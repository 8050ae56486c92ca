import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Public, Roles } from '../common/auth/decorators.js';
import { AuthThrottle } from '../common/auth/throttles.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe.js';
import { UserDto } from '../users/dto/user.dto.js';
import { AccountsService } from './accounts.service.js';
import { AcceptInviteDto } from './dto/accept-invite.dto.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { CreatedUserDto } from './dto/created-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserPageDto } from './dto/user-page.dto.js';

/** Accounts, for admins: list, invite staff, change roles, disable and enable. */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  /** Accounts, newest first, by page (`page`) or by cursor (`cursor` = the last page's `nextCursor`). */
  @Get()
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblemResponses([400, 401, 403])
  list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.accounts.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses([400, 401, 403, 404])
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<UserDto> {
    return this.accounts.get(id);
  }

  /**
   * Creates a staff member or admin and texts them a one-time code (valid `INVITE_TTL_SECONDS`)
   * to set their password at the dashboard's invite page (`POST /api/auth/invite/accept`).
   */
  @Post()
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    409: 'The email (`email-taken`) or the phone number (`phone-taken`) belongs to an account',
  })
  create(@Body() body: CreateUserDto): Promise<CreatedUserDto> {
    return this.accounts.create(body);
  }

  /** Sends a new invitation code (the previous one stops working). */
  @Post(':id/invite')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CreatedUserDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: undefined,
    409: 'The person has already set a password (`invite-accepted`)',
  })
  resendInvite(@Param('id', ParseObjectIdPipe) id: string): Promise<CreatedUserDto> {
    return this.accounts.resendInvite(id);
  }

  /**
   * Changes a role or disables/enables an account. Taking rights away (any role change,
   * disabling) ends the account's sessions at once: its access tokens stop working and its
   * refresh tokens are revoked.
   */
  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: undefined,
    409: 'Your own account (`own-account`), or the last active admin (`last-admin`)',
  })
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.accounts.update(caller, id, body);
  }
}

/** The public half of an invitation. */
@ApiTags('auth')
@Controller('auth/invite')
export class InviteController {
  constructor(private readonly accounts: AccountsService) {}

  /** Sets the invited person's password with the code from their invitation text; then they sign in as usual. */
  @Public()
  @Post('accept')
  @AuthThrottle()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Password set; sign in with POST /api/auth/login' })
  @ApiProblemResponses({
    400: undefined,
    401: 'No open invitation matches this email and code (`invalid-invite`), whatever the reason',
    429: undefined,
  })
  async accept(@Body() body: AcceptInviteDto): Promise<void> {
    await this.accounts.acceptInvite(body);
  }
}
