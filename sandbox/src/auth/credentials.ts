import { errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import { timingSafeEqual } from 'node:crypto';
import type { SandboxConfig } from '../config.js';

/** ACL of a client token: path patterns (Vonage glob syntax) with optional method lists. */
export interface Acl {
  paths: Record<string, { methods?: string[] } | undefined>;
}

export interface ApplicationClaims extends JWTPayload {
  application_id: string;
  acl?: Acl;
}

/** Who made a request. Server tokens carry no sub/acl; client (SDK) tokens carry both. */
export type Principal = { kind: 'jwt'; claims: ApplicationClaims } | { kind: 'basic'; apiKey: string };

/** The token is valid but its ACL does not cover the path and method (403). */
export class AclError extends Error {}

export class AuthError extends Error {
  constructor(
    message: string,
    /** Client SDK error code, e.g. system:error:expired-token. */
    readonly code: 'system:error:invalid-token' | 'system:error:expired-token' = 'system:error:invalid-token',
  ) {
    super(message);
  }
}

/**
 * Verifies an application JWT the way Vonage does: RS256 signature against the application's
 * public key, exp/nbf, and an application_id naming this application.
 */
export async function verifyApplicationJwt(token: string, config: SandboxConfig): Promise<ApplicationClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, config.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(config.now()),
      clockTolerance: 5,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new AuthError('The token has expired', 'system:error:expired-token');
    throw new AuthError(`Invalid token: ${(error as Error).message}`);
  }
  if (typeof payload.application_id !== 'string' || payload.application_id.toLowerCase() !== config.applicationId) {
    throw new AuthError('The token is not for this application (application_id)');
  }
  return payload as ApplicationClaims;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks `Authorization: Basic base64(api_key:api_secret)` against the configured account. */
export function verifyBasic(encoded: string, config: SandboxConfig): string {
  if (!config.apiKey || !config.apiSecret) throw new AuthError('Basic auth is not configured (VONAGE_API_KEY/SECRET)');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const key = decoded.slice(0, separator);
  const secret = decoded.slice(separator + 1);
  if (separator < 0 || !safeEqual(key, config.apiKey) || !safeEqual(secret, config.apiSecret)) {
    throw new AuthError('Wrong API key or secret');
  }
  return key;
}

/** Splits an Authorization header into scheme and credentials. */
export function parseAuthorization(header: string | undefined): { scheme: string; value: string } | undefined {
  const match = /^(\w+)\s+(.+)$/.exec(header?.trim() ?? '');
  return match ? { scheme: match[1].toLowerCase(), value: match[2].trim() } : undefined;
}
