import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxModule } from '../common/outbox/outbox.module.js';
import { UsersModule } from '../users/users.module.js';
import { ClientSessionController } from './client-session.controller.js';
import { ConversationsService } from './conversations.service.js';
import { ResourceIds } from './resource-ids.js';
import { VonageResource, VonageResourceSchema } from './schemas/vonage-resource.schema.js';

/** The live staff channel: conversation and user bookkeeping, queued events, client sessions (POST /api/jwt). */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: VonageResource.name, schema: VonageResourceSchema }]),
    OutboxModule,
    UsersModule,
  ],
  controllers: [ClientSessionController],
  providers: [ConversationsService, ResourceIds],
  exports: [ConversationsService],
})
export class ConversationsModule {}
