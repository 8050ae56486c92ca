import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
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
  const entries = Array.isArray(responses)
    ? responses.map((status) => [status, undefined] as const)
    : Object.entries(responses);
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

/** Routes that never touch the database, so never answer 503 database-unavailable. */
const WITHOUT_DATABASE = new Set(['/api/health/live']);

/**
 * Adds the reusable `DatabaseUnavailable` response (503 problem+json with Retry-After) to every
 * operation that needs the database: the problem filter answers it for any route while the
 * database is unreachable, so the contract says so once rather than on each controller.
 */
export function documentDatabaseUnavailable(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.responses = {
    ...components.responses,
    DatabaseUnavailable: {
      description: 'The database is unavailable (type `database-unavailable`); retry after `Retry-After` seconds',
      headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (WITHOUT_DATABASE.has(path)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.responses['503'])
        operation.responses['503'] = { $ref: '#/components/responses/DatabaseUnavailable' };
    }
  }
  return document;
}
