import { ApiProperty } from '@nestjs/swagger';

export class EventTicketDto {
  @ApiProperty({ description: 'Pass as `?ticket=` to GET /api/events; single use', example: 'q5X3m0y1…' })
  ticket: string;

  @ApiProperty({
    example: '2026-11-25T12:01:00.000Z',
    description: 'Unused tickets stop working at this time (≤ 60 s)',
  })
  expiresAt: string;
}

export class ClientConfigDto {
  @ApiProperty({
    enum: ['stream', 'vonage', 'both'],
    description: 'Where staff alerts come from: GET /api/events, the Vonage Conversations path (nexmo-client), or both',
  })
  liveAlerts: 'stream' | 'vonage' | 'both';
}
