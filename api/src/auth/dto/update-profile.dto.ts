import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NotBlank, PlainText } from '../../common/validation/plain-text.js';
import {
  type Language,
  LANGUAGES,
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  VERIFY_CHANNELS,
  type VerifyChannel,
} from '../../users/schemas/user.schema.js';

/** What a signed-in person may change about themselves. Email and role are not among it. */
export class UpdateProfileDto {
  /** @example "Ada King" */
  @IsOptional()
  @IsString()
  @PlainText()
  @NotBlank()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** E.164. A new number is proven first: the answer is 202 and a code goes to it (see POST /api/auth/me/phone/confirm). @example "+447700900124" */
  @IsOptional()
  @IsString()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 format, e.g. +447700900123' })
  phone?: string;

  /** How order updates reach you; `none` turns them off (so does replying STOP). @example "whatsapp" */
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS)
  notificationChannel?: NotificationChannel;

  /** The language of your texts. @example "es" */
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  /** Where sign-in codes go first. @example "sms" */
  @IsOptional()
  @IsIn(VERIFY_CHANNELS)
  verifyChannel?: VerifyChannel;
}
