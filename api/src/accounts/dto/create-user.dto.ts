import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NotBlank, PlainText } from '../../common/validation/plain-text.js';

export const STAFF_ROLES = ['staff', 'admin'] as const;

/** A new staff member. They get a one-time code by SMS to set their own password. */
export class CreateUserDto {
  /** @example "sam@tabletalk.local" */
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** @example "Sam Host" */
  @IsString()
  @PlainText()
  @NotBlank()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** E.164: the invitation code and their sign-in codes go here. @example "+447700900555" */
  @IsString()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 format, e.g. +447700900123' })
  phone: string;

  /** @example "staff" */
  @IsIn(STAFF_ROLES)
  role: (typeof STAFF_ROLES)[number];
}
