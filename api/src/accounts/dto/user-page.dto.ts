import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/validation/page.dto.js';
import { UserDto } from '../../users/dto/user.dto.js';

export class UserPageDto extends PageDto<UserDto> {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];
}
