import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Cookie the inbox page gets once opened with `?token=`, so its own fetches carry the token. */
export const ADMIN_COOKIE = 'sandbox_admin_token';

/**
 * Guards what only the person running the sandbox may use: the inspection endpoints
 * (`/_sandbox/*`: live sign-in codes, signed inbound webhooks, reset) and the inbox page (`/`).
 * The Vonage API routes keep their own (Vonage) auth. Accepted from `Authorization: Bearer`,
 * `X-Sandbox-Token`, the cookie, or `?token=` (which also sets the cookie, for the browser).
 */
export function useAdminToken(app: FastifyInstance, token: string): void {
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path !== '/' && path !== '/_sandbox' && !path.startsWith('/_sandbox/')) return;
    const { token: fromQuery } = (request.query ?? {}) as { token?: string };
    const given = presented(request) ?? fromQuery;
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      if (fromQuery !== undefined) {
        reply.header(
          'set-cookie',
          `${ADMIN_COOKIE}=${encodeURIComponent(fromQuery)}; Path=/; HttpOnly; SameSite=Strict`,
        );
      }
      return;
    }
    return reply.code(401).type('application/problem+json').send({
      type: 'https://developer.vonage.com/api-errors#unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail:
        'This sandbox is exposed: the inbox and /_sandbox need the admin token it printed at start (SANDBOX_ADMIN_TOKEN); open /?token=<token> or send Authorization: Bearer <token>',
    });
  });
}

function presented(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-sandbox-token'];
  if (typeof header === 'string') return header;
  const cookie = request.headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${ADMIN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(ADMIN_COOKIE.length + 1)) : undefined;
}

/** Fixed-length digests, so comparing them takes the same time whatever was given. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
