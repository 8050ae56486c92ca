import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  /** @example admin@tabletalk.local */
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** @example TableTalk!2026 */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}
