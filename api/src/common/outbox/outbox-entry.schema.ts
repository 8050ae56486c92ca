import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';

export const OUTBOX_STATUSES = ['pending', 'sending', 'done', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One unit of work to run after a business change (e.g. "send this notification"). Written
 * idempotently by `key`, then claimed and run by the outbox worker until it is done or failed.
 */
@Schema({ collection: 'outbox', timestamps: true })
export class OutboxEntry {
  /** The producer's idempotency key: enqueueing the same key again is a no-op. */
  @Prop({ required: true, unique: true })
  key: string;

  @Prop({ required: true })
  topic: string;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  payload: Record<string, unknown>;

  @Prop({ type: String, enum: OUTBOX_STATUSES, required: true, default: 'pending' })
  status: OutboxStatus;

  /**
   * When the entry may be claimed: the next attempt for a pending entry, the end of the lease
   * for one being sent (so a worker that died mid-send loses its claim once the lease runs out).
   */
  @Prop({ required: true })
  availableAt: Date;

  /**
   * Attempts started so far (counted at claim time, so a crash counts too). Also the claim's
   * fence: a worker finishing attempt n updates the entry only while it is still at attempt n,
   * so one whose lease expired cannot overwrite a newer claim. Who owns an attempt: outbox_claims.
   */
  @Prop({ default: 0 })
  attempts: number;

  @Prop({ type: String, default: null })
  lastError: string | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  result: Record<string, unknown> | null;

  @Prop({ type: Date, default: null })
  completedAt: Date | null;

  createdAt: Date;
  updatedAt: Date;
}

export type OutboxEntryDocument = HydratedDocument<OutboxEntry>;
export const OutboxEntrySchema = SchemaFactory.createForClass(OutboxEntry);
// The worker's claim query: due entries of a status, oldest first.
OutboxEntrySchema.index({ status: 1, availableAt: 1 });
