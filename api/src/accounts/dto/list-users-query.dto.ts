import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsMongoId, IsOptional } from 'class-validator';
import { type Role, ROLES } from '../../common/auth/role.js';
import { PageQueryDto } from '../../common/validation/page-query.dto.js';

export class ListUsersQueryDto extends PageQueryDto {
  /** Only accounts with this role. @example "staff" */
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Only disabled (`true`) or enabled (`false`) accounts. @example false */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  disabled?: boolean;

  /** The `nextCursor` of the previous page: the next page after it (then `page` is not used). @example "6650f0c2a1b2c3d4e5f60718" */
  @IsOptional()
  @IsMongoId()
  cursor?: string;
}
