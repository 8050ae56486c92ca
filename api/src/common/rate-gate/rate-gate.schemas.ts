import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One send slot of a rate gate: `_id` is `<gate>:<tick>`, a tick being one 1/rate-second step of
 * the clock. A unique insert decides which worker owns a tick, on MongoDB and on FerretDB v1 alike
 * (FerretDB applies conditional updates as read-then-write, so a shared counter could be overrun),
 * and therefore across every API instance sharing the database. Pruned by the gate (no TTL indexes).
 */
@Schema({ collection: 'rate_gate_slots', versionKey: false })
export class RateGateSlot {
  @Prop({ type: String, required: true })
  _id: string;

  /** When the tick starts; old slots are deleted by it. */
  @Prop({ type: Date, required: true })
  at: Date;
}
export const RateGateSlotSchema = SchemaFactory.createForClass(RateGateSlot);

/** A pause of a whole gate (the provider answered 429 with Retry-After): `_id` is the gate's name. */
@Schema({ collection: 'rate_gate_pauses', versionKey: false })
export class RateGatePause {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: Date, required: true })
  until: Date;
}
export const RateGatePauseSchema = SchemaFactory.createForClass(RateGatePause);
