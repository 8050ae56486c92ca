import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OrdersConfig,ordersConfig } from '../config/configuration.js';
import { OrdersService } from './orders.service.js';

/** Every ORDER_LATE_SWEEP_MS: the one running-late text for orders still preparing well past their ETA. */
@Injectable()
export class LateOrdersSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger(LateOrdersSweep.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    private readonly orders: OrdersService,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.lateSweepIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass (tests call it directly, after moving the clock on). */
  sweep(): Promise<unknown> {
    this.sweeping ??= this.orders
      .sendLateTexts()
      .catch((error: Error) => this.logger.warn(`late-order sweep failed: ${error.message}`))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }
}
