import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxModule } from '../common/outbox/outbox.module.js';
import { RateGateModule } from '../common/rate-gate/rate-gate.module.js';
import { LiveEventsModule } from '../live-events/live-events.module.js';
import { UsersModule } from '../users/users.module.js';
import { ConsentController } from './consent/consent.controller.js';
import { Consent, ConsentSchema } from './consent/consent.schema.js';
import { ConsentService } from './consent/consent.service.js';
import { InboundMessagesService } from './inbound-messages.service.js';
import { MessagingService } from './messaging.service.js';
import { NotificationsController } from './notifications.controller.js';
import { InboundMessage, InboundMessageSchema } from './schemas/inbound-message.schema.js';
import { Notification, NotificationSchema } from './schemas/notification.schema.js';
import { MessagesWebhooksController } from './webhooks/messages-webhooks.controller.js';
import { VonageSignatureGuard } from './webhooks/vonage-signature.guard.js';
import { WhatsAppWindow, WhatsAppWindowSchema, WhatsAppWindowService } from './whatsapp-window.service.js';

/**
 * Customer notifications over the Messages API: the `messaging.send` outbox handler, delivery
 * receipts and inbound replies (signed webhooks), carrier keywords, consent and suppression,
 * the WhatsApp service window. The MessageSender port is bound by VonageModule.
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
      { name: Consent.name, schema: ConsentSchema },
      { name: WhatsAppWindow.name, schema: WhatsAppWindowSchema },
    ]),
  ],
  controllers: [MessagesWebhooksController, NotificationsController, ConsentController],
  providers: [MessagingService, InboundMessagesService, ConsentService, WhatsAppWindowService, VonageSignatureGuard],
  exports: [MessagingService, ConsentService, WhatsAppWindowService],
})
export class MessagingModule {}
