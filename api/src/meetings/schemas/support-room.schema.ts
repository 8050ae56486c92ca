import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

export const ROOM_STATES = ['open', 'closed'] as const;
export type RoomState = (typeof ROOM_STATES)[number];

/** The video room of one support request: its provider, its lifetime, who connected. */
@Schema({ collection: 'support_rooms', timestamps: true })
export class SupportRoom {
  /** One room per request: racing calls insert the same key and all but one get a duplicate-key error. */
  @Prop({ type: Types.ObjectId, required: true, unique: true })
  requestId: Types.ObjectId;

  @Prop({ type: String, enum: ['video', 'meetings'], required: true })
  provider: 'video' | 'meetings';

  /** Video API session id or Meetings API room id. */
  @Prop({ required: true })
  roomId: string;

  /** Where staff join: our call page (video) or the Meetings host link. Never shown to customers. */
  @Prop({ required: true })
  hostUrl: string;

  /** Where the customer joins: the kiosk's call page (video) or the Meetings guest link. */
  @Prop({ required: true })
  guestUrl: string;

  /** Closed to everyone after this (SUPPORT_ROOM_TTL_MINUTES, or the provider's own limit if sooner). */
  @Prop({ type: Date, required: true })
  expiresAt: Date;

  @Prop({ type: String, enum: ROOM_STATES, required: true, default: 'open' })
  state: RoomState;

  @Prop({ type: Date, default: null })
  closedAt: Date | null;

  /** Video API connections the call pages reported, force-disconnected when the room closes. */
  @Prop({ type: [String], default: [] })
  connectionIds: string[];

  createdAt: Date;
  updatedAt: Date;
}

export type SupportRoomDocument = HydratedDocument<SupportRoom>;
export const SupportRoomSchema = SchemaFactory.createForClass(SupportRoom);
