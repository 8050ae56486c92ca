import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Role, ROLES } from '../../common/auth/role.js';

/** A short-lived, single-use ticket for a browser EventSource (which cannot send headers). Stored as its hash. */
@Schema({ collection: 'live_event_tickets', timestamps: { createdAt: true, updatedAt: false } })
export class EventTicket {
  /** sha256 of the ticket: a database read does not yield usable tickets. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  userId: string;

  @Prop({ required: true })
  email: string;

  @Prop({ type: String, enum: ROLES, required: true })
  role: Role;

  /** The account's token version at issue: a sign-out or a change of rights before redemption voids the ticket. */
  @Prop({ required: true, default: 0 })
  tokenVersion: number;

  @Prop({ required: true })
  expiresAt: Date;

  createdAt: Date;
}
export const EventTicketSchema = SchemaFactory.createForClass(EventTicket);
EventTicketSchema.index({ expiresAt: 1 });

/**
 * The redemption of a ticket: inserting it is the atomic "claim" (the unique _id lets one
 * instance in), because FerretDB applies a find-and-delete as read-then-write.
 */
@Schema({ collection: 'live_event_ticket_redemptions', timestamps: { createdAt: true, updatedAt: false } })
export class TicketRedemption {
  @Prop({ type: String, required: true })
  _id: string;

  createdAt: Date;
}
export const TicketRedemptionSchema = SchemaFactory.createForClass(TicketRedemption);
TicketRedemptionSchema.index({ createdAt: 1 });
