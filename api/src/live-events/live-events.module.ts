import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AccessTokensModule } from '../auth/access-tokens.module.js';
import { OutboxModule } from '../common/outbox/outbox.module.js';
import { liveEventsConfig } from '../config/configuration.js';
import { UsersModule } from '../users/users.module.js';
import { EventStreamGuard } from './event-stream.guard.js';
import { EventStreamHub } from './event-stream-hub.js';
import { EventTicketsService } from './event-tickets.service.js';
import { LiveEventsController } from './live-events.controller.js';
import { LiveEventsService } from './live-events.service.js';
import {
  EventTicket,
  EventTicketSchema,
  TicketRedemption,
  TicketRedemptionSchema,
} from './schemas/event-ticket.schema.js';
import { LiveEvent, LiveEventSchema } from './schemas/live-event.schema.js';
import { StreamAccountCheck } from './stream-account-check.js';

/**
 * TableTalk's own live event stream (issue #11): features publish through LiveEventsService;
 * GET /api/events streams them (SSE) to staff and, for their own orders, to customers.
 */
@Module({
  imports: [
    ConfigModule.forFeature(liveEventsConfig),
    OutboxModule,
    UsersModule,
    AccessTokensModule,
    MongooseModule.forFeature([
      { name: LiveEvent.name, schema: LiveEventSchema },
      { name: EventTicket.name, schema: EventTicketSchema },
      { name: TicketRedemption.name, schema: TicketRedemptionSchema },
    ]),
  ],
  controllers: [LiveEventsController],
  providers: [LiveEventsService, EventStreamHub, StreamAccountCheck, EventTicketsService, EventStreamGuard],
  exports: [LiveEventsService],
})
export class LiveEventsModule {}
