import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** No 0/O, 1/I/L: read off a phone screen and typed without mistakes. 32 symbols, 8 of them: 40 bits. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new invitation code, shown as `XXXX-XXXX`. */
export function newInviteCode(): string {
  const chars = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Only a hash is stored: a database reader cannot use a pending invitation. */
export function hashInviteCode(code: string): string {
  return createHash('sha256').update(code.replace('-', '').toUpperCase()).digest('hex');
}

export function inviteCodeMatches(code: string, storedHash: string): boolean {
  const given = Buffer.from(hashInviteCode(code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
