import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock.js';
import { OutboxService } from '../common/outbox/outbox.service.js';
import { OrdersConfig, ordersConfig } from '../config/configuration.js';
import { InboundMessageEvent, MESSAGING_SEND_TOPIC } from '../messaging/messaging.events.js';
import type { SendRequest } from '../messaging/send-request.js';
import { UsersService } from '../users/users.service.js';
import { OrderDto } from './dto/order.dto.js';
import { formatClockTime, TextLanguage } from './notification-texts.js';
import { OrderQueriesService } from './order-queries.service.js';
import { Order, OrderDocument } from './schemas/order.schema.js';

/**
 * What happens when a customer texts us about an order (carrier keywords were handled by Messaging
 * already), and staff working through those texts.
 */
@Injectable()
export class CustomerRepliesService {
  private readonly logger = new Logger(CustomerRepliesService.name);

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly queries: OrderQueriesService,
    private readonly clock: Clock,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  /**
   * STATUS gets the latest order's status and ETA back on the same channel; CANCEL ORDER puts a
   * cancellation request on the order for staff (and tells the customer so); anything else is kept
   * on the latest order as an inbox message for staff. Without an order there is nothing to act on.
   */
  async handle(message: InboundMessageEvent): Promise<void> {
    const customer = await this.users.findByPhone(message.from);
    if (!customer) {
      this.logger.log(`message from an unknown number ending ${message.from.slice(-4)} ignored`);
      return;
    }
    const latest = await this.orders.findOne({ customerId: customer._id }).sort({ createdAt: -1 }).exec();
    if (!latest) return;
    const language: TextLanguage = customer.language === 'es' ? 'es' : 'en';
    if (message.keyword === 'status') {
      await this.reply(message, latest, customer.id, this.statusText(latest, language));
      return;
    }
    if (message.keyword === 'cancel-order') {
      const open = latest.status === 'placed' || latest.status === 'preparing';
      if (open) {
        await this.orders
          .updateOne(
            { _id: latest._id },
            { $set: { cancelRequest: { at: message.receivedAt, channel: message.channel } } },
          )
          .exec();
      }
      await this.reply(message, latest, customer.id, this.cancelText(latest, open, language));
      return;
    }
    await this.orders
      .updateOne(
        { _id: latest._id },
        {
          $push: {
            customerReplies: {
              id: randomUUID(),
              text: message.text,
              channel: message.channel,
              at: message.receivedAt,
              handledAt: null,
            },
          },
        },
      )
      .exec();
  }

  /** Staff mark a customer's text handled (it leaves the open inbox); idempotent. */
  async markHandled(id: string, replyId: string): Promise<OrderDto> {
    const order = await this.orders.findById(id).exec();
    if (!order) throw new NotFoundException({ type: 'order-not-found', message: 'No order with this id' });
    const index = order.customerReplies.findIndex((reply, i) => (reply.id ?? String(i)) === replyId);
    if (index < 0)
      throw new NotFoundException({ type: 'reply-not-found', message: 'No customer reply with this id on the order' });
    if (!order.customerReplies[index].handledAt) {
      const field = `customerReplies.${index}.handledAt`;
      await this.orders.updateOne({ _id: order._id, [field]: null }, { $set: { [field]: this.clock.now() } }).exec();
    }
    return this.queries.view((await this.orders.findById(id).exec())!);
  }

  private statusText(order: OrderDocument, language: TextLanguage): string {
    const eta =
      order.status === 'preparing' && order.etaAt ? formatClockTime(order.etaAt, this.config.timeZone) : undefined;
    if (language === 'es')
      return `${this.config.restaurant}: el pedido #${order.number} está ${order.status}${eta ? `, listo a las ${eta}` : ''}.`;
    return `${this.config.restaurant}: order #${order.number} is ${order.status}${eta ? `, ready by ${eta}` : ''}.`;
  }

  private cancelText(order: OrderDocument, open: boolean, language: TextLanguage): string {
    const { restaurant } = this.config;
    if (open) {
      return language === 'es'
        ? `${restaurant}: hemos pedido al equipo que cancele el pedido #${order.number}. Te confirmaremos por mensaje.`
        : `${restaurant}: we have asked the team to cancel order #${order.number}. We will text you when it is done.`;
    }
    return language === 'es'
      ? `${restaurant}: el pedido #${order.number} ya está ${order.status} y no se puede cancelar.`
      : `${restaurant}: order #${order.number} is already ${order.status} and cannot be cancelled.`;
  }

  private async reply(
    message: InboundMessageEvent,
    order: OrderDocument,
    customerId: string,
    text: string,
  ): Promise<void> {
    const payload: SendRequest = {
      channel: message.channel,
      to: message.from,
      text,
      orderId: order.id,
      customerId,
      event: 'reply',
    };
    // One reply per inbound message however often Vonage delivers it (and within client_ref's 40 characters).
    await this.outbox.enqueue([
      { key: `reply:${message.messageUuid.replaceAll('-', '')}`, topic: MESSAGING_SEND_TOPIC, payload },
    ]);
  }
}
