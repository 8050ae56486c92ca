import type { FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { conversationError } from '../conversations/store.js';
import { MESSAGES_ERRORS } from '../messages/routes.js';
import { ERROR_DOCS, ProblemError } from '../problem.js';
import { DEFAULT_429_RETRY_AFTER_SECONDS, type Fault, type FaultStore } from './store.js';

/** Paths served by the Users/Conversation API family, whose errors carry a Vonage `code`. */
const CONVERSATION_PATHS = /^\/(v1\/(users|conversations)|v0\.3|beta2?)(\/|$)/;

/** Vonage's code for a status in the Conversation API family. */
function conversationCode(status: number): string {
  if (status === 429) return 'http:error:too-many-request';
  if (status >= 500) return 'system:error:internal-error';
  if (status === 400) return 'http:error:validation-fail';
  if (status === 401) return 'system:error:invalid-token';
  if (status === 403) return 'system:error:permission';
  return `http:error:${(STATUS_CODES[status] ?? 'error').toLowerCase().replaceAll(' ', '-')}`;
}

/**
 * The error the API of `pathname` gives for `status`, in that API's own shape: Verify, Messages and
 * Meetings answer problem+json {type, title, detail, instance} (the scope's error handler sets the
 * content type), Users/Conversations add their `code`.
 */
function faultError(pathname: string, fault: Fault & { status: number }): ProblemError {
  const { status } = fault;
  const headers: Record<string, string> = { 'x-sandbox-fault': fault.id };
  const retryAfter = fault.retryAfter ?? (status === 429 ? DEFAULT_429_RETRY_AFTER_SECONDS : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);

  const throttled = status === 429;
  const internal = status >= 500;
  const title = throttled ? 'Rate Limit Hit' : internal ? 'Internal Error' : (STATUS_CODES[status] ?? 'Error');
  const detail = throttled
    ? 'Please wait, then retry your request'
    : internal
      ? 'There was an error processing your request in the Platform.'
      : `The request was refused (${status}).`;

  if (CONVERSATION_PATHS.test(pathname)) {
    const error = conversationError(status, conversationCode(status), title, detail);
    return new ProblemError(status, error.problem, headers);
  }
  const anchor = pathname.startsWith('/v1/messages')
    ? `${MESSAGES_ERRORS}#${throttled ? 1010 : internal ? 1000 : status}`
    : `${ERROR_DOCS}#${throttled ? 'throttled' : internal ? 'internal-error' : status}`;
  return new ProblemError(status, { type: anchor, title, detail }, headers);
}

/**
 * Applies armed faults to the emulated Vonage APIs. It runs as a preValidation hook, so after
 * each API's own auth (onRequest): only requests that carry valid credentials can be faulted, as
 * at Vonage, where a bad token is a 401 whatever else is going on — a fault never hides an auth bug.
 * Sandbox routes (/_sandbox, pages) have no authenticated principal and are never faulted.
 * A faulted error answer leaves every store untouched: the handler never runs.
 */
export function useFaults(app: FastifyInstance, faults: FaultStore) {
  app.addHook('preValidation', async (request, reply) => {
    if (!request.principal || request.method === 'OPTIONS') return;
    const fault = faults.take(request.method, request.url);
    if (!fault) return;
    request.log.info({ fault: fault.id, status: fault.status, delayMs: fault.delayMs }, 'sandbox: fault injected');
    reply.header('x-sandbox-fault', fault.id);
    if (fault.delayMs) await faults.delay(fault.delayMs);
    if (fault.status !== undefined) throw faultError(request.url.split('?')[0], fault as Fault & { status: number });
    // Delay only: the request goes on and is answered (and takes effect) as usual — like a Vonage
    // that is slow but still does the work, even when the client has given up waiting.
  });
}
