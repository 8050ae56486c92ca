import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OutboxModule } from '../common/outbox/outbox.module.js';
import { LiveEventsModule } from '../live-events/live-events.module.js';
import { MenuModule } from '../menu/menu.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { UsersModule } from '../users/users.module.js';
import { CustomerMessagesListener } from './customer-messages.listener.js';
import { LateOrdersSweep } from './late-orders.sweep.js';
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
  providers: [OrdersService, OrderOutboxRelay, LateOrdersSweep, CustomerMessagesListener],
  exports: [OrdersService],
})
export class OrdersModule {}
