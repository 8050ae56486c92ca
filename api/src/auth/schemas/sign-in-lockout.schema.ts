import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/**
 * Failed sign-in steps of one (email address, client address) pair, or of one email address from
 * everywhere, whether or not an account has it: locking only real accounts would tell an attacker
 * which addresses exist. The addresses themselves are not kept, only a keyed hash (`emailHash`).
 */
@Schema({ collection: 'sign_in_lockouts', timestamps: true })
export class SignInLockout {
  @Prop({ required: true, unique: true })
  emailHash: string;

  /** Failed password or code attempts since `windowStart` (the last success or lock resets them). */
  @Prop({ default: 0 })
  failures: number;

  /** When counting started; failures older than the lock period are forgotten. */
  @Prop({ type: Date, default: null })
  windowStart: Date | null;

  /** A pair: locked until then. An address: attempts are slowed down until then. */
  @Prop({ type: Date, default: null })
  lockedUntil: Date | null;
}

export type SignInLockoutDocument = HydratedDocument<SignInLockout>;
export const SignInLockoutSchema = SchemaFactory.createForClass(SignInLockout);
