import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isValidObjectId } from 'mongoose';
import { RequestValidationException } from '../errors/validation.exception.js';

/** Route ids are MongoDB ObjectIds; anything else is a 400 naming the parameter. */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value) && isValidObjectId(value)) return value;
    const field = metadata.data ?? 'id';
    throw new RequestValidationException([{ field, message: `${field} must be a 24-character hexadecimal id` }]);
  }
}
