// Child processes for benchmarks: started, watched and always stopped by this module.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const started = new Set();

/**
 * Spawns a long-running child, keeps the tail of its output for error messages,
 * and registers it so stopAll() ends it whatever happens to this process.
 */
export function startProcess(name, command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const tail = [];
  const keep = (chunk) => {
    tail.push(...String(chunk).split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stderr.on('data', keep);
  const handle = { name, child, tail, exited: once(child, 'exit') };
  started.add(handle);
  // A spawn error rejects `exited` too: whoever awaits it reports that; this chain must not crash the run as an
  // unhandled rejection first.
  handle.exited.then(
    ([code, signal]) => {
      handle.exit = { code, signal };
    },
    () => undefined,
  );
  child.on('error', (error) => keep(`spawn error: ${error.message}`));
  return handle;
}

export function outputTail(handle) {
  return handle.tail.length ? `\n--- last output of ${handle.name} ---\n${handle.tail.join('\n')}` : '';
}

/** Resolves with the first stdout line matching `pattern`, or rejects if the child dies or times out. */
export async function waitForLine(handle, pattern, timeoutMs) {
  const lines = createInterface({ input: handle.child.stdout });
  const found = new Promise((resolve) => {
    lines.on('line', (line) => {
      handle.tail.push(line);
      const match = line.match(pattern);
      if (match) resolve(match);
    });
  });
  const died = handle.exited.then(([code, signal]) => {
    throw new Error(`${handle.name} exited (${signal ?? code}) before it was ready${outputTail(handle)}`);
  });
  const timedOut = sleep(timeoutMs, null, { ref: false }).then(() => {
    throw new Error(`${handle.name} was not ready within ${timeoutMs} ms${outputTail(handle)}`);
  });
  return Promise.race([found, died, timedOut]);
}

/** Polls until `probe()` returns a truthy value, failing early if the child dies. */
export async function waitUntil(handle, what, probe, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (handle.exit)
      throw new Error(
        `${handle.name} exited (${handle.exit.signal ?? handle.exit.code}) while waiting for ${what}${outputTail(handle)}`,
      );
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `${handle.name}: ${what} not reached within ${timeoutMs} ms (${lastError?.message ?? 'no answer'})${outputTail(handle)}`,
  );
}

export { freePort } from '../../scripts/lib/dev-stack.mjs';

/** Resident and peak resident memory of a process in MiB, from /proc (Linux). */
export function memoryOf(handle) {
  try {
    const status = readFileSync(`/proc/${handle.child.pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
  } catch {
    return { rssMiB: NaN, peakRssMiB: NaN };
  }
}

/** SIGTERM, then SIGKILL after a grace period, for every child this module started (latest first). */
export async function stopAll(graceMs = 5000) {
  const handles = [...started].reverse();
  started.clear();
  for (const handle of handles) {
    if (handle.exit || handle.child.exitCode !== null || handle.child.signalCode !== null) continue;
    handle.child.kill('SIGTERM');
    const stopped = await Promise.race([handle.exited.then(() => true), sleep(graceMs, false)]);
    if (!stopped) {
      handle.child.kill('SIGKILL');
      await handle.exited;
    }
  }
}

/** Last-resort cleanup when this process is ending without having awaited stopAll(). */
export function killAllNow() {
  for (const handle of started) {
    if (handle.child.exitCode === null && handle.child.signalCode === null) handle.child.kill('SIGKILL');
  }
  started.clear();
}
