import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxModule } from '../common/outbox/outbox.module.js';
import { RateGateModule } from '../common/rate-gate/rate-gate.module.js';
import { LiveEventsModule } from '../live-events/live-events.module.js';
import { UsersModule } from '../users/users.module.js';
import { InboundMessagesService } from './inbound-messages.service.js';
import { MessagingService } from './messaging.service.js';
import { NotificationsController } from './notifications.controller.js';
import { InboundMessage, InboundMessageSchema } from './schemas/inbound-message.schema.js';
import { Notification, NotificationSchema } from './schemas/notification.schema.js';
import { MessagesWebhooksController } from './webhooks/messages-webhooks.controller.js';
import { VonageSignatureGuard } from './webhooks/vonage-signature.guard.js';

/**
 * Customer notifications over the Messages API: the `messaging.send` outbox handler, delivery
 * receipts and inbound replies (signed webhooks). The MessageSender port is bound by VonageModule.
 */
@Module({
  imports: [
    OutboxModule,
    RateGateModule,
    UsersModule,
    LiveEventsModule,
    MongooseModule.forFeature([
      { name: Notification.name, schema: NotificationSchema },
      { name: InboundMessage.name, schema: InboundMessageSchema },
    ]),
  ],
  controllers: [MessagesWebhooksController, NotificationsController],
  providers: [MessagingService, InboundMessagesService, VonageSignatureGuard],
  exports: [MessagingService],
})
export class MessagingModule {}
