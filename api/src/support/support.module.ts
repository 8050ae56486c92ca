import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { LiveEventsModule } from '../live-events/live-events.module.js';
import { MeetingAccess } from '../meetings/meeting-access.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { UsersModule } from '../users/users.module.js';
import { SupportRequest, SupportRequestSchema } from './schemas/support-request.schema.js';
import { SupportCallController } from './support-call.controller.js';
import { SupportRequestsController } from './support-requests.controller.js';
import { SupportRequestsService } from './support-requests.service.js';

/**
 * Support requests (issue #7): customers asking for a video call about an order, staff following up.
 * Built on Meetings (the room and joining it) and Conversations (the staff channel's event).
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: SupportRequest.name, schema: SupportRequestSchema }]),
    OrdersModule,
    ConversationsModule,
    LiveEventsModule,
    MeetingsModule,
    UsersModule,
  ],
  controllers: [SupportCallController, SupportRequestsController],
  // The rooms of support requests are joined through Meetings, which asks this feature who may join.
  providers: [SupportRequestsService, { provide: MeetingAccess, useExisting: SupportRequestsService }],
})
export class SupportModule {}
