import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { Role, ROLES } from '../../common/auth/role.js';

export const VERIFY_CHANNELS = ['sms', 'whatsapp', 'email'] as const;
export type VerifyChannel = (typeof VERIFY_CHANNELS)[number];

/** Languages customer texts are written in (templates shipped for each). */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const NOTIFICATION_CHANNELS = ['sms', 'whatsapp', 'none'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

@Schema({ collection: 'users', timestamps: true })
export class User {
  @Prop({ required: true, unique: true, lowercase: true, trim: true })
  email: string;

  @Prop({ required: true, trim: true })
  name: string;

  /** E.164, e.g. +15550100000: where Verify codes and order notifications go. */
  @Prop({ required: true })
  phone: string;

  @Prop({ type: String, required: true, enum: ROLES, default: 'customer' })
  role: Role;

  @Prop({ required: true })
  passwordHash: string;

  /** Where sign-in codes go first. */
  @Prop({ type: String, enum: VERIFY_CHANNELS, default: 'sms' })
  verifyChannel: VerifyChannel;

  /** Where order notifications go; 'none' after the customer replied STOP. */
  @Prop({ type: String, enum: NOTIFICATION_CHANNELS, default: 'sms' })
  notificationChannel: NotificationChannel;

  /** The language of the customer's texts. */
  @Prop({ type: String, enum: LANGUAGES, default: 'en' })
  language: Language;

  /**
   * Embedded in every access token and compared on every request: raising it ends every session
   * of the account at once (disable, role change, logout, password change).
   */
  @Prop({ required: true, default: 0 })
  tokenVersion: number;

  /** A disabled account cannot sign in, refresh or use a token; an admin can enable it again. */
  @Prop({ required: true, default: false })
  disabled: boolean;

  /** A staff invitation not yet accepted: the password is unset until its code is used. */
  @Prop({ type: Object, default: null })
  invite: { codeHash: string; expiresAt: Date; wrongCodes: number } | null;

  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
// One account per phone number: codes and replies from a number belong to one person. Inbound
// messages (STOP) find their customer by it. Databases made before this index was unique are
// migrated by PhoneIndexMigration.
UserSchema.index({ phone: 1 }, { unique: true });
