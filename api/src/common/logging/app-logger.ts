import { hostname } from 'node:os';
import { type Logger, type LoggerOptions, pino } from 'pino';
import { envSchema } from '../../config/env.schema.js';

export interface LogSettings {
  level: string;
  pretty: boolean;
}

/**
 * LOG_LEVEL and LOG_PRETTY, checked and defaulted by the same schema as the rest of the
 * configuration. They are read here, before Nest's ConfigModule exists, because the HTTP
 * adapter needs its logger when it is built. An invalid value falls back to the default:
 * ConfigModule then refuses to start and names it with every other problem.
 */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LogSettings {
  const setting = <T>(name: string, fallback: T): T => {
    const checked = envSchema.extract(name).validate(env[name]) as { value: T; error?: unknown };
    return checked.error ? fallback : checked.value;
  };
  return { level: setting('LOG_LEVEL', 'info'), pretty: setting('LOG_PRETTY', false) };
}

/** The URL as logged: a stream ticket (GET /api/events?ticket=) is a credential until redeemed, e.g. when throttled. */
export function loggedUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&]ticket=)[^&]*/g, '$1[redacted]');
}

interface LoggedRequest {
  id?: string;
  method?: string;
  url?: string;
}

export function pinoOptions(settings: LogSettings): LoggerOptions {
  return {
    level: settings.level,
    transport: settings.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    base: { pid: process.pid, hostname: hostname(), service: 'tabletalk-api' },
    // What a request log line needs; whole header sets made every line long and cost CPU (bench/).
    serializers: {
      req: ({ id, method, url }: LoggedRequest) => ({ id, method, url: loggedUrl(url) }),
      res: ({ statusCode }: { statusCode: number }) => ({ statusCode }),
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
  };
}

let shared: Logger | undefined;

/**
 * The one pino logger of the process: Fastify hands each request a child of it (bound to the
 * request id), and Nest's logger writes through it outside requests. One instance means one
 * destination and, with LOG_PRETTY, one pretty-printing worker.
 */
export function appLogger(): Logger {
  shared ??= pino(pinoOptions(logSettingsFromEnv()));
  return shared;
}
