import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../errors/problem.js';

/**
 * RFC 9110 §15.5.6: a method the resource does not support is 405 with `Allow`, not 404.
 * Fastify answers every unmatched (method, path) with its not-found route; this hook, installed
 * once on the Fastify instance (so every controller, present and future, gets it), remembers each
 * registered route's path and methods and answers 405 when the path is known under other methods.
 */
export function installMethodNotAllowed(fastify: FastifyInstance): void {
  // A second router holding every path under one pseudo-method, so a concrete URL finds its
  // pattern (and the methods the real router has for it) whatever method was asked for.
  const paths = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  const methodsByPath = new Map<string, Set<string>>();
  fastify.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    // Catch-alls (CORS preflight's `*`) would make every path "known".
    if (!url || url.includes('*')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // One entry per path as the router sees it: `/x` and `/x/` are the same (ignoreTrailingSlash).
    const key = url.length > 1 ? url.replace(/\/+$/, '') : url;
    let known = methodsByPath.get(key);
    if (!known) {
      known = new Set();
      methodsByPath.set(key, known);
      try {
        paths.on('GET', key, () => undefined, { url: key });
      } catch {
        // The same path under another parameter name (`:id` vs `:orderId`): the first one answers.
      }
    }
    for (const method of methods) known.add(method.toUpperCase());
  });

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.is404) return;
    const path = (request.raw.url ?? '/').split('?')[0];
    const found = paths.find('GET', path);
    const pattern = (found?.store as { url?: string } | undefined)?.url;
    const methods = pattern ? methodsByPath.get(pattern) : undefined;
    if (!methods || methods.size === 0) return;
    const allow = [...methods].sort().join(', ');
    await reply
      .code(405)
      .header('Allow', allow)
      .type(PROBLEM_CONTENT_TYPE)
      .send({
        type: `${PROBLEM_TYPE_BASE}method-not-allowed`,
        title: 'Method not allowed',
        status: 405,
        detail: `${request.method} is not supported here; allowed: ${allow}`,
        instance: path,
        requestId: String(request.id),
      });
  });
}
