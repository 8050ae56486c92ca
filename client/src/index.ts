/**
 * @tabletalk/client — a typed client for the TableTalk REST API.
 *
 * Types come from `openapi.yaml` (`npm run generate -w client` writes `src/schema.ts` with
 * openapi-typescript); requests go through openapi-fetch (plain `fetch`). Errors are RFC 9457
 * problem+json: `TableTalkError.problem` carries them typed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, paths } from './schema.ts';
export type Problem = components['schemas']['ProblemDetails'];
export type Order = components['schemas']['OrderDto'];
export type TableTalkClient = Client<paths>;

/** An answer that was not 2xx: the problem+json body, typed. */
export class TableTalkError extends Error {
  readonly problem: Problem;
  readonly status: number;

  constructor(problem: Problem) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = 'TableTalkError';
    this.problem = problem;
    this.status = problem.status;
  }
}

export interface ClientOptions {
  /** Where the API is, e.g. `http://localhost:3000` (paths already start with `/api`). */
  baseUrl: string;
  /** The access token (or a function giving the current one, for callers that renew it). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  fetch?: typeof fetch;
}

/** A client whose every call is typed by path, method, parameters, body and answer. */
export function createTableTalkClient(options: ClientOptions): TableTalkClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
  const auth: Middleware = {
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** The data of an openapi-fetch answer, or a thrown TableTalkError with the problem details. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const body = result.error as Partial<Problem> | undefined;
    throw new TableTalkError({
      type: body?.type ?? 'about:blank',
      title: body?.title ?? result.response.statusText,
      status: body?.status ?? result.response.status,
      detail: body?.detail ?? '',
      ...body,
    });
  }
  return result.data as T;
}

/**
 * Every item of a cursor-paged list: calls `page(cursor)` until `nextCursor` is null.
 * Stable while items are being added (pages continue after the last item seen).
 */
export async function* allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const { items, nextCursor } = await page(cursor);
    yield* items;
    cursor = nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Verifies a TableTalk webhook (Standard Webhooks): the HMAC-SHA256 of `id.timestamp.body`
 * under the `whsec_` secret, any of the `v1,` signatures (several during a secret rotation),
 * and a timestamp within `toleranceSeconds` (replays of old deliveries are refused).
 * Pass the raw body exactly as received.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined> | Headers,
  rawBody: string,
  toleranceSeconds = 300,
): boolean {
  const get = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return Array.isArray(value) ? value[0] : (value ?? undefined);
  };
  const id = get('webhook-id');
  const timestamp = get('webhook-timestamp');
  const signatures = get('webhook-signature');
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
