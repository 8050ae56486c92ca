import { IsString, Length } from 'class-validator';

export class RefreshDto {
  /** The refresh token from the last sign-in or refresh. */
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}
