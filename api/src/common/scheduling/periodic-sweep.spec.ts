import { Logger } from '@nestjs/common';
import { PeriodicSweep, type PeriodicSweepOptions } from './periodic-sweep.js';

/** A sweep whose passes the test finishes by hand. */
class TestSweep extends PeriodicSweep {
  readonly passes: { resolve: () => void; reject: (error: Error) => void }[] = [];
  active = 0;
  maxActive = 0;

  constructor(options: PeriodicSweepOptions = { intervalMs: 1000 }) {
    super(options);
  }

  protected sweepOnce(): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    return new Promise<void>((resolve, reject) => this.passes.push({ resolve, reject })).finally(() => this.active--);
  }

  /** Ends the oldest unfinished pass and lets its follow-ups run. */
  async finish(error?: Error): Promise<void> {
    const pass = this.passes.shift()!;
    if (error) pass.reject(error);
    else pass.resolve();
    await jest.advanceTimersByTimeAsync(0);
  }
}

describe('PeriodicSweep', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    warn.mockRestore();
    jest.useRealTimers();
  });

  it('runs one pass per interval, timed from the end of the last one', async () => {
    const sweep = new TestSweep({ intervalMs: 1000 });
    sweep.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(999);
    expect(sweep.passes).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(sweep.passes).toHaveLength(1);

    // A slow pass: no second one starts while it runs, however long it takes.
    await jest.advanceTimersByTimeAsync(5000);
    expect(sweep.passes).toHaveLength(1);
    await sweep.finish();
    await jest.advanceTimersByTimeAsync(999);
    expect(sweep.passes).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(sweep.passes).toHaveLength(1);
    expect(sweep.maxActive).toBe(1);
    await sweep.finish();
    await sweep.beforeApplicationShutdown();
  });

  it('starts at once when told to', async () => {
    const sweep = new TestSweep({ intervalMs: 60_000, firstPassAfterMs: 0 });
    sweep.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(sweep.passes).toHaveLength(1);
    await sweep.finish();
    await sweep.beforeApplicationShutdown();
  });

  it('queues one pass behind a running one for any number of calls, never two at once', async () => {
    const sweep = new TestSweep();
    const first = sweep.sweep();
    const [second, third] = [sweep.sweep(), sweep.sweep()];
    expect(second).toBe(third);
    expect(sweep.passes).toHaveLength(1);

    await sweep.finish();
    await first;
    expect(sweep.passes).toHaveLength(1); // the queued pass, started after the first ended
    let secondDone = false;
    void second.then(() => (secondDone = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(secondDone).toBe(false);
    await sweep.finish();
    await second;
    expect(sweep.maxActive).toBe(1);
  });

  it('logs a failed pass and goes on with the next', async () => {
    const sweep = new TestSweep({ intervalMs: 1000 });
    sweep.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1000);
    const failed = sweep.sweep(); // queued behind the running pass
    await sweep.finish(new Error('database away'));
    expect(warn).toHaveBeenCalledWith('TestSweep pass failed: database away');
    await sweep.finish();
    await expect(failed).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(1000);
    expect(sweep.passes).toHaveLength(1);
    await sweep.finish();
    await sweep.beforeApplicationShutdown();
  });

  it('a direct pass never rejects, even when the work throws synchronously', async () => {
    class Throwing extends PeriodicSweep {
      constructor() {
        super({ intervalMs: 1000 });
      }
      protected sweepOnce(): Promise<void> {
        throw new Error('boom');
      }
    }
    await expect(new Throwing().sweep()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith('Throwing pass failed: boom');
  });

  it('on shutdown waits for the pass in hand, then stops for good', async () => {
    const sweep = new TestSweep({ intervalMs: 1000 });
    sweep.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1000);
    void sweep.sweep(); // a pass queued behind it is dropped at shutdown
    let stopped = false;
    const stopping = sweep.beforeApplicationShutdown().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    await sweep.finish();
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sweep.passes).toHaveLength(0);
    sweep.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(sweep.passes).toHaveLength(0);
  });

  it('tells a long pass that shutdown began, so it can stop early', async () => {
    class Batches extends PeriodicSweep {
      batches = 0;
      constructor() {
        super({ intervalMs: 1000 });
      }
      protected async sweepOnce(): Promise<void> {
        while (!this.shuttingDown) {
          this.batches++;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }
    const sweep = new Batches();
    void sweep.sweep();
    await jest.advanceTimersByTimeAsync(250);
    const stopping = sweep.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(100);
    await stopping;
    expect(sweep.batches).toBe(3);
  });

  it('wake() runs a pass now instead of at the next tick', async () => {
    const sweep = new TestSweep({ intervalMs: 60_000 });
    sweep.onApplicationBootstrap();
    sweep.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(sweep.passes).toHaveLength(1);
    await sweep.finish();
    // The timer restarts from the end of that pass.
    await jest.advanceTimersByTimeAsync(59_999);
    expect(sweep.passes).toHaveLength(0);
    await sweep.beforeApplicationShutdown();
  });
});
