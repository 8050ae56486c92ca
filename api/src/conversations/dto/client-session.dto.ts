import { ApiProperty } from '@nestjs/swagger';

export class TransportRefDto {
  @ApiProperty({ example: 'CON-5c2b8e0e-9f53-4d57-9b4e-2f0c1a7d3e11' })
  id: string;

  @ApiProperty({ example: 'pos-notifications' })
  name: string;
}

export class ClientEndpointsDto {
  @ApiProperty({
    example: 'https://ws-us.vonage.com',
    description: 'nexmo-client `url` (socket.io base; path /v2/rtc)',
  })
  url: string;

  @ApiProperty({ example: 'https://api-us.vonage.com', description: 'nexmo-client `nexmo_api_url` (REST base)' })
  nexmoApiUrl: string;
}

/** Everything the dashboard needs to listen to the staff conversation with nexmo-client. */
export class ClientSessionDto {
  @ApiProperty({
    description:
      'Client SDK JWT: `sub` is `user.name`; ACL allows only `/*/sessions/**` and GET on `/*/conversations/<conversation.id>/**`',
  })
  token: string;

  @ApiProperty({ example: '2026-11-25T12:15:00.000Z', description: 'Ask for a new token before this time' })
  expiresAt: string;

  @ApiProperty({ type: TransportRefDto, description: 'The conversation to open with getConversation(id)' })
  conversation: TransportRefDto;

  @ApiProperty({
    type: TransportRefDto,
    description: 'The Vonage user the token signs in as (`tt-<our user id>`)',
    example: { id: 'USR-0b7e…', name: 'tt-6650f0c2a1b2c3d4e5f60718' },
  })
  user: TransportRefDto;

  @ApiProperty({ type: ClientEndpointsDto })
  client: ClientEndpointsDto;
}
