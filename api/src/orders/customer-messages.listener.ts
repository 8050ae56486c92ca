import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { type InboundMessageEvent, MESSAGING_INBOUND } from '../messaging/messaging.events.js';
import { OrdersService } from './orders.service.js';

/** Customers' replies to their notifications arrive from Messaging as an application event. */
@Injectable()
export class CustomerMessagesListener {
  constructor(private readonly orders: OrdersService) {}

  @OnEvent(MESSAGING_INBOUND, { async: true, promisify: true, suppressErrors: false })
  handle(message: InboundMessageEvent): Promise<void> {
    return this.orders.handleCustomerMessage(message);
  }
}
