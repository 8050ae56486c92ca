import { type INestApplication, Logger as NestLogger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { documentDatabaseUnavailable } from './common/errors/api-problem-responses.js';
import { installMethodNotAllowed } from './common/http/method-not-allowed.js';
import { appLogger } from './common/logging/app-logger.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/logging/logging.module.js';
import { installRequestLogging } from './common/logging/request-logging.js';
import { addOperationExamples } from './common/openapi/operation-examples.js';
import { tightenOpenApi } from './common/openapi/tighten-openapi.js';
import { installRequestBudget, SlidingWindowBudget } from './common/rate-limit/request-budget.js';
import type { AppConfig } from './config/configuration.js';
import { parseTrustProxy } from './config/trust-proxy.js';

export const API_PREFIX = 'api';

/**
 * Builds the fully configured application (adapter, prefix, security headers, CORS, docs)
 * without listening, so server.ts, the e2e tests and the OpenAPI exporter share one setup.
 */
export async function createApp(options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: Number(process.env.BODY_LIMIT_BYTES ?? 100 * 1024),
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Fastify's own request logger (a child of the app's pino logger per request, bound to its id):
    // its two lines per request are replaced by installRequestLogging's one.
    loggerInstance: appLogger(),
    disableRequestLogging: true,
    // A path parameter longer than Fastify's default 100 characters was a bare 414 (not problem+json,
    // not in the contract); now the route's own validation answers it (400 naming the parameter).
    routerOptions: { maxParamLength: 16_384 },
    // The client address (rate limits, lockout) comes from the socket unless TRUST_PROXY names the
    // proxies allowed to report it: a client-written X-Forwarded-For must not buy a fresh budget.
    // (Fastify takes a hop count too; the adapter's option type omits it.)
    trustProxy: parseTrustProxy(process.env.TRUST_PROXY) as boolean | string[],
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
    rawBody: true,
    abortOnError: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));

  const config = app.get(ConfigService).getOrThrow<AppConfig>('app');
  if (config.env === 'production' && process.env.VONAGE_SANDBOX_URL) {
    // Allowed only with VONAGE_SANDBOX_ALLOWED=true (the env schema refuses it otherwise): say so loudly.
    new NestLogger('Vonage').warn(
      `VONAGE_SANDBOX_ALLOWED=true: this production API talks to the Vonage SANDBOX at ${process.env.VONAGE_SANDBOX_URL}, not Vonage. No real texts or codes are sent. Demo use only.`,
    );
  }
  app.setGlobalPrefix(API_PREFIX);
  app.enableCors({
    origin: config.corsOrigins,
    credentials: true,
    exposedHeaders: [
      REQUEST_ID_HEADER,
      'Retry-After',
      'Idempotent-Replayed',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
  });
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only; Fastify would otherwise hand plain text to the validators.
  fastify.removeContentTypeParser('text/plain');
  // RateLimit-* on every answer, not only throttled routes; before the 405 hook, so 405s are counted.
  installRequestBudget(fastify, new SlidingWindowBudget(config.throttle.limit, config.throttle.ttlMs));
  // Before Nest registers the routes (app.init), so the hook sees every one of them.
  installMethodNotAllowed(fastify);
  installRequestLogging(fastify);
  // Security headers, built once: @fastify/helmet rebuilds helmet (CSP parsing included) on every
  // request, which bench/ measured at ~3.5% of the API's CPU.
  const securityHeaders = helmet({
    // Swagger UI runs inline scripts and styles; everything else is JSON, where CSP does not apply.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  fastify.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  // A graceful stop must not wait out keep-alive connections: Node's server.close() closes the idle
  // ones once, so a request still running at that moment left its connection open for Fastify's
  // keepAliveTimeout (72 s) after it ended. From the start of closing, reap connections as they fall idle.
  fastify.addHook('preClose', function (done) {
    const reaper = setInterval(() => this.server.closeIdleConnections(), 50).unref();
    this.server.once('close', () => clearInterval(reaper));
    done();
  });
  app.enableShutdownHooks();

  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApi(app), {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
  });
  return app;
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('TableTalk API')
    .setDescription(
      'The communications backbone of a restaurant point of sale: accounts and sign-in, orders, ' +
        'order notifications (Vonage Messages), support calls (Vonage Meetings) and live staff events. ' +
        'Every error is RFC 9457 problem+json.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return tightenOpenApi(addOperationExamples(documentDatabaseUnavailable(document)));
}
