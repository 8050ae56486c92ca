import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
} from 'class-validator';
import { CursorPageQueryDto } from '../../common/validation/cursor-page.js';
import { PageDto } from '../../common/validation/page.dto.js';
import { LIVE_EVENT_TYPES, type LiveEventType } from '../../live-events/live-event-types.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../schemas/webhook-delivery.schema.js';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_host: true };

export class CreateWebhookEndpointDto {
  /** Where deliveries are POSTed. Loopback, private and link-local targets are refused unless the server allows them. @example "https://example.com/hooks/tabletalk" */
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS)
  url: string;

  /** The events to receive. @example ["order.created", "order.status_changed"] */
  @ApiProperty({ enum: LIVE_EVENT_TYPES, isArray: true, example: ['order.created', 'order.status_changed'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(LIVE_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(LIVE_EVENT_TYPES, { each: true })
  events: LiveEventType[];

  /** @example "Delivery app" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookEndpointDto {
  /** @example "https://example.com/hooks/tabletalk-v2" */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS)
  url?: string;

  @ApiPropertyOptional({ enum: LIVE_EVENT_TYPES, isArray: true, example: ['order.status_changed'] })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIVE_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(LIVE_EVENT_TYPES, { each: true })
  events?: LiveEventType[];

  /** @example "Delivery app (new receiver)" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  /** true stops deliveries; false enables again (and clears an automatic disable). @example false */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class WebhookEndpointDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  id: string;

  @ApiProperty({ example: 'https://example.com/hooks/tabletalk' })
  url: string;

  @ApiProperty({ enum: LIVE_EVENT_TYPES, isArray: true, example: ['order.created', 'order.status_changed'] })
  events: LiveEventType[];

  @ApiProperty({ type: String, nullable: true, example: 'Delivery app' })
  description: string | null;

  @ApiProperty({ example: false })
  disabled: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description:
      'Why it is disabled; an automatic disable after repeated failures says so here (the notice for admins)',
  })
  disabledReason: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  disabledAt: string | null;

  @ApiProperty({ example: 0, description: 'Failed attempts in a row' })
  failureStreak: number;

  @ApiProperty({ example: '2026-11-30T12:00:00.000Z' })
  createdAt: string;
}

/** The answer that carries the signing secret: creation and rotation only. */
export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The Standard Webhooks signing secret. Shown only in this answer: store it now.',
  })
  secret: string;
}

export class WebhookEndpointPageDto extends PageDto<WebhookEndpointDto> {
  @ApiProperty({ type: [WebhookEndpointDto] })
  items: WebhookEndpointDto[];
}

export class ListWebhookDeliveriesQueryDto extends CursorPageQueryDto {
  /** @example "failed" */
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class DeliveryAttemptDto {
  @ApiProperty({ example: '2026-11-30T12:00:01.000Z' })
  at: string;
  @ApiProperty({ type: Number, nullable: true, example: 200 })
  statusCode: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 84 })
  latencyMs: number | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  error: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ok' })
  responseExcerpt: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60719' })
  id: string;
  @ApiProperty({ example: '6650f0c2a1b2c3d4e5f60718' })
  endpointId: string;
  @ApiProperty({
    example: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    description: 'The `webhook-id` header (the same on every attempt and replay)',
  })
  messageId: string;
  @ApiProperty({ enum: LIVE_EVENT_TYPES, example: 'order.created' })
  eventType: string;
  @ApiProperty({ example: 42, description: 'The live stream id of the event' })
  eventSeq: number;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'succeeded' })
  status: DeliveryStatus;
  @ApiProperty({ example: 1 })
  attempts: number;
  @ApiProperty({ type: Number, nullable: true, example: 200 })
  lastStatusCode: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 84 })
  lastLatencyMs: number | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  lastError: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ok', description: 'The first KB of the last answer' })
  responseExcerpt: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'When the next retry is due' })
  nextAttemptAt: string | null;
  @ApiProperty({
    example: '{"type":"order.created","timestamp":"2026-11-30T12:00:00.000Z","seq":42,"data":{}}',
    description: 'The JSON body sent',
  })
  payload: string;
  @ApiProperty({ type: [DeliveryAttemptDto] })
  @Type(() => DeliveryAttemptDto)
  attemptLog: DeliveryAttemptDto[];
  @ApiProperty({ example: '2026-11-30T12:00:00.000Z' })
  createdAt: string;
}

export class WebhookDeliveryPageDto extends PageDto<WebhookDeliveryDto> {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items: WebhookDeliveryDto[];
}
