import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Proof that one request won a step that must happen once (an order leaving a state, a refresh
 * token being swapped, a code check approving a sign-in): the step's name is the `_id`, so of
 * racing requests, on any number of API instances, only one can insert it. An insert against a
 * unique key is atomic on MongoDB and on FerretDB, whose conditional updates are read-then-write.
 */
@Schema({ collection: 'fences', timestamps: { createdAt: true, updatedAt: false } })
export class Fence {
  /** `<step>` for the first claim; `<step>#<n>` for the n-th takeover of an abandoned one. */
  @Prop({ type: String, required: true })
  _id: string;

  /** The step, shared by its takeovers. */
  @Prop({ required: true, index: true })
  step: string;

  @Prop({ default: 0 })
  generation: number;

  createdAt: Date;
}

export const FenceSchema = SchemaFactory.createForClass(Fence);
