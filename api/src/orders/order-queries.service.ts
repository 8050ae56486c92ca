import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, QueryFilter, trusted, Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { Clock } from '../common/clock/clock.js';
import { keysetPage } from '../common/validation/cursor-page.js';
import { OrdersConfig, ordersConfig } from '../config/configuration.js';
import type { NotificationDto } from '../messaging/dto/notification.dto.js';
import { MessagingService } from '../messaging/messaging.service.js';
import { ListOrdersQueryDto } from './dto/list-orders-query.dto.js';
import { OrderDto, OrderPageDto } from './dto/order.dto.js';
import { toOrderDto } from './order-mapper.js';
import { Order, OrderDocument } from './schemas/order.schema.js';

/** Reading orders: the list, one order, and who may see it. */
@Injectable()
export class OrderQueriesService {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly messaging: MessagingService,
    private readonly clock: Clock,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  /** Orders, newest first: a customer sees their own, staff see all; each with its latest text. */
  async list(caller: AuthenticatedUser, query: ListOrdersQueryDto): Promise<OrderPageDto> {
    const filter: QueryFilter<Order> = {};
    if (caller.role === 'customer') filter.customerId = new Types.ObjectId(caller.id);
    if (query.status?.length) filter.status = trusted({ $in: query.status });
    if (query.from || query.to) {
      filter.createdAt = trusted({
        ...(query.from && { $gte: new Date(query.from) }),
        ...(query.to && { $lt: new Date(query.to) }),
      });
    }
    const page = await keysetPage(this.orders, filter as Record<string, unknown>, query, query.sort);
    const latest = await this.messaging.latestForOrders(page.items.map((order) => order.id));
    return { ...page, items: page.items.map((order) => this.toDto(order, latest.get(order.id))) };
  }

  async get(caller: AuthenticatedUser, id: string): Promise<OrderDto> {
    return this.view(await this.findVisible(caller, id));
  }

  /** The order if the caller may see it: 404 when there is none, 403 for a customer's look at another's. */
  async findVisible(caller: AuthenticatedUser, id: string): Promise<OrderDocument> {
    const order = await this.orders.findById(id).exec();
    if (!order) throw new NotFoundException({ type: 'order-not-found', message: 'No order with this id' });
    if (caller.role === 'customer' && order.customerId.toString() !== caller.id) {
      throw new ForbiddenException({ type: 'forbidden', message: 'This order belongs to someone else' });
    }
    return order;
  }

  /** An order as the API shows it, with the state of its latest text. */
  async view(order: OrderDocument): Promise<OrderDto> {
    const id = order.id;
    return this.toDto(order, (await this.messaging.latestForOrders([id])).get(id));
  }

  /** An order as the API shows it, without looking up its texts (a change just made answers with this). */
  toDto(order: OrderDocument, last?: NotificationDto): OrderDto {
    return toOrderDto(order, this.clock.now(), this.config.lateAfterMs, last);
  }
}
