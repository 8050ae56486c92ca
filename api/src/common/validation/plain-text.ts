import { ValidateBy } from 'class-validator';

/**
 * Control characters in the sense of our customer-text rule: C0/C1 controls (line breaks, tabs,
 * escapes, DEL), Unicode line/paragraph separators and bidirectional overrides/isolates, which
 * could make a text read differently than it is.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Customer-supplied text that reaches other people (staff screens, texts sent under the
 * restaurant's name) must be one line of printable text: refused with a 400 naming the field.
 */
export const PlainText = () =>
  ValidateBy({
    name: 'plainText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !CONTROL_CHARACTERS.test(value),
      defaultMessage: (args) => `${args?.property} must be one line of text without control characters`,
    },
  });

/**
 * White space as JavaScript's `String.prototype.trim` (and so mongoose's `trim`) removes it,
 * spelled out rather than `\s` so the OpenAPI pattern means the same to every client's regex
 * engine (Python's `\s`, for one, does not include U+FEFF).
 */
export const WHITE_SPACE =
  '\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const SOMETHING_BESIDES_WHITE_SPACE = new RegExp(`[^${WHITE_SPACE}]`);

/**
 * Text with something besides white space. Schemas trim names, so an all-blank one would be saved
 * as nothing and fail the schema's `required` on write (a 500) instead of a 400 naming the field.
 */
export const NotBlank = () =>
  ValidateBy({
    name: 'notBlank',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || SOMETHING_BESIDES_WHITE_SPACE.test(value),
      defaultMessage: (args) => `${args?.property} must not be blank`,
    },
  });
