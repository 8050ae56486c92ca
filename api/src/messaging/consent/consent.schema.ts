import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export const CONSENT_ACTIONS = ['opt-in', 'opt-out'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];
/** How the customer told us: the kiosk checkbox, an API client's field, a keyword text, or the carrier (Vonage reporting an opted-out recipient). */
export const CONSENT_SOURCES = ['kiosk', 'api', 'keyword', 'carrier'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

@Schema({ _id: false })
export class ConsentEvent {
  @Prop({ type: String, enum: CONSENT_ACTIONS, required: true })
  action: ConsentAction;

  @Prop({ type: String, enum: CONSENT_SOURCES, required: true })
  source: ConsentSource;

  /** The exact wording the customer agreed to, the keyword they sent, or the carrier's error. */
  @Prop({ type: String, default: '' })
  detail: string;

  @Prop({ required: true })
  at: Date;
}

/**
 * Consent to texts, per phone number (not per account: carriers and the law think in numbers),
 * with its whole history for a carrier audit. `optedOut` is what suppression reads.
 */
@Schema({ collection: 'consents', timestamps: true })
export class Consent {
  /** E.164 with a leading +. */
  @Prop({ required: true, unique: true })
  phone: string;

  @Prop({ required: true, default: false })
  optedOut: boolean;

  /** When the first text went to this number (it carried "Reply STOP to opt out"). */
  @Prop({ type: Date, default: null })
  firstTextAt: Date | null;

  @Prop({ type: [ConsentEvent], default: [] })
  events: ConsentEvent[];

  createdAt: Date;
  updatedAt: Date;
}

export type ConsentDocument = HydratedDocument<Consent>;
export const ConsentSchema = SchemaFactory.createForClass(Consent);
