import { IsIn } from 'class-validator';

export class UpdateSupportRequestDto {
  /** `joined` when a staff member takes the call, `closed` when it is dealt with. @example "joined" */
  @IsIn(['joined', 'closed'])
  state: 'joined' | 'closed';
}
