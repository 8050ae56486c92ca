import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxClaim, OutboxClaimSchema } from '../common/outbox/outbox-claim.schema.js';
import { OutboxEntry, OutboxEntrySchema } from '../common/outbox/outbox-entry.schema.js';
import { authConfig, webhooksConfig } from '../config/configuration.js';
import { LiveEventsModule } from '../live-events/live-events.module.js';
import {
  WebhookDelivery,
  WebhookDeliverySchema,
  WebhookDispatchState,
  WebhookDispatchStateSchema,
} from './schemas/webhook-delivery.schema.js';
import { WebhookEndpoint, WebhookEndpointSchema } from './schemas/webhook-endpoint.schema.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpointsController } from './webhook-endpoints.controller.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhookTargetResolver } from './webhook-target.js';

/** Outbound webhooks (issue #17): endpoints, the dispatcher that tails live_events, signed sends with retries. */
@Module({
  imports: [
    ConfigModule.forFeature(webhooksConfig),
    ConfigModule.forFeature(authConfig),
    LiveEventsModule,
    MongooseModule.forFeature([
      { name: WebhookEndpoint.name, schema: WebhookEndpointSchema },
      { name: WebhookDelivery.name, schema: WebhookDeliverySchema },
      { name: WebhookDispatchState.name, schema: WebhookDispatchStateSchema },
      { name: OutboxEntry.name, schema: OutboxEntrySchema },
      { name: OutboxClaim.name, schema: OutboxClaimSchema },
    ]),
  ],
  controllers: [WebhookEndpointsController],
  providers: [WebhookOutbox, WebhookEndpointsService, WebhookSender, WebhookDispatcher, WebhookTargetResolver],
  exports: [WebhookDispatcher, WebhookTargetResolver],
})
export class WebhookEndpointsModule {}
