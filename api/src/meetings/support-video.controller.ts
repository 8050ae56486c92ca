import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe.js';
import { VonageConfig, vonageConfig } from '../config/configuration.js';
import { SupportVideoConnectionDto, SupportVideoDto } from './dto/support-video.dto.js';
import { SupportRoomsService } from './support-rooms.service.js';

/** Joining a support request's call: staff and admins from the dashboard, its customer from the kiosk. */
@ApiTags('support')
@ApiBearerAuth()
@Roles('customer', 'staff', 'admin')
@Controller('support-requests')
export class SupportVideoController {
  constructor(
    private readonly rooms: SupportRoomsService,
    @Inject(vonageConfig.KEY) private readonly vonage: VonageConfig,
  ) {}

  /**
   * What the caller needs to join the call: staff and admins get a moderator token (or the Meetings
   * host link), the request's own customer a publisher token (or the guest link). Tokens expire
   * with the room. Another customer's request is a 404; a closed or expired one a 409.
   */
  @Get(':id/video')
  @ApiOkResponse({ type: SupportVideoDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: undefined,
    409: 'The request is closed or its room expired',
  })
  async video(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
  ): Promise<SupportVideoDto> {
    const { join, expiresAt } = await this.rooms.join(caller, id);
    if (join.provider === 'meetings')
      return { provider: 'meetings', role: join.role, url: join.url, expiresAt: expiresAt.toISOString() };
    return {
      ...join,
      expiresAt: expiresAt.toISOString(),
      // The browser-facing sandbox URL (VONAGE_CLIENT_URL, else VONAGE_SANDBOX_URL): Vonage's own
      // client SDK cannot be pointed at it, so the call page uses the sandbox's WebRTC relay.
      relayUrl: this.vonage.usingSandbox ? this.vonage.client.url : null,
    };
  }

  /** A call page reports its Video API connection so closing the request can force-disconnect it. */
  @Post(':id/video/connections')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Remembered' })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: undefined,
    409: 'The request is closed or its room expired',
  })
  async connection(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: SupportVideoConnectionDto,
  ): Promise<void> {
    await this.rooms.addConnection(caller, id, body.connectionId);
  }
}
