import { Injectable } from '@nestjs/common';
import { OutboxService } from '../common/outbox/outbox.service.js';

/**
 * An outbox worker of the webhooks' own (the same `outbox` collection; it claims only the webhook
 * topic, the shared worker never does): a slow or hanging receiver (up to WEBHOOKS_TIMEOUT_MS per
 * attempt) never delays customer texts or live events. A class of its own, so `OutboxService`
 * still names the shared worker.
 */
@Injectable()
export class WebhookOutbox extends OutboxService {}
