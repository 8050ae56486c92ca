import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators.js';
import { ApiProblemResponses } from '../../common/errors/api-problem-responses.js';
import { ConsentService } from './consent.service.js';

@ApiTags('consent')
@ApiBearerAuth()
@Controller()
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  /**
   * Admins: every number's consent history for a carrier audit, one row per event
   * (opt-in/opt-out, source kiosk/api/keyword/carrier, the exact wording or keyword). Cells that a
   * spreadsheet would read as a formula start with an apostrophe.
   */
  @Get('consent.csv')
  @Roles('admin')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="consent.csv"')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    description: 'CSV (RFC 4180): phone, opted_out_now, first_text_at, event_at, action, source, detail',
    content: {
      'text/csv': {
        schema: {
          type: 'string',
          example:
            "phone,opted_out_now,first_text_at,event_at,action,source,detail\r\n'+447700900123,true,2026-11-25T12:00:00.000Z,2026-11-25T12:10:00.000Z,opt-out,keyword,STOP\r\n",
        },
      },
    },
  })
  @ApiProblemResponses({ 401: undefined, 403: undefined })
  export(): Promise<string> {
    return this.consent.exportCsv();
  }
}
