import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * Proof that one worker owns one attempt of an outbox entry: its `_id` is `<entry id>:<attempt>`,
 * so of two workers claiming the same attempt only one can insert it.
 *
 * Why a document of its own: MongoDB's findOneAndUpdate claims atomically, but FerretDB v1 applies
 * it as read-then-write, and two API instances draining one queue both "won" the same entry
 * (40 entries ran 63 times in the outbox e2e test). A unique insert is atomic on both.
 */
@Schema({ collection: 'outbox_claims', timestamps: { createdAt: true, updatedAt: false } })
export class OutboxClaim {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  entry: Types.ObjectId;

  @Prop({ required: true })
  worker: string;
}

export type OutboxClaimDocument = HydratedDocument<OutboxClaim>;
export const OutboxClaimSchema = SchemaFactory.createForClass(OutboxClaim);
