import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxService } from './outbox.service.js';
import { OutboxClaim, OutboxClaimSchema } from './outbox-claim.schema.js';
import { OutboxEntry, OutboxEntrySchema } from './outbox-entry.schema.js';

/** The outbox features share (Messaging, Conversations): enqueue work, register topic handlers. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: OutboxEntry.name, schema: OutboxEntrySchema },
      { name: OutboxClaim.name, schema: OutboxClaimSchema },
    ]),
  ],
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboxModule {}
