import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import { SUPPORT_REQUEST_STATES, SupportRequestState } from '../support-request-state.js';

/** A customer asking for help on an order, with the video room opened for it. */
@Schema({ collection: 'support_requests', timestamps: true })
export class SupportRequest {
  @Prop({ type: Types.ObjectId, required: true, index: true })
  orderId: Types.ObjectId;

  @Prop({ required: true })
  orderNumber: number;

  @Prop({ type: Types.ObjectId, required: true })
  customerId: Types.ObjectId;

  @Prop({ required: true })
  customerName: string;

  @Prop({ required: true })
  customerEmail: string;

  /** Who holds the room; requests from before the Video API provider were all Meetings rooms. */
  @Prop({ type: String, enum: ['video', 'meetings'], default: 'meetings' })
  roomProvider: 'video' | 'meetings';

  @Prop({ required: true })
  roomId: string;

  @Prop({ required: true })
  hostUrl: string;

  @Prop({ required: true })
  guestUrl: string;

  @Prop({ type: Date, default: null })
  roomExpiresAt: Date | null;

  @Prop({ type: String, enum: SUPPORT_REQUEST_STATES, required: true, default: 'open', index: true })
  state: SupportRequestState;

  /**
   * `order:<orderId>` while the request is open or joined, `closed:<own id>` after: the unique
   * index lets one active request per order exist (FerretDB has no partial indexes).
   */
  @Prop({ required: true, unique: true })
  activeKey: string;

  @Prop({ type: Date, default: null })
  joinedAt: Date | null;

  @Prop({ type: Types.ObjectId, default: null })
  joinedBy: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  closedAt: Date | null;

  @Prop({ type: Types.ObjectId, default: null })
  closedBy: Types.ObjectId | null;

  createdAt: Date;
  updatedAt: Date;
}

export type SupportRequestDocument = HydratedDocument<SupportRequest>;
export const SupportRequestSchema = SchemaFactory.createForClass(SupportRequest);
SupportRequestSchema.index({ createdAt: -1 });

export const activeKeyFor = (orderId: string) => `order:${orderId}`;
