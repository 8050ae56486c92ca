import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { LiveEventsModule } from '../live-events/live-events.module.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { UsersModule } from '../users/users.module.js';
import { SupportRequest, SupportRequestSchema } from './schemas/support-request.schema.js';
import { SupportCallController } from './support-call.controller.js';
import { SupportRequestsController } from './support-requests.controller.js';
import { SupportRequestsService } from './support-requests.service.js';
import { SupportVideoController } from './support-video.controller.js';

/** Customers asking for a video call about an order; staff following up (issue #7). */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: SupportRequest.name, schema: SupportRequestSchema }]),
    OrdersModule,
    ConversationsModule,
    LiveEventsModule,
    MeetingsModule,
    UsersModule,
  ],
  controllers: [SupportCallController, SupportRequestsController, SupportVideoController],
  providers: [SupportRequestsService],
})
export class SupportModule {}
