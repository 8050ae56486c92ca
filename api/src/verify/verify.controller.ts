import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/decorators.js';
import { AuthThrottle } from '../common/auth/throttles.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { CodeResentDto } from './dto/code-resent.dto.js';
import { VerifyTokenDto } from './dto/verify-code.dto.js';
import { VerifyService } from './verify.service.js';

/**
 * A sign-in challenge's own steps, under the sign-in's URLs. Finishing it with the code
 * (`POST /api/auth/verify`) is the sign-in's step: AuthController answers it with a session.
 * The operation ids stay `Auth_*`: generated clients (the dashboard's) name their functions after them.
 */
@ApiTags('auth')
@Controller('auth/verify')
export class VerifyController {
  constructor(private readonly verify: VerifyService) {}

  /** Sends the code again, on the next channel of the workflow. */
  @Public()
  @Post('resend')
  @ApiOperation({ operationId: 'Auth_resend' })
  @AuthThrottle()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CodeResentDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    409: 'The code was already sent on every channel',
    429: undefined,
    502: undefined,
  })
  resend(@Body() body: VerifyTokenDto): Promise<CodeResentDto> {
    return this.verify.resend(body.verifyToken);
  }

  /** Abandons a two-factor sign-in. */
  @Public()
  @Post('cancel')
  @ApiOperation({ operationId: 'Auth_cancel' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiProblemResponses([400, 401])
  async cancel(@Body() body: VerifyTokenDto): Promise<void> {
    await this.verify.cancel(body.verifyToken);
  }
}
