import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { ApiProblem } from './api-problem';

describe('ApiProblem.from', () => {
  const validationProblem = {
    type: 'https://tabletalk.dev/problems/validation-error',
    title: 'Validation failed',
    status: 400,
    detail: 'The request body has 1 invalid field',
    errors: [{ field: 'email', message: 'email must be an email' }],
  };

  it('keeps the detail and field errors of a problem+json body', () => {
    const problem = ApiProblem.from(new HttpErrorResponse({ status: 400, error: validationProblem }));

    expect(problem).toMatchObject({ status: 400, detail: 'The request body has 1 invalid field' });
    expect(problem.messageFor('email')).toBe('email must be an email');
    expect(problem.messageFor('password')).toBeUndefined();
  });

  it('reads a problem body that arrived as text', () => {
    const problem = ApiProblem.from(new HttpErrorResponse({ status: 400, error: JSON.stringify(validationProblem) }));

    expect(problem.detail).toBe('The request body has 1 invalid field');
  });

  it('says the API is out of reach when the proxy answers 502 without a problem body', () => {
    const problem = ApiProblem.from(new HttpErrorResponse({ status: 502, error: '' }));

    expect(problem).toMatchObject({
      status: 0,
      detail: expect.stringContaining('Can’t reach TableTalk'),
    });
  });

  it('falls back to a generic message for other answers without a problem body', () => {
    const problem = ApiProblem.from(
      new HttpErrorResponse({ status: 500, statusText: 'Server Error', error: '<html>' }),
    );

    expect(problem).toMatchObject({ status: 500, title: 'Server Error' });
    expect(problem.detail).toContain('500');
  });

  it('names the problem by the last segment of its type and keeps its extension members', () => {
    const problem = ApiProblem.from(
      new HttpErrorResponse({
        status: 401,
        error: {
          type: 'https://tabletalk.dev/problems/wrong-code',
          title: 'Unauthorized',
          status: 401,
          detail: 'That code is not right; 2 attempts left',
          attemptsLeft: 2,
        },
      }),
    );

    expect(problem).toMatchObject({ kind: 'wrong-code', attemptsLeft: 2 });
  });

  it('reads how long to wait from Retry-After on a 429', () => {
    const problem = ApiProblem.from(
      new HttpErrorResponse({
        status: 429,
        headers: new HttpHeaders({ 'Retry-After': '42' }),
        error: {
          type: 'https://tabletalk.dev/problems/too-many-requests',
          title: 'Too Many Requests',
          status: 429,
          detail: 'Too many requests',
        },
      }),
    );

    expect(problem).toMatchObject({ kind: 'too-many-requests', retryAfterSeconds: 42 });
  });
});
