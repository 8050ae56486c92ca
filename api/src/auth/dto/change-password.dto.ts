import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  /** The password in use now. @example "correct-horse-battery" */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  /** At least 10 characters. @example "another-horse-battery" */
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  newPassword: string;
}
