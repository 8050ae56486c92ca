import { ApiProperty } from '@nestjs/swagger';
import { type Role, ROLES } from '../../common/auth/role.js';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: '+447700900123', description: 'E.164' })
  phone: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'customer' })
  role: Role;

  @ApiProperty({ enum: ['sms', 'whatsapp', 'email'], example: 'sms', description: 'Where sign-in codes go first' })
  verifyChannel: 'sms' | 'whatsapp' | 'email';

  @ApiProperty({
    enum: ['sms', 'whatsapp', 'none'],
    example: 'sms',
    description: "Where order notifications go; 'none' after replying STOP",
  })
  notificationChannel: 'sms' | 'whatsapp' | 'none';

  @ApiProperty({ enum: ['en', 'es'], example: 'en', description: 'Language of customer texts' })
  language: 'en' | 'es';

  @ApiProperty({
    example: false,
    description: 'A disabled account cannot sign in; its sessions ended when it was disabled',
  })
  disabled: boolean;

  @ApiProperty({ example: false, description: 'Invited by an admin and has not set a password yet' })
  invitePending: boolean;

  @ApiProperty({ example: '2026-11-25T12:00:00.000Z' })
  createdAt: string;
}
