import { Controller, Get, HttpCode, HttpStatus, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticatedUser, CurrentUser, Public } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { RequestValidationException } from '../common/errors/validation.exception.js';
import { REQUEST_ID_HEADER } from '../common/logging/logging.module.js';
import { LiveEventsConfig, liveEventsConfig } from '../config/configuration.js';
import { EventStreamQueryDto } from './dto/event-stream-query.dto.js';
import { ClientConfigDto, EventTicketDto } from './dto/event-ticket.dto.js';
import {
  NotificationEventDataDto,
  OrderEventDataDto,
  ResetEventDataDto,
  SupportRequestEventDataDto,
} from './dto/live-event-data.dto.js';
import { EventStreamGuard } from './event-stream.guard.js';
import { EventStreamHub } from './event-stream-hub.js';
import { EventTicketsService } from './event-tickets.service.js';

const STREAM_DESCRIPTION = [
  'Server-Sent Events. Each event has `id:` (opaque, increasing: send it back as `Last-Event-ID`), `event:` its type and `data:` one JSON object:',
  '',
  `- \`order.created\`, \`order.status_changed\`: [OrderEventData](${getSchemaPath(OrderEventDataDto)})`,
  `- \`notification.updated\`: [NotificationEventData](${getSchemaPath(NotificationEventDataDto)}) (delivery state of a text to the customer)`,
  `- \`support_request.created\`, \`support_request.updated\`: [SupportRequestEventData](${getSchemaPath(SupportRequestEventDataDto)})`,
  `- \`reset\`: [ResetEventData](${getSchemaPath(ResetEventDataDto)}): the requested id is no longer kept; reload lists`,
  '',
  'A comment line (`: keep-alive`) at least every 15 s. Staff and admins receive every event; a customer only those of their own orders and support requests, without staff-only fields.',
].join('\n');

@ApiTags('live events')
@Controller()
export class LiveEventsController {
  constructor(
    private readonly hub: EventStreamHub,
    private readonly tickets: EventTicketsService,
    @Inject(liveEventsConfig.KEY) private readonly config: LiveEventsConfig,
  ) {}

  /**
   * The live event stream. Authenticate with `Authorization: Bearer <accessToken>` or
   * `?ticket=` (from POST /api/events/tickets; browsers' EventSource cannot send headers).
   * Resume with `Last-Event-ID` (or `?lastEventId=`): every kept event after it (≥ 24 h) is
   * replayed in order before live ones; an id no longer kept starts with `event: reset`.
   */
  @Public()
  @UseGuards(EventStreamGuard)
  @Get('events')
  @ApiBearerAuth()
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event id (EventSource sends it on reconnect)',
  })
  @ApiExtraModels(OrderEventDataDto, NotificationEventDataDto, SupportRequestEventDataDto, ResetEventDataDto)
  @ApiOkResponse({
    description: STREAM_DESCRIPTION,
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          example:
            'id: 42\nevent: order.created\ndata: {"orderId":"6650f0c2a1b2c3d4e5f60718","number":1042,"status":"placed",…}\n\n',
        },
        // The `data:` payloads by event type, machine-readable (the description links them for people).
        ...{
          'x-event-data': {
            oneOf: [OrderEventDataDto, NotificationEventDataDto, SupportRequestEventDataDto, ResetEventDataDto].map(
              (model) => ({ $ref: getSchemaPath(model) }),
            ),
          },
        },
      },
    },
  })
  @ApiProblemResponses({
    400: undefined,
    401: 'No or an invalid access token, or a stream ticket that is unknown, expired or used',
    429: undefined,
  })
  async stream(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: EventStreamQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const header = request.headers['last-event-id'];
    const given = typeof header === 'string' && header.length > 0 ? header : query.lastEventId;
    if (given !== undefined && !/^\d{1,15}$/.test(given)) {
      throw new RequestValidationException([{ field: 'Last-Event-ID', message: 'Last-Event-ID must be an event id' }]);
    }
    // From here on we own the socket: Nest and Fastify send nothing more.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      [REQUEST_ID_HEADER]: request.id,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx (Docker setup) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    // The browser's reconnect delay; the first comment flushes the headers through proxies.
    res.write('retry: 2000\n: connected\n\n');
    request.raw.socket.setNoDelay(true);
    await this.hub.attach(caller, res, given === undefined ? undefined : Number(given));
  }

  /** A single-use ticket (valid ≤ 60 s) that opens GET /api/events as the caller, for EventSource. */
  @Post('events/tickets')
  @HttpCode(HttpStatus.CREATED)
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: EventTicketDto })
  @ApiProblemResponses({ 401: undefined, 429: undefined })
  issueTicket(@CurrentUser() caller: AuthenticatedUser): Promise<EventTicketDto> {
    return this.tickets.issue(caller);
  }

  /** What the dashboard needs to know before sign-in: where live staff alerts come from. */
  @Public()
  @Get('client-config')
  @ApiOkResponse({ type: ClientConfigDto })
  clientConfig(): ClientConfigDto {
    return { liveAlerts: this.config.liveAlerts };
  }
}
