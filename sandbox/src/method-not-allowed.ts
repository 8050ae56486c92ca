import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';
import { ERROR_DOCS, sendProblem } from './problem.js';

/**
 * Like Vonage (and RFC 9110 §15.5.6): a method a known path does not support is 405 with `Allow`,
 * not 404. Registered before the routes, so it sees every one of them; catch-alls are ignored.
 */
export function useMethodNotAllowed(app: FastifyInstance, contentType: string): void {
  const paths = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url || url.includes('*')) return;
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
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) known.add(method.toUpperCase());
  });
  app.addHook('onRequest', async (request, reply) => {
    // `DELETE /v2/verify/` reaches `DELETE /v2/verify/:request_id` with an empty id: that path is
    // really `/v2/verify`, which has no DELETE.
    const emptyParameter = Object.values((request.params ?? {}) as Record<string, unknown>).some(
      (value) => value === '',
    );
    if (!request.is404 && !emptyParameter) return;
    const path = (request.raw.url ?? '/').split('?')[0];
    const pattern = (paths.find('GET', path)?.store as { url?: string } | undefined)?.url;
    const methods = pattern ? methodsByPath.get(pattern) : undefined;
    if (!methods?.size) return;
    const allow = [...methods].sort().join(', ');
    reply.header('Allow', allow);
    return sendProblem(
      reply,
      405,
      {
        type: `${ERROR_DOCS}#method-not-allowed`,
        title: 'Method Not Allowed',
        detail: `${request.method} is not supported here; allowed: ${allow}`,
      },
      contentType,
    );
  });
}
