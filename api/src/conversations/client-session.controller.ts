import { Controller, HttpCode, HttpStatus, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { UsersService } from '../users/users.service.js';
import { ClientCredentialsIssuer } from './client-credentials.js';
import { ConversationsService } from './conversations.service.js';
import { ClientSessionDto } from './dto/client-session.dto.js';

@ApiTags('live events')
@ApiBearerAuth()
@Controller()
export class ClientSessionController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly credentials: ClientCredentialsIssuer,
    private readonly users: UsersService,
  ) {}

  /**
   * Signs the calling staff member in to the live staff channel: makes sure their Vonage user
   * exists and has joined the notifications conversation, and returns a short-lived client JWT
   * that may only open a session and read that conversation. Who it is for comes from the access
   * token, never from the request.
   */
  @Roles('staff', 'admin')
  @Post('jwt')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ClientSessionDto })
  @ApiProblemResponses({
    401: undefined,
    403: 'Customers cannot listen to the staff channel',
    502: undefined,
    504: undefined,
  })
  async issue(@CurrentUser() caller: AuthenticatedUser): Promise<ClientSessionDto> {
    const account = await this.users.findById(caller.id);
    if (!account) throw new NotFoundException({ type: 'account-not-found', message: 'The account no longer exists' });
    const { conversation, user } = await this.conversations.join({ id: caller.id, name: account.name });
    const issued = await this.credentials.issue({ userName: user.name, conversationId: conversation.id });
    return {
      token: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
      conversation,
      user,
      client: issued.client,
    };
  }
}
