import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';

export interface PeriodicSweepOptions {
  /** Pause between the end of one pass and the start of the next (from configuration). */
  intervalMs: number;
  /** Wait before the first pass; one interval unless said otherwise (0: at start-up). */
  firstPassAfterMs?: number;
}

/**
 * Background work repeated on a timer (sweeps, tails, relays), the way every such loop here must
 * behave: passes never overlap (the next is timed from the end of the last, and a call during a
 * pass queues one pass after it), a failed pass is logged and the loop goes on, and shutdown waits
 * for the pass in hand so nothing touches the database after it closes. A subclass says what one
 * pass does; tests call `sweep()` instead of waiting for the timer.
 */
export abstract class PeriodicSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** The one pass queued behind the running one (however many calls asked for it). */
  private queued?: Promise<void>;
  /** No timer: before start-up and after shutdown (a direct `sweep()` still runs). */
  private stopped = true;
  private shutDown = false;

  protected constructor(private readonly options: PeriodicSweepOptions) {}

  /** True from the start of shutdown: a long pass may stop early and leave the rest to the next instance. */
  protected get shuttingDown(): boolean {
    return this.shutDown;
  }

  /** One pass. May throw: the error is logged and the next pass comes as usual. */
  protected abstract sweepOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(this.options.firstPassAfterMs ?? this.options.intervalMs);
  }

  /** Stops the timer and lets a pass in flight finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.shutDown = true;
    clearTimeout(this.timer);
    await this.running;
    await this.queued;
  }

  /**
   * Runs a pass now, or, while one runs, once more right after it (a change made meanwhile may have
   * been missed by the pass in hand). Resolves when that pass is over; never rejects.
   */
  sweep(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.shutDown ? undefined : this.start();
    });
    return this.queued;
  }

  /** Asks for a pass soon rather than at the next tick (new work arrived). */
  wake(): void {
    if (!this.stopped) void this.sweep();
  }

  private start(): Promise<void> {
    clearTimeout(this.timer);
    let pass: Promise<unknown>;
    try {
      pass = this.sweepOnce();
    } catch (error) {
      pass = Promise.reject(error);
    }
    this.running = pass
      .then(
        () => undefined,
        (error: unknown) =>
          this.logger.warn(
            `${this.constructor.name} pass failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      )
      .finally(() => {
        this.running = undefined;
        this.schedule(this.options.intervalMs);
      });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    // Unref'd: a pending pass never keeps a process (a CLI, a test) alive.
    this.timer = setTimeout(() => void this.sweep(), delayMs);
    this.timer.unref();
  }
}
