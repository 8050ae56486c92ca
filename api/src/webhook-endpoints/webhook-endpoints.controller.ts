import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ApiProblemResponses } from '../common/errors/api-problem-responses.js';
import { CursorPageQueryDto } from '../common/validation/cursor-page.js';
import { ParseObjectIdPipe } from '../common/validation/parse-object-id.pipe.js';
import {
  CreateWebhookEndpointDto,
  ListWebhookDeliveriesQueryDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

/**
 * Outbound webhooks for integrators (admins only): endpoints receive the live stream's events,
 * signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 */
@ApiTags('webhook-endpoints')
@ApiBearerAuth()
@Roles('admin')
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly service: WebhookEndpointsService) {}

  /** Registers an endpoint. The answer carries the signing secret: it is shown this once. */
  @Post()
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    422: 'A loopback, private or link-local target (`webhook-target-refused`)',
  })
  create(@Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    return this.service.create(body);
  }

  /** Endpoints, newest first, by `page` or by `cursor`. */
  @Get()
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @ApiProblemResponses([400, 401, 403])
  list(@Query() query: CursorPageQueryDto): Promise<WebhookEndpointPageDto> {
    return this.service.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblemResponses([400, 401, 403, 404])
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<WebhookEndpointDto> {
    return this.service.get(id);
  }

  /** Changes the URL, events or description; `disabled` stops or resumes deliveries. */
  @Patch(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: undefined,
    422: 'A loopback, private or link-local target',
  })
  update(
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    return this.service.update(id, body);
  }

  /** A new signing secret (shown once). The old one keeps signing alongside for 24 h, so receivers can switch over. */
  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblemResponses([400, 401, 403, 404])
  rotate(@Param('id', ParseObjectIdPipe) id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.service.rotateSecret(id);
  }

  /** Deletes the endpoint and its delivery log; queued attempts are dropped. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses([400, 401, 403, 404])
  remove(@Param('id', ParseObjectIdPipe) id: string): Promise<void> {
    return this.service.remove(id);
  }

  /** The delivery log, newest first: status, attempts, latency and the start of the receiver's answer. */
  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblemResponses([400, 401, 403, 404])
  deliveries(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: ListWebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.service.deliveriesOf(id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiProblemResponses([400, 401, 403, 404])
  delivery(
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('deliveryId', ParseObjectIdPipe) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return this.service.delivery(id, deliveryId);
  }

  /** Sends a delivery again now (same `webhook-id`, fresh signature), e.g. after fixing the receiver. */
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: WebhookDeliveryDto, description: 'Queued; the delivery log shows the outcome' })
  @ApiProblemResponses({
    400: undefined,
    401: undefined,
    403: undefined,
    404: undefined,
    409: 'The endpoint is disabled',
  })
  replay(
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('deliveryId', ParseObjectIdPipe) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return this.service.replay(id, deliveryId);
  }
}
