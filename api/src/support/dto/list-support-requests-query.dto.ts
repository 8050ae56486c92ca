import { IsIn, IsOptional } from 'class-validator';
import { KeysetPageQueryDto } from '../../common/validation/cursor-page.js';
import { CommaSeparated } from '../../common/validation/page-query.dto.js';
import { SUPPORT_REQUEST_STATES, type SupportRequestState } from '../support-request-state.js';

export class ListSupportRequestsQueryDto extends KeysetPageQueryDto {
  /** One or more states, comma-separated; all when absent. @example "open,joined" */
  @IsOptional()
  @CommaSeparated()
  @IsIn(SUPPORT_REQUEST_STATES, { each: true })
  state?: SupportRequestState[];
}
