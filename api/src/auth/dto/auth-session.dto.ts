import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto.js';

/** A signed-in session: send the access token as `Authorization: Bearer <accessToken>`. */
export class AuthSessionDto {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2NjUwZjBjMmExYjJjM2Q0ZTVmNjA3MTgifQ.c2lnbmF0dXJl',
  })
  accessToken: string;

  /** Trade it at POST /api/auth/refresh for a new session; each one works once. */
  @ApiProperty({ example: 'k3Jd9…' })
  refreshToken: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType: 'Bearer';

  /** Seconds until the access token expires. @example 900 */
  @ApiProperty({ example: 900 })
  expiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
