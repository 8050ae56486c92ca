import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { CustomerRepliesService } from './customer-replies.service.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { ListOrdersQueryDto } from './dto/list-orders-query.dto.js';
import { OrderDto, OrderPageDto } from './dto/order.dto.js';
import { OrderPlacementService } from './order-placement.service.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OrderStatus } from './order-status.js';
import { OrderTransitionsService } from './order-transitions.service.js';
import { Order } from './schemas/order.schema.js';

/**
 * The Orders feature as its controller and other features (Support) use it. Each job lives in its
 * own service: placing (order-placement), moving along (order-transitions), reading (order-queries),
 * customers' texts (customer-replies); the texts a change causes are built by order-notifications.
 */
@Injectable()
export class OrdersService {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly placement: OrderPlacementService,
    private readonly transitions: OrderTransitionsService,
    private readonly queries: OrderQueriesService,
    private readonly replies: CustomerRepliesService,
  ) {}

  place(caller: AuthenticatedUser, input: CreateOrderDto): Promise<OrderDto> {
    return this.placement.place(caller, input);
  }

  list(caller: AuthenticatedUser, query: ListOrdersQueryDto): Promise<OrderPageDto> {
    return this.queries.list(caller, query);
  }

  get(caller: AuthenticatedUser, id: string): Promise<OrderDto> {
    return this.queries.get(caller, id);
  }

  changeStatus(caller: AuthenticatedUser, id: string, to: OrderStatus): Promise<OrderDto> {
    return this.transitions.changeStatus(caller, id, to);
  }

  /** Staff mark a customer's text handled (it leaves the open inbox); idempotent. */
  markReplyHandled(id: string, replyId: string): Promise<OrderDto> {
    return this.replies.markHandled(id, replyId);
  }

  /** Keeps the host link of the order's support video room (set by Support; the latest room wins). */
  async attachMeetingUrl(orderId: string, hostUrl: string): Promise<void> {
    await this.orders.updateOne({ _id: orderId }, { $set: { meetingUrl: hostUrl } }).exec();
  }

  /** Forgets the host link once its call is over, unless a newer room has replaced it meanwhile. */
  async detachMeetingUrl(orderId: string, hostUrl: string): Promise<void> {
    await this.orders.updateOne({ _id: orderId, meetingUrl: hostUrl }, { $set: { meetingUrl: null } }).exec();
  }
}
