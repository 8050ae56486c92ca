import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig, appConfig } from '../../config/configuration.js';

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
          // Fastify already assigned the id (see bootstrap.ts genReqId); reuse it so logs and problem+json agree.
          genReqId: (request: IncomingMessage & { id?: string }) => request.id ?? requestIdFor(request),
          customProps: () => ({ service: 'tabletalk-api' }),
          // What a request log line needs; whole header sets made every line long and cost CPU (bench/).
          serializers: {
            req: (request: IncomingMessage & { id?: string }) => ({
              id: request.id,
              method: request.method,
              url: loggedUrl(request.url),
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
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
          // Probes poll health every few seconds; their lines would drown the rest.
          autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').includes('/health/') },
        },
      }),
    }),
  ],
})
export class LoggingModule {}

/** The URL as logged: a stream ticket (GET /api/events?ticket=) is a credential until redeemed, e.g. when throttled. */
export function loggedUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&]ticket=)[^&]*/g, '$1[redacted]');
}
