import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { NotificationDto } from './dto/notification.dto.js';
import { NotificationsQueryDto } from './dto/notifications-query.dto.js';
import { MessagingService } from './messaging.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly messaging: MessagingService) {}

  /** Staff: the notifications of an order and how far each got (queued → submitted → delivered/read, or rejected/failed). */
  @Get()
  @Roles('staff', 'admin')
  @ApiQuery({ name: 'orderId', required: true })
  @ApiOkResponse({ type: [NotificationDto] })
  @ApiProblemResponses({ 400: undefined, 401: undefined, 403: undefined })
  list(@Query() query: NotificationsQueryDto): Promise<NotificationDto[]> {
    return this.messaging.notificationsForOrder(query.orderId);
  }
}
