import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto.js';

/** A signed-in session: send the access token as `Authorization: Bearer <accessToken>`. */
export class AuthSessionDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType: 'Bearer';

  /** Seconds until the access token expires. @example 900 */
  @ApiProperty({ example: 900 })
  expiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
