import { IsJWT, IsString, Matches } from 'class-validator';

export class VerifyTokenDto {
  /** The verifyToken from the sign-in answer. */
  @IsJWT()
  verifyToken: string;
}

export class VerifyCodeDto extends VerifyTokenDto {
  /** The one-time code the user received. @example "1234" */
  @IsString()
  @Matches(/^\d{4,10}$/, { message: 'code must be 4 to 10 digits' })
  code: string;
}
