import type { AuthenticatedUser } from './decorators.js';

/**
 * Checks an access token and the account behind it. A port: the auth feature implements it
 * (signature, issuer, audience, then the account's current state); the guards here only ask.
 */
export abstract class AccessTokenVerifier {
  /**
   * The caller the token proves, or null when it is not a valid access token (bad signature,
   * expired, another audience such as a 2FA or refresh token). Throws a 401 `session-ended` when
   * the token was valid but its session ended (logout, disabled, role or password changed), and
   * lets a failure to read the account (database down) through, which is not a bad token.
   */
  abstract verify(token: string): Promise<AuthenticatedUser | null>;
}

/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive (RFC 9110). */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  return match?.[1].toLowerCase() === 'bearer' ? match[2] : null;
}
