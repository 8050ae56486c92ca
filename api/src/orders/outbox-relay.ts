import { Inject, Injectable } from '@nestjs/common';
import { PeriodicSweep } from '../common/scheduling/periodic-sweep.js';
import { OrdersConfig, ordersConfig } from '../config/configuration.js';
import { OrderOutbox } from './order-outbox.js';

/** Entries younger than this belong to a request still in progress, which relays them itself. */
const STRAGGLER_AGE_MS = 1000;

/**
 * Sweeps orders whose notifications were saved but never reached the outbox (a crash or a DB
 * hiccup between the two writes), so no notification is lost.
 */
@Injectable()
export class OrderOutboxRelay extends PeriodicSweep {
  constructor(
    private readonly outbox: OrderOutbox,
    @Inject(ordersConfig.KEY) config: OrdersConfig,
  ) {
    super({ intervalMs: config.relayIntervalMs });
  }

  protected sweepOnce(): Promise<number> {
    return this.outbox.relayStragglers(STRAGGLER_AGE_MS);
  }
}
