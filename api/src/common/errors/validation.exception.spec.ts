import { ValidationError } from 'class-validator';
import { RequestValidationException } from './validation.exception.js';

describe('RequestValidationException', () => {
  it('flattens nested errors to dotted field paths', () => {
    const quantity = Object.assign(new ValidationError(), {
      property: 'quantity',
      constraints: { min: 'quantity must not be less than 1' },
    });
    const item = Object.assign(new ValidationError(), { property: '0', children: [quantity] });
    const items = Object.assign(new ValidationError(), { property: 'items', children: [item] });
    const email = Object.assign(new ValidationError(), {
      property: 'email',
      constraints: { isEmail: 'email must be an email' },
    });

    const exception = RequestValidationException.fromValidationErrors([email, items]);

    expect(exception.fieldErrors).toEqual([
      { field: 'email', message: 'email must be an email' },
      { field: 'items.0.quantity', message: 'quantity must not be less than 1' },
    ]);
    expect(exception.message).toBe('The request has 2 invalid fields');
  });
});
