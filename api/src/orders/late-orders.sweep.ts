import { Inject, Injectable } from '@nestjs/common';
import { PeriodicSweep } from '../common/scheduling/periodic-sweep.js';
import { ordersConfig, OrdersConfig } from '../config/configuration.js';
import { OrdersService } from './orders.service.js';

/** Every ORDER_LATE_SWEEP_MS: the one running-late text for orders still preparing well past their ETA. */
@Injectable()
export class LateOrdersSweep extends PeriodicSweep {
  constructor(
    private readonly orders: OrdersService,
    @Inject(ordersConfig.KEY) config: OrdersConfig,
  ) {
    super({ intervalMs: config.lateSweepIntervalMs });
  }

  protected sweepOnce(): Promise<number> {
    return this.orders.sendLateTexts();
  }
}
