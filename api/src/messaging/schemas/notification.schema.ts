import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import type { MessageChannel } from '../message-sender.js';
import { NOTIFICATION_STATES, NotificationState } from '../notification-state.js';

export const NOTIFICATION_EVENTS = [
  'placed',
  'preparing',
  'ready',
  'completed',
  'cancelled',
  'late',
  'reply',
  'keyword',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

@Schema({ _id: false })
export class StateChange {
  @Prop({ type: String, enum: NOTIFICATION_STATES, required: true })
  state: NotificationState;

  @Prop({ required: true })
  at: Date;
}

/** One text message to a customer about an order, and what became of it. */
@Schema({ collection: 'notifications', timestamps: true })
export class Notification {
  /** The outbox key, sent as Vonage's client_ref: one notification per key, whatever the retries. */
  @Prop({ required: true, unique: true })
  clientRef: string;

  /** Empty for a keyword's answer to a number without an order. */
  @Prop({ type: String, default: '', index: true })
  orderId: string;

  @Prop({ type: String, default: '' })
  customerId: string;

  @Prop({ type: String, enum: NOTIFICATION_EVENTS, required: true })
  event: NotificationEvent;

  @Prop({ type: String, enum: ['sms', 'whatsapp'], required: true })
  channel: MessageChannel;

  @Prop({ required: true })
  to: string;

  @Prop({ required: true })
  text: string;

  @Prop({ type: String, enum: NOTIFICATION_STATES, required: true, default: 'queued' })
  state: NotificationState;

  @Prop({ type: String, default: null, index: true })
  messageUuid: string | null;

  @Prop({ type: String, default: null })
  error: string | null;

  /** Calls made to Vonage for it. */
  @Prop({ default: 0 })
  attempts: number;

  /**
   * Set while a send's outcome is unknown (no answer, or the process died mid-send): Vonage may
   * have taken it, so the next attempt first waits for a receipt carrying our client_ref.
   */
  @Prop({ type: Date, default: null })
  unconfirmedSendAt: Date | null;

  @Prop({ type: [StateChange], default: [] })
  history: StateChange[];

  /** The notification this one re-sends (staff resend of a failed text). */
  @Prop({ type: String, default: null })
  resendOf: string | null;

  /** Set on a failed notification once staff resent it: the new one's client_ref (one resend per failure). */
  @Prop({ type: String, default: null })
  resentAs: string | null;

  /** This SMS stands in for a failed WhatsApp notification (its client_ref). */
  @Prop({ type: String, default: null })
  fallbackOf: string | null;

  /** The WhatsApp template it was sent as (outside the customer's 24-hour window); null for free text. */
  @Prop({ type: String, default: null })
  template: string | null;

  /** Whether this text was the first to its number and so carries the opt-out line (decided once, before the first send). */
  @Prop({ type: Boolean, default: null })
  firstText: boolean | null;

  createdAt: Date;
  updatedAt: Date;
}

export type NotificationDocument = HydratedDocument<Notification>;
export const NotificationSchema = SchemaFactory.createForClass(Notification);
