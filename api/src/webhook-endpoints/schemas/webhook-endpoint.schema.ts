import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { LIVE_EVENT_TYPES, LiveEventType } from '../../live-events/live-event-types.js';

/** An integrator's receiver: which events it wants and the secret its deliveries are signed with. */
@Schema({ collection: 'webhook_endpoints', timestamps: true })
export class WebhookEndpoint {
  @Prop({ required: true })
  url: string;

  @Prop({ type: [String], enum: LIVE_EVENT_TYPES, required: true })
  events: LiveEventType[];

  @Prop({ type: String, default: null })
  description: string | null;

  /** The `whsec_…` signing secret, sealed (AES-GCM): it must be read back to sign, so it cannot be a hash. */
  @Prop({ required: true })
  sealedSecret: string;

  /** The secret before the last rotation, still signed with until `previousSecretExpiresAt` (receivers switch over). */
  @Prop({ type: String, default: null })
  sealedPreviousSecret: string | null;

  @Prop({ type: Date, default: null })
  previousSecretExpiresAt: Date | null;

  @Prop({ default: false })
  disabled: boolean;

  /** Why it is disabled: by an admin, or automatically after repeated failures (the notice admins see). */
  @Prop({ type: String, default: null })
  disabledReason: string | null;

  @Prop({ type: Date, default: null })
  disabledAt: Date | null;

  /** Failed attempts in a row (approximate across instances: FerretDB applies $inc as read-then-write). */
  @Prop({ default: 0 })
  failureStreak: number;

  createdAt: Date;
  updatedAt: Date;
}

export type WebhookEndpointDocument = HydratedDocument<WebhookEndpoint>;
export const WebhookEndpointSchema = SchemaFactory.createForClass(WebhookEndpoint);
