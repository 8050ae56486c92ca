import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import type { VerifyChannel } from '../verify.gateway.js';

export const VERIFICATION_STATES = ['pending', 'approved', 'failed', 'expired', 'cancelled'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

export const VERIFICATION_PURPOSES = ['sign-in', 'phone-change'] as const;
export type VerificationPurpose = (typeof VERIFICATION_PURPOSES)[number];

/**
 * One second-factor challenge of one sign-in. Its _id is the `jti` of the verify token, so a
 * token opens exactly this challenge. The code itself never reaches us; the provider's request
 * id is kept encrypted.
 */
@Schema({ collection: 'verifications', timestamps: true })
export class Verification {
  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ required: true })
  sealedRequestId: string;

  @Prop({ type: [String], required: true })
  channels: VerifyChannel[];

  /** Index into channels of the one the code went to last. */
  @Prop({ required: true, default: 0 })
  channelIndex: number;

  @Prop({ type: String, required: true, enum: VERIFICATION_STATES, default: 'pending' })
  state: VerificationState;

  @Prop({ required: true, default: 0 })
  wrongCodes: number;

  @Prop({ required: true })
  expiresAt: Date;

  /**
   * What the code proves: a sign-in, or that the user holds a new phone number (`phone-change`,
   * the number in `destinations[0]`). A token of one purpose never completes the other.
   */
  @Prop({ type: String, enum: VERIFICATION_PURPOSES, default: 'sign-in' })
  purpose: VerificationPurpose;

  /** Where the code can go (phone, and email for the email channel): a new request to any of them supersedes this one. */
  @Prop({ type: [String], default: [] })
  destinations: string[];
}

export type VerificationDocument = HydratedDocument<Verification>;
export const VerificationSchema = SchemaFactory.createForClass(Verification);
// A new request finds the pending ones to the same number (VerifyService.cancelPending).
VerificationSchema.index({ destinations: 1, state: 1 });
