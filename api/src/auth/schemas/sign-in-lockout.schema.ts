import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/**
 * Failed sign-in steps of one email address, whether or not an account has it: locking only
 * real accounts would tell an attacker which addresses exist. The address itself is not kept,
 * only a keyed hash of it.
 */
@Schema({ collection: 'sign_in_lockouts', timestamps: true })
export class SignInLockout {
  @Prop({ required: true, unique: true })
  emailHash: string;

  /** Failed password or code attempts since the last success or lock. */
  @Prop({ default: 0 })
  failures: number;

  @Prop({ type: Date, default: null })
  lockedUntil: Date | null;
}

export type SignInLockoutDocument = HydratedDocument<SignInLockout>;
export const SignInLockoutSchema = SchemaFactory.createForClass(SignInLockout);
