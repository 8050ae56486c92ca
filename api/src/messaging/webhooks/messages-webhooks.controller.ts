import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../../common/auth/decorators.js';
import { ApiProblemResponses } from '../../common/errors/api-problem-responses.js';
import { InboundMessagesService } from '../inbound-messages.service.js';
import { MessagingService } from '../messaging.service.js';
import { VonageSignatureGuard } from './vonage-signature.guard.js';
import { InboundMessageWebhookDto, MessageStatusWebhookDto } from './webhook-payloads.dto.js';
import { readInboundWebhook, readStatusWebhook } from './webhook-payloads.js';

/**
 * Vonage Messages API webhooks. Not for people: Vonage's signature is the authentication, and
 * Vonage is never rate-limited (it would only retry). Bodies are read leniently (Vonage adds
 * fields over time); the signature has already vouched for them.
 */
@ApiTags('webhooks')
@Public()
@SkipThrottle()
@UseGuards(VonageSignatureGuard)
@ApiHeader({
  name: 'Authorization',
  required: true,
  description: 'Bearer JWT signed by Vonage (HS256, signature secret) with payload_hash = SHA-256 of the body',
})
@Controller('webhooks/messages')
export class MessagesWebhooksController {
  constructor(
    private readonly messaging: MessagingService,
    private readonly inbound: InboundMessagesService,
  ) {}

  /** Delivery receipt of a notification; idempotent, any order of arrival. */
  @Post('status')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: MessageStatusWebhookDto })
  @ApiNoContentResponse({ description: 'Recorded (or not ours / not tracked, and ignored)' })
  @ApiProblemResponses({ 400: 'The body is not a status webhook', 401: 'Unsigned, forged or altered' })
  async status(@Body() body: Record<string, unknown>): Promise<void> {
    const receipt = readStatusWebhook(body ?? {});
    if (receipt) await this.messaging.applyReceipt(receipt);
  }

  /** A customer's reply: STOP opts out of notifications; anything else is passed to Orders. */
  @Post('inbound')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: InboundMessageWebhookDto })
  @ApiNoContentResponse({ description: 'Handled (a redelivery is acknowledged and ignored)' })
  @ApiProblemResponses({ 400: 'The body is not an inbound message webhook', 401: 'Unsigned, forged or altered' })
  async receive(@Body() body: Record<string, unknown>): Promise<void> {
    const message = readInboundWebhook(body ?? {});
    if (message) await this.inbound.receive(message);
  }
}
