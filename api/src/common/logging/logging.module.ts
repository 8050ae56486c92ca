import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { appLogger } from './app-logger.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Accepts a caller's request id when it looks sane, so a trace can cross services. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
}

/**
 * Nest's logger (nestjs-pino) on the process's one pino logger. `useExisting`: inside a request it
 * writes through the child logger Fastify made for that request (so every line carries `reqId`);
 * the request lines themselves come from request-logging.ts.
 */
@Module({
  imports: [
    // A factory, so the logger is made when the application is, with the environment of then.
    LoggerModule.forRootAsync({ useFactory: () => ({ useExisting: true, pinoHttp: { logger: appLogger() } }) }),
  ],
})
export class LoggingModule {}
