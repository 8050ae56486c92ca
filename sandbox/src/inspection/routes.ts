import type { FastifyPluginAsync } from 'fastify';
import type { SandboxStores } from '../stores.js';
import { describeVerifyRequest } from '../verify/store.js';
import { normaliseNumber } from '../validation.js';

interface ToQuery {
  to?: string;
}

/**
 * Sandbox-only endpoints (not Vonage): read what the sandbox "sent", inject inbound traffic and
 * reset state between tests. No auth: the sandbox is a local development tool.
 */
export function inspectionRoutes(stores: SandboxStores): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: ToQuery }>('/verify', async (request) => {
      const to = request.query.to === undefined ? undefined : normaliseNumber(request.query.to);
      return stores.verify
        .all()
        .filter((r) => to === undefined || r.workflow.some((step) => step.to === to))
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((r) => describeVerifyRequest(r, stores.verify));
    });

    app.delete('/', async (_request, reply) => {
      stores.reset();
      return reply.code(204).send();
    });
  };
}
