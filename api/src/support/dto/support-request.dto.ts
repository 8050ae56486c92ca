import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/validation/page.dto.js';
import { SUPPORT_REQUEST_STATES, type SupportRequestState } from '../support-request-state.js';

export class SupportCallDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718', description: 'The support request' })
  id: string;

  @ApiProperty({
    example: 'http://localhost:4200/kiosk/call/6650f0c2a1b2c3d4e5f60718',
    description:
      'Where the customer joins the video call: the kiosk call page (Video API), or the Meetings guest link (SUPPORT_VIDEO=meetings)',
  })
  guestUrl: string;

  @ApiProperty({ enum: SUPPORT_REQUEST_STATES, enumName: 'SupportRequestState', example: 'open' })
  state: SupportRequestState;

  @ApiProperty({
    example: '2026-11-25T12:10:00.000Z',
    nullable: true,
    type: String,
    description: 'When the room closes to newcomers',
  })
  expiresAt: string | null;
}

export class SupportCustomerDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60720' })
  id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;
}

export class SupportRequestDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  id: string;

  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60719' })
  orderId: string;

  @ApiProperty({ example: 1042 })
  orderNumber: number;

  @ApiProperty({ type: SupportCustomerDto })
  customer: SupportCustomerDto;

  @ApiProperty({
    example: 'http://localhost:4200/support/6650f0c2a1b2c3d4e5f60718/call',
    description: 'Where staff join: the staff call page (Video API), or the Meetings host link',
  })
  hostUrl: string;

  @ApiProperty({ example: 'http://localhost:3100/meetings/123456789' })
  guestUrl: string;

  @ApiProperty({ example: '2026-11-25T12:10:00.000Z', nullable: true, type: String })
  roomExpiresAt: string | null;

  @ApiProperty({ enum: SUPPORT_REQUEST_STATES, enumName: 'SupportRequestState', example: 'open' })
  state: SupportRequestState;

  @ApiProperty({ example: '2026-11-25T12:02:00.000Z', nullable: true, type: String })
  joinedAt: string | null;

  @ApiProperty({
    example: '6650f0c2a1b2c3d4e5f60721',
    nullable: true,
    type: String,
    description: 'Staff member who joined',
  })
  joinedBy: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  closedAt: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  closedBy: string | null;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T12:02:00.000Z' })
  updatedAt: string;
}

export class SupportRequestPageDto extends PageDto<SupportRequestDto> {
  @ApiProperty({ type: [SupportRequestDto] })
  items: SupportRequestDto[];
}
