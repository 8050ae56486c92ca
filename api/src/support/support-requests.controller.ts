import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe.js';
import { ListSupportRequestsQueryDto } from './dto/list-support-requests-query.dto.js';
import { SupportRequestDto, SupportRequestPageDto } from './dto/support-request.dto.js';
import { UpdateSupportRequestDto } from './dto/update-support-request.dto.js';
import { SupportRequestsService } from './support-requests.service.js';

@ApiTags('support')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('support-requests')
export class SupportRequestsController {
  constructor(private readonly support: SupportRequestsService) {}

  /** Support requests, newest first, so nothing is missed while nobody was online. */
  @Get()
  @ApiOkResponse({ type: SupportRequestPageDto })
  @ApiProblemResponses([400, 401, 403])
  list(@Query() query: ListSupportRequestsQueryDto): Promise<SupportRequestPageDto> {
    return this.support.list(query);
  }

  /** Marks a request joined (a staff member took the call) or closed: open → joined → closed, or open → closed. */
  @Patch(':id')
  @ApiOkResponse({ type: SupportRequestDto })
  @ApiProblemResponses({ 400: undefined, 401: undefined, 403: undefined, 404: undefined, 409: 'Already closed' })
  changeState(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: UpdateSupportRequestDto,
  ): Promise<SupportRequestDto> {
    return this.support.changeState(caller, id, body.state);
  }
}
