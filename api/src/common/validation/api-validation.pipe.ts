import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '../errors/problem.js';
import { RequestValidationException } from '../errors/validation.exception.js';

/**
 * The global ValidationPipe, plus one rule class-validator lacks: no request field is nullable.
 * `@IsOptional()` (and PartialType) let `null` through, which then reached the database as a
 * value (`PATCH /api/menu/{id}` with `"available": null` was a 500); the contract declares no
 * nullable request field, so a null anywhere in a body is a 400 naming the field.
 */
export class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A DTO body is a JSON object: `null`, `[]` or `5` would otherwise validate as "no fields".
    const dtoBody =
      metadata.type === 'body' &&
      typeof metadata.metatype === 'function' &&
      ![String, Number, Boolean, Array, Object].includes(metadata.metatype as never);
    if (dtoBody && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new RequestValidationException([{ field: 'body', message: 'the request body must be a JSON object' }]);
    }
    // The DTO's own rules first: a field that is wrong altogether (`{"email": {"$ne": null}}`) is
    // named as that field, not as the null somewhere inside it.
    const validated: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body' && value !== null && typeof value === 'object') {
      const nulls = findNulls(value);
      if (nulls.length) throw new RequestValidationException(nulls);
    }
    return validated;
  }
}

function findNulls(value: object, parent = ''): FieldError[] {
  return Object.entries(value).flatMap(([key, child]): FieldError[] => {
    const field = parent ? `${parent}.${key}` : key;
    if (child === null) return [{ field, message: `${field} must not be null` }];
    return typeof child === 'object' ? findNulls(child as object, field) : [];
  });
}
