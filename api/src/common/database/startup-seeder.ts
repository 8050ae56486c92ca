import type { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { once } from 'node:events';

const RETRY_DELAY_MS = 2000;

/**
 * A start-up task that needs the database (seeding): runs in the background once the database
 * answers, retrying until it succeeds or the app shuts down. Waits for the connection instead of
 * letting queries pile up in mongoose's buffer, so a late database never blocks or crashes start-up.
 */
export abstract class StartupSeeder implements OnApplicationBootstrap {
  protected abstract readonly logger: Logger;
  private readonly shutdown = new AbortController();
  private running?: Promise<boolean>;

  protected constructor(private readonly connection: Connection) {}

  /** Does the work once; throws to be retried. Must be safe to repeat. */
  protected abstract seedOnce(): Promise<void>;

  /** Settles once the seeding succeeded (true) or was abandoned at shutdown (false); tests wait on it. */
  get seeded(): Promise<boolean> {
    return this.running ?? Promise.resolve(false);
  }

  onApplicationBootstrap(): void {
    this.running = this.untilDone();
  }

  /** Lets an attempt in flight finish, so nothing touches the database after it closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.running;
  }

  private async untilDone(): Promise<boolean> {
    const { signal } = this.shutdown;
    while (!signal.aborted) {
      try {
        if (Number(this.connection.readyState) !== 1 /* connected */)
          await once(this.connection, 'connected', { signal });
        await this.seedOnce();
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        this.logger.warn(`${this.constructor.name} failed, retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS).unref());
      }
    }
    return false;
  }
}
