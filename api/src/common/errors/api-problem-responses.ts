import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem.js';

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: the fields at fault are listed in `errors`',
  401: 'Not signed in, or the credentials are wrong',
  403: 'Signed in, but not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  429: 'Too many requests: see Retry-After',
  502: 'Vonage failed',
  504: 'Vonage did not answer in time',
};

/** Documents error answers as what they are on the wire: application/problem+json. */
export function ApiProblemResponses(responses: Record<number, string | undefined> | number[]) {
  const entries = Array.isArray(responses) ? responses.map((status) => [status, undefined] as const) : Object.entries(responses);
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...entries.map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description: description ?? DEFAULT_DESCRIPTIONS[Number(status)] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}
