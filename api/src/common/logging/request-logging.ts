import type { FastifyInstance } from 'fastify';

/**
 * One line per answered request ("request completed": request id, method, URL, status, time in
 * ms), written by a Fastify hook through the request's own child logger. This replaced pino-http
 * run as Nest middleware, which built a second logger per request and went through the
 * middleware bridge: about a fifth of the API's CPU on `GET /api/auth/me` (bench/http-overhead).
 * Health probes poll every few seconds; their lines would drown the rest.
 */
export function installRequestLogging(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!request.url.includes('/health/')) {
      const fields = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
      if (reply.statusCode >= 500) request.log.error(fields, 'request errored');
      else request.log.info(fields, 'request completed');
    }
    done();
  });
}
