import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxModule } from '../common/outbox/outbox.module.js';
import { LiveEventsModule } from '../live-events/live-events.module.js';
import { MenuModule } from '../menu/menu.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { UsersModule } from '../users/users.module.js';
import { CustomerMessagesListener } from './customer-messages.listener.js';
import { CustomerRepliesService } from './customer-replies.service.js';
import { LateOrdersSweep } from './late-orders.sweep.js';
import { OrderNotifications } from './order-notifications.js';
import { OrderOutbox } from './order-outbox.js';
import { OrderPlacementService } from './order-placement.service.js';
import { OrderQueriesService } from './order-queries.service.js';
import { OrderTransitionsService } from './order-transitions.service.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';
import { OrderOutboxRelay } from './outbox-relay.js';
import { Counter, CounterSchema, Order, OrderSchema } from './schemas/order.schema.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Order.name, schema: OrderSchema },
      { name: Counter.name, schema: CounterSchema },
    ]),
    MenuModule,
    UsersModule,
    OutboxModule,
    MessagingModule,
    LiveEventsModule,
  ],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    OrderPlacementService,
    OrderTransitionsService,
    OrderQueriesService,
    CustomerRepliesService,
    OrderNotifications,
    OrderOutbox,
    OrderOutboxRelay,
    LateOrdersSweep,
    CustomerMessagesListener,
  ],
  exports: [OrdersService],
})
export class OrdersModule {}
