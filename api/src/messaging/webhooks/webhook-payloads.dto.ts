import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documentation of what Vonage posts (Messages API v1); other fields are accepted and ignored. */
export class MessageStatusWebhookDto {
  @ApiProperty({ example: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab' })
  message_uuid: string;

  @ApiProperty({
    example: 'delivered',
    description: 'submitted, delivered, read, rejected, undeliverable (others are ignored)',
  })
  status: string;

  @ApiPropertyOptional({ example: '447700900123' })
  to?: string;

  @ApiPropertyOptional({ example: 'TableTalk' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-25T12:00:03.000Z' })
  timestamp?: string;

  @ApiPropertyOptional({ example: 'sms' })
  channel?: string;

  @ApiPropertyOptional({ example: 'order:6650f0c2a1b2c3d4e5f60718:1', description: 'Our notification id' })
  client_ref?: string;

  @ApiPropertyOptional({
    example: {
      type: 'https://developer.nexmo.com/api-errors/messages-olympus#1320',
      title: '1320',
      detail: 'Message failed',
    },
  })
  error?: Record<string, unknown>;
}

export class InboundMessageWebhookDto {
  @ApiProperty({ example: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab' })
  message_uuid: string;

  @ApiProperty({ example: 'sms', description: 'sms or whatsapp (others are ignored)' })
  channel: string;

  @ApiProperty({ example: '447700900123' })
  from: string;

  @ApiPropertyOptional({ example: '447700900000' })
  to?: string;

  @ApiPropertyOptional({ example: 'text' })
  message_type?: string;

  @ApiPropertyOptional({ example: 'STATUS' })
  text?: string;

  @ApiPropertyOptional({ example: '2026-11-25T12:00:00.000Z' })
  timestamp?: string;
}
