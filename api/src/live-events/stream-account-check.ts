import { Injectable } from '@nestjs/common';
import { PeriodicSweep } from '../common/scheduling/periodic-sweep.js';
import { EventStreamHub } from './event-stream-hub.js';

/** How often open streams check that their account may still listen (disabled, role changed, signed out). */
export const ACCOUNT_CHECK_MS = 30_000;

/** Every ACCOUNT_CHECK_MS: ends the open streams of accounts that may no longer listen. */
@Injectable()
export class StreamAccountCheck extends PeriodicSweep {
  constructor(private readonly hub: EventStreamHub) {
    super({ intervalMs: ACCOUNT_CHECK_MS });
  }

  protected sweepOnce(): Promise<void> {
    return this.hub.checkAccounts();
  }
}
