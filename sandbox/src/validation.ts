/** E.164 without the leading "+" as Vonage writes numbers (a leading "+" is tolerated). */
export const E164_PATTERN = '^\\+?[1-9][0-9]{6,14}$';
const E164 = new RegExp(E164_PATTERN);

/** Alphanumeric sender IDs (SMS "from"): up to 11 letters, digits and spaces. */
const SENDER_ID = /^[A-Za-z0-9 ]{1,11}$/;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164.test(value);
}

export function isSenderId(value: unknown): value is string {
  return typeof value === 'string' && (isE164(value) || (SENDER_ID.test(value) && /[A-Za-z]/.test(value)));
}

export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && EMAIL.test(value);
}

/** Stores and compares numbers without the optional "+". */
export function normaliseNumber(value: string): string {
  return value.replace(/^\+/, '');
}

export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
