import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * Proof that one worker owns one attempt of an outbox entry: its `_id` is `<entry id>:<attempt>`,
 * so of two workers claiming the same attempt only one can insert it. A claim whose worker died
 * before moving the entry on is taken over after one lease by a claim of the next `generation`
 * (`<entry id>:<attempt>:<generation>`), again by a unique insert, so only one worker takes it over.
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

  /** The entry's attempt this claim is for (absent on claims written before takeovers existed). */
  @Prop()
  attempt?: number;

  /** 0 for the first claim of an attempt; n for the n-th takeover of an orphaned one. */
  @Prop({ default: 0 })
  generation: number;

  createdAt: Date;
}

export type OutboxClaimDocument = HydratedDocument<OutboxClaim>;
export const OutboxClaimSchema = SchemaFactory.createForClass(OutboxClaim);
OutboxClaimSchema.index({ entry: 1, attempt: 1, generation: -1 });
