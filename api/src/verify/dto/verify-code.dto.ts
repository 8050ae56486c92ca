import { IsJWT, IsString, Matches } from 'class-validator';

export class VerifyTokenDto {
  /** The verifyToken from the sign-in answer. @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2NjUwZjBjMmExYjJjM2Q0ZTVmNjA3MTgifQ.c2lnbmF0dXJl" */
  @IsJWT()
  verifyToken: string;
}

export class VerifyCodeDto extends VerifyTokenDto {
  /** The one-time code the user received. @example "1234" */
  @IsString()
  @Matches(/^\d{4,10}$/, { message: 'code must be 4 to 10 digits' })
  code: string;
}
