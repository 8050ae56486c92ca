import { normalizeIp } from '@nestjs/throttler';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../errors/problem.js';

/** What a client has left of a budget, as the RateLimit header fields say it. */
export interface BudgetStanding {
  limit: number;
  remaining: number;
  /** Seconds until the oldest counted request leaves the window (Remaining goes up); 0 when none is counted. */
  reset: number;
  /** False when this request was refused: the budget was already spent. */
  allowed: boolean;
}

/**
 * A sliding log of requests per client: each counted request stays in the window `ttlMs`, and at
 * most `limit` are counted at once (a refused request is not counted, so a client that stops
 * gets its budget back on time). In memory, per API instance: it must answer while the database
 * is down (it runs on 404s and health checks), and what it guards is cheap to answer.
 */
export class SlidingWindowBudget {
  /** Per client, the times its counted requests leave the window, oldest first. */
  private readonly windows = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `client`, unless its budget is spent (then `allowed` is false). */
  spend(client: string): BudgetStanding {
    const window = this.windowOf(client);
    const allowed = window.length < this.limit;
    if (allowed) {
      window.push(this.now() + this.ttlMs);
      this.windows.set(client, window);
    }
    return this.standing(window, allowed);
  }

  /** Where `client` stands, without counting anything. */
  peek(client: string): BudgetStanding {
    return this.standing(this.windowOf(client), true);
  }

  /** Forgets clients whose every request has left the window (bounded memory). */
  sweep(): void {
    const now = this.now();
    for (const [client, window] of this.windows) if (window[window.length - 1] <= now) this.windows.delete(client);
  }

  get clients(): number {
    return this.windows.size;
  }

  private windowOf(client: string): number[] {
    const window = this.windows.get(client) ?? [];
    const now = this.now();
    let expired = 0;
    while (expired < window.length && window[expired] <= now) expired++;
    if (expired) window.splice(0, expired);
    return window;
  }

  private standing(window: number[], allowed: boolean): BudgetStanding {
    const reset = window.length ? Math.max(1, Math.ceil((window[0] - this.now()) / 1000)) : 0;
    return { limit: this.limit, remaining: Math.max(0, this.limit - window.length), reset, allowed };
  }
}

export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const;

/**
 * RateLimit-Limit/-Remaining/-Reset on every answer, not only on routes the throttler counts.
 * The throttler (RateLimitHeadersGuard) counts each route per client and sets them itself; every
 * other answer gets them from one per-client general budget (THROTTLE_LIMIT per THROTTLE_TTL_MS):
 *  - unknown paths (404) and wrong methods (405) spend it, and are refused with 429 and
 *    Retry-After once it is spent (checked before the 404/405 is answered);
 *  - a request refused before its route's throttler ran (malformed JSON, too large, not JSON,
 *    a Vonage webhook with a bad signature: any 4xx without the headers) spends it too;
 *  - health checks and signed Vonage webhooks show it without spending it and are never refused:
 *    a refused liveness probe restarts the API, and Vonage retries only after a 5xx, so a 429
 *    would lose a delivery receipt. So do the docs and CORS preflights.
 * Installed on the Fastify instance before the method-not-allowed hook, so its 405s are counted.
 */
export function installRequestBudget(fastify: FastifyInstance, budget: SlidingWindowBudget): void {
  const sweeper = setInterval(() => budget.sweep(), Math.max(1000, budget.ttlMs)).unref();
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweeper);
    done();
  });

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.is404) return;
    const standing = budget.spend(clientOf(request));
    setHeaders(reply, standing);
    if (standing.allowed) return;
    await reply
      .code(429)
      .header('Retry-After', String(standing.reset))
      .type(PROBLEM_CONTENT_TYPE)
      .send({
        type: `${PROBLEM_TYPE_BASE}too-many-requests`,
        title: 'Too many requests',
        status: 429,
        detail: `Too many requests to unknown paths or with wrong methods; retry after ${standing.reset} s`,
        instance: (request.raw.url ?? '/').split('?')[0],
        requestId: String(request.id),
      });
  });

  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    if (reply.hasHeader('RateLimit-Limit')) return;
    const refused = reply.statusCode >= 400 && reply.statusCode < 500;
    setHeaders(reply, refused ? budget.spend(clientOf(request)) : budget.peek(clientOf(request)));
  });
}

/** The client as the throttler tracks it: its address (Fastify applies TRUST_PROXY), IPv6 by /64. */
function clientOf(request: FastifyRequest): string {
  return normalizeIp(request.ip);
}

function setHeaders(reply: FastifyReply, standing: BudgetStanding): void {
  reply.header('RateLimit-Limit', String(standing.limit));
  reply.header('RateLimit-Remaining', String(standing.remaining));
  reply.header('RateLimit-Reset', String(standing.reset));
}
