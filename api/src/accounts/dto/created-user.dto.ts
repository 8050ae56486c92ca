import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto.js';

export class CreatedUserDto extends UserDto {
  @ApiProperty({
    example: true,
    description: 'Whether Vonage took the invitation text; if not, send it again with POST /api/users/{id}/invite',
  })
  inviteSent: boolean;
}
