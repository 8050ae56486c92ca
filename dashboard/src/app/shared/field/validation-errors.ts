import type { ValidationErrors } from '@angular/forms';

/* Angular types the values of ValidationErrors as `any`: these read the two shapes the forms show. */

/** The server's message for a field (set as `{ server: '…' }` from a problem's `errors`), if any. */
export function serverError(errors: ValidationErrors): string | null {
  const value: unknown = errors['server'];
  return typeof value === 'string' ? value : null;
}

/** The limit a minlength or maxlength check failed against. */
export function requiredLength(errors: ValidationErrors, key: 'minlength' | 'maxlength'): number | undefined {
  const failure = errors[key] as { requiredLength?: unknown } | undefined;
  return typeof failure?.requiredLength === 'number' ? failure.requiredLength : undefined;
}
