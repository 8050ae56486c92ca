import Fastify, { type FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoOptions } from './app-logger.js';
import { installRequestLogging } from './request-logging.js';

describe('installRequestLogging', () => {
  async function serverWithLog() {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    const fastify = Fastify({
      loggerInstance: pino(pinoOptions({ level: 'info', pretty: false }), sink),
      disableRequestLogging: true,
      genReqId: () => 'req-0001',
    });
    // A pino Logger is a FastifyBaseLogger at run time; the instance's types carry the narrower one.
    installRequestLogging(fastify as unknown as FastifyInstance);
    fastify.get('/api/events', async () => ({ ok: true }));
    fastify.get('/api/health/ready', async () => ({ status: 'ok' }));
    fastify.get('/api/boom', async (_request, reply) => reply.code(503).send({ status: 503 }));
    await fastify.ready();
    return { fastify, lines };
  }

  it('writes one line per answer with the request id, method, URL and status, and no credentials', async () => {
    const { fastify, lines } = await serverWithLog();
    await fastify.inject({
      method: 'GET',
      url: '/api/events?ticket=secret-ticket&lastEventId=7',
      headers: { authorization: 'Bearer secret-token', cookie: 'a=b' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: 'req-0001',
      service: 'tabletalk-api',
      req: { id: 'req-0001', method: 'GET', url: '/api/events?ticket=[redacted]&lastEventId=7' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines[0])).not.toMatch(/secret|a=b/);
    await fastify.close();
  });

  it('leaves health probes out and logs server errors at error level', async () => {
    const { fastify, lines } = await serverWithLog();
    await fastify.inject({ method: 'GET', url: '/api/health/ready' });
    expect(lines).toHaveLength(0);
    await fastify.inject({ method: 'GET', url: '/api/boom' });
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'request errored', res: { statusCode: 503 } })]);
    await fastify.close();
  });
});
