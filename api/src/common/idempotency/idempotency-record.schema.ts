import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One `Idempotency-Key` of one caller on one route. Inserting it is the claim (the unique `_id`
 * lets one request in, on MongoDB and FerretDB alike); the answer is stored on it for 24 h.
 */
@Schema({ collection: 'idempotency_keys', timestamps: { createdAt: true, updatedAt: false } })
export class IdempotencyRecord {
  /** sha256 of caller, route and key. */
  @Prop({ type: String, required: true })
  _id: string;

  /** sha256 of the method, URL and body: the same key with another request is refused (422). */
  @Prop({ required: true })
  fingerprint: string;

  @Prop({ type: String, enum: ['pending', 'done'], required: true })
  state: 'pending' | 'done';

  @Prop({ type: Number, default: null })
  status: number | null;

  /** The answer's JSON as sent (a string: answers may hold keys MongoDB would not store). */
  @Prop({ type: String, default: null })
  body: string | null;

  /** A pending claim older than this was abandoned (its process died): another request may take over. */
  @Prop({ required: true })
  leaseUntil: Date;

  @Prop({ required: true })
  expiresAt: Date;

  createdAt: Date;
}

export const IdempotencyRecordSchema = SchemaFactory.createForClass(IdempotencyRecord);
IdempotencyRecordSchema.index({ expiresAt: 1 });
