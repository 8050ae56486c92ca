import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Ids of transport resources we find by name (the staff conversation, each person's user), so
 * restarts and other instances reuse them instead of asking Vonage again. `key` is unique:
 * `conversation:<name>` or `user:<name>`.
 */
@Schema({ collection: 'vonage_resources', timestamps: true })
export class VonageResource {
  @Prop({ required: true, unique: true })
  key: string;

  @Prop({ required: true })
  vonageId: string;

  createdAt: Date;
  updatedAt: Date;
}

export const VonageResourceSchema = SchemaFactory.createForClass(VonageResource);
