import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto.js';

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiProperty({ example: 1, description: 'The page asked for (1 when paging by cursor)' })
  page: number;

  @ApiProperty({ example: 20 })
  limit: number;

  @ApiProperty({ example: 4, description: 'Accounts matching the filters, all pages' })
  total: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '6650f0c2a1b2c3d4e5f60718',
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor: string | null;
}
