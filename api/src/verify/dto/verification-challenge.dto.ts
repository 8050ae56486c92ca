import { ApiProperty } from '@nestjs/swagger';

/** The password was right; a one-time code is on its way. Finish with POST /api/auth/verify. */
export class VerificationChallengeDto {
  @ApiProperty({ enum: [true], example: true })
  verificationRequired: true;

  /** Opens only this sign-in's code check; expires with the challenge. */
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2NjUwZjBjMmExYjJjM2Q0ZTVmNjA3MTgifQ.c2lnbmF0dXJl',
  })
  verifyToken: string;

  @ApiProperty({ enum: ['sms', 'whatsapp', 'email'], example: 'sms' })
  channel: 'sms' | 'whatsapp' | 'email';

  /** Where the code went, masked. @example "+44 •••• ••0123" */
  @ApiProperty({ example: '+44••••••0123' })
  destination: string;

  @ApiProperty({ example: '2026-11-25T12:10:00.000Z' })
  expiresAt: string;
}
