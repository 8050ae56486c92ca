import { ApiProperty } from '@nestjs/swagger';
import { IsMongoId } from 'class-validator';

export class NotificationsQueryDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  @IsMongoId()
  orderId: string;
}
