import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { NotificationDto, NotificationPageDto } from './dto/notification.dto.js';
import { NotificationIdParamDto, NotificationsQueryDto } from './dto/notifications-query.dto.js';
import { MessagingService } from './messaging.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly messaging: MessagingService) {}

  /**
   * Staff: the notifications of an order and how far each got (queued → sent → delivered/read, or
   * failed/suppressed), oldest first, a page at a time: follow `nextCursor` (`?cursor=`) until it is null.
   */
  @Get()
  @Roles('staff', 'admin')
  @ApiQuery({ name: 'orderId', required: true })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblemResponses({ 400: undefined, 401: undefined, 403: undefined })
  list(@Query() query: NotificationsQueryDto): Promise<NotificationPageDto> {
    return this.messaging.notificationsForOrder(query.orderId, query);
  }

  /**
   * Staff: send a failed text again. Idempotent (repeating it returns the same resend) and
   * rate-limited (RESEND_THROTTLE_LIMIT per client per THROTTLE_TTL_MS): 409 unless it failed.
   */
  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  @Roles('staff', 'admin')
  @Throttle({
    default: { limit: () => Number(process.env.RESEND_THROTTLE_LIMIT), ttl: () => Number(process.env.THROTTLE_TTL_MS) },
  })
  @ApiParam({
    name: 'id',
    description: 'The failed notification (its client_ref)',
    example: 'order:6650f0c2a1b2c3d4e5f60718:1',
  })
  @ApiOkResponse({
    type: NotificationDto,
    description: 'The resend (queued, or further along when it was asked for before)',
  })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: 'No notification with this id',
    409: 'The notification has not failed',
    429: undefined,
  })
  resend(@Param() params: NotificationIdParamDto): Promise<NotificationDto> {
    return this.messaging.resend(params.id);
  }
}
