import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class EventStreamQueryDto {
  @ApiPropertyOptional({
    description: 'A ticket from POST /api/events/tickets (for EventSource, which cannot send headers)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ticket?: string;

  @ApiPropertyOptional({
    description: 'Resume after this event id (same as the Last-Event-ID header, which wins)',
    example: '1042',
  })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'lastEventId must be an event id' })
  lastEventId?: string;
}
