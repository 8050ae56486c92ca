import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** An inbound message we have handled, by Vonage's id: a redelivered webhook is handled once. */
@Schema({ collection: 'inbound_messages', timestamps: true })
export class InboundMessage {
  @Prop({ required: true, unique: true })
  messageUuid: string;

  @Prop({ required: true })
  from: string;

  @Prop({ required: true })
  channel: string;

  @Prop({ required: true })
  text: string;

  @Prop({ required: true })
  receivedAt: Date;

  /** The keyword it was (opt-out, opt-in, help, status, cancel-order) or a plain message. */
  @Prop({ type: String, enum: ['opt-out', 'opt-in', 'help', 'status', 'cancel-order', 'message'], required: true })
  kind: string;
}

export const InboundMessageSchema = SchemaFactory.createForClass(InboundMessage);
