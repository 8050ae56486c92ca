import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OrdersConfig,ordersConfig } from '../config/configuration.js';
import { OrdersService } from './orders.service.js';

/**
 * Sweeps orders whose notifications were saved but never reached the outbox (a crash or a DB
 * hiccup between the two writes), so no notification is lost.
 */
@Injectable()
export class OrderOutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrderOutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    private readonly orders: OrdersService,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.relayIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass (tests call it directly). Entries younger than a second belong to a live request. */
  sweep(olderThanMs = 1000): Promise<unknown> {
    this.sweeping ??= this.orders
      .relayStragglers(olderThanMs)
      .catch((error: Error) => this.logger.warn(`relay sweep failed: ${error.message}`))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }
}
