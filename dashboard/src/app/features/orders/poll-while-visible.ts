import { DestroyRef, DOCUMENT, inject } from '@angular/core';

export interface Poller {
  /** Runs the task now (or right after the run in flight) and restarts the interval. */
  refresh(): Promise<void>;
}

/**
 * Runs `task` at once, then `intervalMs` after each run finishes (runs never overlap), but only
 * while the tab is visible: a hidden tab stops asking, and becoming visible again catches up at once.
 * Stops when the calling component or service is destroyed. Call in an injection context.
 * `immediately: false` waits for the first `refresh()` (e.g. until a component's inputs are set).
 */
export function pollWhileVisible(
  task: () => Promise<unknown>,
  intervalMs: number,
  { immediately = true } = {},
): Poller {
  const document = inject(DOCUMENT);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let runAgain = false;
  let stopped = false;

  const visible = () => document.visibilityState !== 'hidden';
  const stopTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const schedule = () => {
    stopTimer();
    if (!stopped && visible()) timer = setTimeout(() => void run(), intervalMs);
  };

  function run(): Promise<void> {
    stopTimer();
    if (stopped) return Promise.resolve();
    if (inFlight) {
      // A change was just made: the answer in flight may predate it, so ask once more afterwards.
      runAgain = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        do {
          runAgain = false;
          await task().catch(() => undefined);
        } while (runAgain && !stopped);
      } finally {
        inFlight = undefined;
        schedule();
      }
    })();
    return inFlight;
  }

  const onVisibilityChange = () => (visible() ? void run() : stopTimer());
  document.addEventListener('visibilitychange', onVisibilityChange);
  inject(DestroyRef).onDestroy(() => {
    stopped = true;
    stopTimer();
    document.removeEventListener('visibilitychange', onVisibilityChange);
  });

  if (immediately) void run();
  return { refresh: run };
}
