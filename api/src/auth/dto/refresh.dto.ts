import { IsString, Length } from 'class-validator';

export class RefreshDto {
  /** The refresh token from the last sign-in or refresh. @example "v1.Rk9PYmFyQmF6UXV4cmVmcmVzaHRva2Vu" */
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}
