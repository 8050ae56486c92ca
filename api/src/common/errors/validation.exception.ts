import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem.js';

/** Thrown by the global ValidationPipe; carries every field error, flattened to dotted paths. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super(`The request has ${fieldErrors.length} invalid field${fieldErrors.length === 1 ? '' : 's'}`);
  }

  static fromValidationErrors(errors: ValidationError[]): RequestValidationException {
    return new RequestValidationException(flatten(errors));
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
