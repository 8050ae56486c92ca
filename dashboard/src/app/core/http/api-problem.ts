import { HttpErrorResponse } from '@angular/common/http';
import { FieldError, ProblemDetails } from '../../api/models';

const UNREACHABLE = 'Can’t reach TableTalk. Check your connection and try again.';

/** An API failure in the RFC 9457 shape the API answers with, whatever actually went wrong on the wire. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  static from(error: unknown): ApiProblem {
    if (error instanceof ApiProblem) return error;
    if (!(error instanceof HttpErrorResponse)) {
      return new ApiProblem(0, 'Unexpected error', 'Something went wrong. Please try again.');
    }
    const body = parseBody(error.error);
    if (isProblemDetails(body)) {
      const { status, title, detail, errors } = body;
      return new ApiProblem(status, title, detail, errors ?? []);
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
