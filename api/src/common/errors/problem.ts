import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One invalid field of a request, named by its dotted path (e.g. `items.0.quantity`). */
export class FieldError {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** RFC 9457 problem details: the only error shape the API answers with. */
export class ProblemDetails {
  @ApiProperty({ example: 'https://tabletalk.dev/problems/validation-error' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request body has 1 invalid field' })
  detail: string;

  @ApiPropertyOptional({ example: '/api/auth/register' })
  instance?: string;

  @ApiPropertyOptional({ description: 'Correlates with the API logs and the X-Request-Id header' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldError], description: 'Field errors of a 400 validation-error' })
  errors?: FieldError[];

  @ApiPropertyOptional({ example: 2, description: 'wrong-code only: how many more codes may be tried' })
  attemptsLeft?: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://tabletalk.dev/problems/';
