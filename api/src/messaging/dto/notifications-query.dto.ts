import { ApiProperty } from '@nestjs/swagger';
import { IsMongoId, Matches } from 'class-validator';
import { SortKeyPageQueryDto } from '../../common/validation/cursor-page.js';

export class NotificationsQueryDto extends SortKeyPageQueryDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  @IsMongoId()
  orderId: string;
}

export class NotificationIdParamDto {
  @ApiProperty({ example: 'order:6650f0c2a1b2c3d4e5f60718:1' })
  @Matches(/^[\w:~-]{1,40}$/, { message: 'id must be a notification id (up to 40 letters, digits, : ~ _ -)' })
  id: string;
}
