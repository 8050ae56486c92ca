import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  at: Date;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

/**
 * One event for one endpoint. The unique (endpoint, eventKey) index is the fence that makes a
 * delivery exist once however many API instances dispatch the same event.
 */
@Schema({ collection: 'webhook_deliveries', timestamps: true })
export class WebhookDelivery {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  endpointId: Types.ObjectId;

  /** The Standard Webhooks `webhook-id` (the same on every attempt and replay, so receivers can dedupe). */
  @Prop({ required: true, unique: true })
  messageId: string;

  @Prop({ required: true })
  eventKey: string;

  @Prop({ required: true })
  eventSeq: number;

  @Prop({ required: true })
  eventType: string;

  /** The exact JSON sent (and signed). */
  @Prop({ required: true })
  body: string;

  @Prop({ type: String, enum: DELIVERY_STATUSES, default: 'pending' })
  status: DeliveryStatus;

  @Prop({ default: 0 })
  attempts: number;

  @Prop({ type: Number, default: null })
  lastStatusCode: number | null;

  @Prop({ type: Number, default: null })
  lastLatencyMs: number | null;

  @Prop({ type: String, default: null })
  lastError: string | null;

  @Prop({ type: String, default: null })
  responseExcerpt: string | null;

  @Prop({ type: Date, default: null })
  nextAttemptAt: Date | null;

  /** The latest attempts (at most 20), newest last. */
  @Prop({ type: [SchemaTypes.Mixed], default: [] })
  attemptLog: DeliveryAttempt[];

  createdAt: Date;
  updatedAt: Date;
}

export type WebhookDeliveryDocument = HydratedDocument<WebhookDelivery>;
export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDelivery);
WebhookDeliverySchema.index({ endpointId: 1, eventKey: 1 }, { unique: true });
WebhookDeliverySchema.index({ endpointId: 1, _id: -1 });

/** How far the dispatcher has read the live event log (one document, `_id: 'live_events'`). */
@Schema({ collection: 'webhook_dispatch_state' })
export class WebhookDispatchState {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  seq: number;
}
export const WebhookDispatchStateSchema = SchemaFactory.createForClass(WebhookDispatchState);
