import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { type InboundMessageEvent, MESSAGING_INBOUND } from '../messaging/messaging.events.js';
import { CustomerRepliesService } from './customer-replies.service.js';

/** Customers' replies to their notifications arrive from Messaging as an application event. */
@Injectable()
export class CustomerMessagesListener {
  constructor(private readonly replies: CustomerRepliesService) {}

  @OnEvent(MESSAGING_INBOUND, { async: true, promisify: true, suppressErrors: false })
  handle(message: InboundMessageEvent): Promise<void> {
    return this.replies.handle(message);
  }
}
