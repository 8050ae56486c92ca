import { Controller, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthenticatedUser, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe.js';
import { SupportCallDto } from './dto/support-request.dto.js';
import { SupportRequestsService } from './support-requests.service.js';

@ApiTags('support')
@ApiBearerAuth()
@Controller('orders')
export class SupportCallController {
  constructor(private readonly support: SupportRequestsService) {}

  /**
   * Asks for a video call about one of the caller's orders. Opens a room (Video API session, or a
   * Meetings room with SUPPORT_VIDEO=meetings; its staff link is kept on the order as `meetingUrl`),
   * records a support request for staff and tells the staff dashboard. Both sides then join with
   * `GET /api/support-requests/{id}/video`. While the order's request is open (or joined), calling
   * again returns the same room (200).
   */
  @Roles('customer')
  @Post(':id/support-call')
  @Idempotent()
  @ApiCreatedResponse({ type: SupportCallDto, description: 'A new room' })
  @ApiOkResponse({ type: SupportCallDto, description: 'The room of the request already open for this order' })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: "Someone else's order, or not a customer",
    404: undefined,
    409: 'A request with this Idempotency-Key is still running',
    422: 'This Idempotency-Key was used with a different request',
    502: 'Vonage could not open a room (nothing was stored)',
    504: 'Vonage did not answer in time (nothing was stored)',
  })
  async requestCall(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SupportCallDto> {
    const { call, created } = await this.support.requestCall(caller, id);
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return call;
  }
}
