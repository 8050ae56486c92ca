import { HttpErrorResponse } from '@angular/common/http';
import type { FieldError, ProblemDetails } from '../../api/models';

const UNREACHABLE = 'Can’t reach TableTalk. Check your connection and try again.';

const PROBLEM_TYPE_PREFIX = 'https://tabletalk.dev/problems/';

/** Extension members the API adds to some problems (RFC 9457 §3.2). */
interface ProblemExtras {
  /** The last segment of the problem `type`, e.g. `wrong-code`; empty when the API sent no problem. */
  kind?: string;
  /** Wrong verification code: how many tries remain. */
  attemptsLeft?: number;
  /** 429: seconds to wait, from the Retry-After header. */
  retryAfterSeconds?: number;
}

/** An API failure in the RFC 9457 shape the API answers with, whatever actually went wrong on the wire. */
export class ApiProblem extends Error {
  readonly kind: string;
  readonly attemptsLeft?: number;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
    extras: ProblemExtras = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
    this.kind = extras.kind ?? '';
    this.attemptsLeft = extras.attemptsLeft;
    this.retryAfterSeconds = extras.retryAfterSeconds;
  }

  static from(error: unknown): ApiProblem {
    if (error instanceof ApiProblem) return error;
    if (!(error instanceof HttpErrorResponse)) {
      return new ApiProblem(0, 'Unexpected error', 'Something went wrong. Please try again.');
    }
    const body = parseBody(error.error);
    if (isProblemDetails(body)) {
      const { type, status, title, detail, errors } = body;
      const attemptsLeft = (body as { attemptsLeft?: unknown }).attemptsLeft;
      return new ApiProblem(status, title, detail, errors ?? [], {
        kind: type?.startsWith(PROBLEM_TYPE_PREFIX) ? type.slice(PROBLEM_TYPE_PREFIX.length) : '',
        attemptsLeft: typeof attemptsLeft === 'number' ? attemptsLeft : undefined,
        retryAfterSeconds: retryAfter(error),
      });
    }
    // No answer at all, or a bare 502/504 from the proxy in front of the API: the API is out of reach.
    if (error.status === 0 || error.status === 502 || error.status === 504) {
      return new ApiProblem(0, 'Network error', UNREACHABLE);
    }
    return new ApiProblem(
      error.status,
      error.statusText || 'Request failed',
      `The server answered ${error.status}. Please try again in a moment.`,
    );
  }

  /** The first message the API gave for one request field, if any. */
  messageFor(field: string): string | undefined {
    return this.fieldErrors.find((fieldError) => fieldError.field === field)?.message;
  }
}

/** Retry-After in seconds (the API sends seconds, never an HTTP date). */
function retryAfter(error: HttpErrorResponse): number | undefined {
  const seconds = Number(error.headers?.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/** Operations declared without a JSON response are fetched as text, so their error bodies arrive unparsed. */
function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function isProblemDetails(body: unknown): body is ProblemDetails {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ProblemDetails).status === 'number' &&
    typeof (body as ProblemDetails).detail === 'string'
  );
}
