import { ApiProperty } from '@nestjs/swagger';

export class CodeResentDto {
  @ApiProperty({ enum: ['sms', 'whatsapp', 'email'], example: 'whatsapp' })
  channel: 'sms' | 'whatsapp' | 'email';

  @ApiProperty({ example: '+44••••••0123' })
  destination: string;

  @ApiProperty({ example: '2026-11-25T12:10:00.000Z' })
  expiresAt: string;
}
