import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '../../common/validation/page.dto.js';
import { NOTIFICATION_STATES, type NotificationState } from '../notification-state.js';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../schemas/notification.schema.js';

export class NotificationStateChangeDto {
  @ApiProperty({ enum: NOTIFICATION_STATES, enumName: 'NotificationState', example: 'delivered' })
  state: NotificationState;

  @ApiProperty({ example: '2026-11-25T12:00:03.000Z' })
  at: string;
}

/** A text message about an order and how far it got (Vonage delivery receipts). */
export class NotificationDto {
  @ApiProperty({
    example: 'order:6650f0c2a1b2c3d4e5f60718:1',
    description: 'Stable id; also the client_ref sent to Vonage',
  })
  id: string;

  @ApiProperty({ enum: NOTIFICATION_EVENTS, enumName: 'NotificationEvent', example: 'ready' })
  event: NotificationEvent;

  @ApiProperty({ enum: ['sms', 'whatsapp'], example: 'sms' })
  channel: 'sms' | 'whatsapp';

  @ApiProperty({ example: '+447700900123', description: 'E.164' })
  to: string;

  @ApiProperty({ example: 'Your order #1042 is ready to collect.' })
  text: string;

  @ApiProperty({
    enum: NOTIFICATION_STATES,
    enumName: 'NotificationState',
    example: 'delivered',
    description:
      'queued (not sent yet), sent (Vonage took it), delivered, read (WhatsApp), failed (final; staff may resend it) or suppressed (final: the number opted out, never sent)',
  })
  state: NotificationState;

  @ApiPropertyOptional({ example: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', description: "Vonage's message_uuid" })
  messageUuid?: string;

  @ApiPropertyOptional({ example: 'Vonage refused messages.send.sms (422): Invalid phone number' })
  error?: string;

  @ApiPropertyOptional({
    example: 'order:6650f0c2a1b2c3d4e5f60718:1',
    description: 'The failed notification this one sends again (staff resend)',
  })
  resendOf?: string;

  @ApiPropertyOptional({
    example: 'order:6650f0c2a1b2c3d4e5f60718:1~r',
    description: "Set on a failed notification once staff resent it: the resend's id",
  })
  resentAs?: string;

  @ApiPropertyOptional({
    example: 'order:6650f0c2a1b2c3d4e5f60718:1',
    description: 'The failed WhatsApp notification this SMS falls back for',
  })
  fallbackOf?: string;

  @ApiPropertyOptional({
    example: 'tabletalk_order_update',
    description: 'WhatsApp template it went as (outside the 24-hour window)',
  })
  template?: string;

  @ApiProperty({ example: 1, description: 'Calls made to Vonage for it' })
  attempts: number;

  @ApiProperty({ type: [NotificationStateChangeDto] })
  history: NotificationStateChangeDto[];

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T12:00:03.000Z' })
  updatedAt: string;
}

/** A page of an order's notifications, oldest first. */
export class NotificationPageDto extends PageDto<NotificationDto> {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];
}
