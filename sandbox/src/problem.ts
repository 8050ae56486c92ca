import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';

/** Vonage's RFC 7807-style error body, as returned by Verify v2, Messages v1, Meetings and Conversations. */
export interface Problem {
  type: string;
  title: string;
  detail?: string;
  instance?: string;
  invalid_parameters?: InvalidParameter[];
  [extra: string]: unknown;
}

export interface InvalidParameter {
  name: string;
  reason: string;
}

export const ERROR_DOCS = 'https://developer.nexmo.com/api-errors';

/** Thrown by handlers and turned into a problem response by the scope's error handler. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Omit<Problem, 'instance'>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(problem.detail ?? problem.title));
  }
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  problem: Omit<Problem, 'instance'>,
  contentType: string,
) {
  return reply
    .code(status)
    .type(contentType)
    .send(JSON.stringify({ ...problem, instance: randomUUID() }));
}

export function unauthorized(): ProblemError {
  return new ProblemError(401, {
    type: `${ERROR_DOCS}#unauthorized`,
    title: 'Unauthorized',
    detail: 'You did not provide correct credentials.',
  });
}

export function invalidParams(invalid: InvalidParameter[], type = `${ERROR_DOCS}#invalid-params`): ProblemError {
  return new ProblemError(422, {
    type,
    title: 'Invalid params',
    detail: 'The value of one or more parameters is invalid.',
    invalid_parameters: invalid,
  });
}

/** Turns an ajv instancePath like "/workflow/0/to" into Vonage's "workflow[0].to". */
function parameterName(instancePath: string, missingProperty?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (missingProperty) parts.push(missingProperty);
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/**
 * Installs the error handler of one Vonage API scope: schema failures become 422 invalid
 * params, malformed bodies 400, and anything unexpected a 500 problem instead of a crash.
 */
export function useProblemErrors(
  app: FastifyInstance,
  contentType: string,
  invalidType?: string,
  /** How this API reports schema failures (default: 422 invalid params). */
  toValidationError: (invalid: InvalidParameter[]) => ProblemError = (invalid) => invalidParams(invalid, invalidType),
) {
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    if (error instanceof ProblemError) {
      reply.headers(error.headers);
      return sendProblem(reply, error.status, error.problem, contentType);
    }
    if (error.validation) {
      const invalid = error.validation.map((v) => ({
        name: parameterName(v.instancePath, (v.params as { missingProperty?: string }).missingProperty),
        reason: v.message ?? 'Invalid value',
      }));
      const failure = toValidationError(invalid);
      return sendProblem(reply, failure.status, failure.problem, contentType);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    const title = status === 415 ? 'Unsupported Media Type' : status >= 500 ? 'Internal Server Error' : 'Bad Request';
    return sendProblem(
      reply,
      status,
      { type: `${ERROR_DOCS}#${status >= 500 ? 'internal-error' : 'bad-request'}`, title, detail: error.message },
      contentType,
    );
  });
  // Fastify takes one 404 handler per prefix: unprefixed scopes leave it to the root.
  if (app.prefix !== '') useProblemNotFound(app, contentType);
}

/** 404 for unknown routes, in the problem shape. */
export function useProblemNotFound(app: FastifyInstance, contentType: string) {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      404,
      { type: `${ERROR_DOCS}#not-found`, title: 'Not Found', detail: `No route for ${request.method} ${request.url}` },
      contentType,
    ),
  );
}
