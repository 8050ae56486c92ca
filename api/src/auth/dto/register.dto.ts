import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NotBlank, PlainText } from '../../common/validation/plain-text.js';
import { type Language, LANGUAGES, VERIFY_CHANNELS, type VerifyChannel } from '../../users/schemas/user.schema.js';

export class RegisterDto {
  /** @example ada@example.com */
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** At least 10 characters. @example correct-horse-battery */
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  password: string;

  /** Full name, as staff will see it. @example "Ada Lovelace" */
  @IsString()
  @PlainText()
  @NotBlank()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Mobile number in E.164 format; order notifications and sign-in codes go here. @example +447700900123 */
  @IsString()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 format, e.g. +447700900123' })
  phone: string;

  /** The language of your texts (default en). */
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  /** Where sign-in codes go first (default sms). */
  @IsOptional()
  @IsIn(VERIFY_CHANNELS)
  verifyChannel?: VerifyChannel;
}
