import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, AppConfig } from '../../config/configuration.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Accepts a caller's request id when it looks sane, so a trace can cross services. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: AppConfig) => ({
        pinoHttp: {
          level: app.logLevel,
          transport: app.logPretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          // Fastify already assigned the id (see main.ts genReqId); reuse it so logs and problem+json agree.
          genReqId: (request: IncomingMessage & { id?: string }) => request.id ?? requestIdFor(request),
          customProps: () => ({ service: 'tabletalk-api' }),
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.body.password',
              'req.body.code',
              'req.body.refreshToken',
              'res.headers["set-cookie"]',
            ],
            censor: '[redacted]',
          },
          autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/api/health') ?? false },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
