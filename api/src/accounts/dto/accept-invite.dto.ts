import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class AcceptInviteDto {
  /** The email the admin invited. @example "sam@tabletalk.local" */
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** The code from the invitation text (dash and letter case do not matter). @example "K7QM-2XWP" */
  @IsString()
  @Matches(/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/, {
    message: 'code must be the 8-character code from the invitation, e.g. K7QM-2XWP',
  })
  code: string;

  /** The new password, at least 10 characters. @example "correct-horse-battery" */
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  password: string;
}
