import { Logger } from '@nestjs/common';
import { once } from 'node:events';
import type { Connection } from 'mongoose';

const RETRY_DELAY_MS = 2000;

/**
 * Runs a start-up task (seeding, relaying) once the database answers, retrying on failure until
 * it succeeds or the signal aborts. Waits for the connection instead of letting queries pile up
 * in mongoose's buffer, so a late database never blocks or crashes start-up.
 */
export async function whenDatabaseReady(
  connection: Connection,
  task: () => Promise<void>,
  { signal, logger, name }: { signal: AbortSignal; logger: Logger; name: string },
): Promise<boolean> {
  while (!signal.aborted) {
    try {
      if (connection.readyState !== 1) await once(connection, 'connected', { signal });
      await task();
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      logger.warn(`${name} failed, retrying: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS).unref());
    }
  }
  return false;
}
