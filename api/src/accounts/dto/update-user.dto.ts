import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { type Role, ROLES } from '../../common/auth/role.js';

/** An admin's change to another account. Either ends the account's sessions at once. */
export class UpdateUserDto {
  /** @example "admin" */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** `true` disables the account (it cannot sign in; its sessions end), `false` enables it again. @example true */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
