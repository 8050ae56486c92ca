import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../database/database-unavailable.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemDetails } from './problem.js';
import { RequestValidationException } from './validation.exception.js';

/** Fastify's own client errors (body parsing, limits) carry a statusCode and an FST_* code. */
interface FastifyClientError extends Error {
  statusCode: number;
  code?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** Statuses that report a dependency's state (bad gateway, not ready or unavailable, gateway timeout). */
const DEPENDENCY_ANSWERS = new Set([502, 503, 504]);

/**
 * Turns every error into RFC 9457 problem+json, so clients parse one shape.
 * 5xx details are never echoed: they may carry internals; the request id links to the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    problem.instance = request.url?.split('?')[0];
    problem.requestId = String(request.id);

    if (problem.status === 503 && isDatabaseUnavailable(exception)) {
      // An outage, not a bug: one line, no stack per request.
      this.logger.warn({ requestId: request.id, reason: (exception as Error).message }, 'database unavailable');
      reply.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (exception instanceof HttpException && DEPENDENCY_ANSWERS.has(problem.status)) {
      // An answer the code chose about a dependency (readiness 503 while the database starts, an
      // upstream's 502/504, already logged by the call that failed): expected, one line, no stack.
      this.logger.warn(
        { requestId: request.id, status: problem.status, type: problem.type, detail: problem.detail },
        'answered with a dependency error',
      );
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    if (exception instanceof HttpException) {
      const retryAfter = (exception.getResponse() as { retryAfter?: number })?.retryAfter;
      if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
    }
    reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof RequestValidationException) {
      return {
        ...base(400, 'validation-error', 'Validation failed', exception.message),
        errors: exception.fieldErrors,
      };
    }
    // Nest wraps Fastify's own client errors (body parsing, limits) in an HttpException.
    const fastifyError = exception instanceof HttpException ? exception.cause : exception;
    if (isFastifyClientError(fastifyError)) {
      const status = fastifyError.statusCode;
      return base(status, fastifyType(fastifyError), TITLES[status] ?? 'Bad request', fastifyError.message);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (messageOf(body) ?? exception.message);
      const given = typeof body === 'object' && body !== null ? (body as { type?: string }).type : undefined;
      const type = given || slug(status);
      // Extension members (RFC 9457 §3.2), e.g. attemptsLeft on a wrong verification code.
      const extensions =
        typeof body === 'object' ? (body as { extensions?: Record<string, unknown> }).extensions : undefined;
      return { ...base(status, type, TITLES[status] ?? 'Error', detail), ...extensions };
    }
    if (isDatabaseUnavailable(exception)) {
      return base(
        HttpStatus.SERVICE_UNAVAILABLE,
        'database-unavailable',
        TITLES[503],
        'The database is unavailable; try again shortly',
      );
    }
    return base(HttpStatus.INTERNAL_SERVER_ERROR, 'internal-error', TITLES[500], 'Something went wrong on our side');
  }
}

function base(status: number, type: string, title: string, detail: string): ProblemDetails {
  return { type: PROBLEM_TYPE_BASE + type, title, status, detail };
}

function messageOf(body: object): string | undefined {
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
}

function slug(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replaceAll(' ', '-');
}

function isFastifyClientError(e: unknown): e is FastifyClientError {
  const status = (e as FastifyClientError)?.statusCode;
  return e instanceof Error && e.name === 'FastifyError' && typeof status === 'number' && status >= 400 && status < 500;
}

function fastifyType(e: FastifyClientError): string {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'malformed-json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload-too-large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported-media-type';
    default:
      return slug(e.statusCode);
  }
}
