import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes } from 'mongoose';
import { LIVE_EVENT_TYPES, LiveEventType } from '../live-event-types.js';

/**
 * One event of the live stream. `seq` is the stream id: allocated as "the highest + 1" under a
 * unique index (a loser retries), so an event only exists once every lower one is visible —
 * a poller reading `seq > last` can never skip one that commits late.
 */
@Schema({ collection: 'live_events', timestamps: { createdAt: true, updatedAt: false } })
export class LiveEvent {
  @Prop({ required: true, unique: true })
  seq: number;

  /** The producer's idempotency key (the outbox key): one event per key, however often it is appended. */
  @Prop({ required: true, unique: true })
  key: string;

  @Prop({ type: String, enum: LIVE_EVENT_TYPES, required: true })
  type: LiveEventType;

  /** The customer the event concerns: they see it too. Null = staff only. */
  @Prop({ type: String, default: null, index: true })
  customerId: string | null;

  /** What everyone allowed to see the event gets. */
  @Prop({ type: SchemaTypes.Mixed, required: true })
  data: Record<string, unknown>;

  /** Added for staff and admins only (host links and the like). */
  @Prop({ type: SchemaTypes.Mixed, default: null })
  staffData: Record<string, unknown> | null;

  createdAt: Date;
}

export type LiveEventDocument = HydratedDocument<LiveEvent>;
export const LiveEventSchema = SchemaFactory.createForClass(LiveEvent);
LiveEventSchema.index({ createdAt: 1 });
