import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/**
 * How to join a support call. Video API (`provider: "video"`): the application, session and a
 * client token for `@vonage/client-sdk-video` (or the sandbox relay when `relayUrl` is set).
 * Meetings API (`provider: "meetings"`): the hosted room's link for the caller's role.
 */
export class SupportVideoDto {
  @ApiProperty({ enum: ['video', 'meetings'], example: 'video' })
  provider: 'video' | 'meetings';

  @ApiProperty({
    enum: ['moderator', 'publisher', 'host', 'guest'],
    example: 'moderator',
    description: 'Video API role (staff: moderator, the customer: publisher) or Meetings role (host, guest)',
  })
  role: 'moderator' | 'publisher' | 'host' | 'guest';

  @ApiProperty({ example: '2026-11-25T13:00:00.000Z', description: 'When the room, and so the token, ends' })
  expiresAt: string;

  @ApiPropertyOptional({
    example: '0b3c5f7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
    description: 'Video: the Vonage application (the client SDK\'s "apiKey")',
  })
  applicationId?: string;

  @ApiPropertyOptional({ example: '1_MX4wYjNjNWY3ZS0xYTJi…', description: 'Video: the session to join' })
  sessionId?: string;

  @ApiPropertyOptional({
    example: 'eyJhbGciOiJSUzI1NiIs…',
    description: 'Video: client token for this caller, role and expiry inside',
  })
  token?: string;

  @ApiPropertyOptional({
    example: 'http://localhost:3100',
    nullable: true,
    type: String,
    description:
      'Video: set when the API runs against the local Vonage sandbox; the page then calls through its WebRTC relay instead of Vonage',
  })
  relayUrl?: string | null;

  @ApiPropertyOptional({
    example: 'https://meetings.vonage.com/123456789',
    description: 'Meetings: the host link (staff) or the guest link (customer)',
  })
  url?: string;
}

export class SupportVideoConnectionDto {
  /** The Video API connection id of this call page (`session.connection.connectionId`). */
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'connectionId must be a Vonage connection id' })
  connectionId: string;
}
