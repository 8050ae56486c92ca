import type { HttpTestingController } from '@angular/common/http/testing';
import type { AuthSessionDto, ProblemDetails, UserDto, VerificationChallengeDto } from '../api/models';

export const STORAGE_KEY = 'tabletalk.session';

export const ADMIN: UserDto = {
  id: '6650f0c2a1b2c3d4e5f60718',
  email: 'admin@tabletalk.local',
  name: 'Grace Hopper',
  phone: '+15550100000',
  role: 'admin',
  verifyChannel: 'sms',
  notificationChannel: 'sms',
  language: 'en',
  disabled: false,
  invitePending: false,
  createdAt: '2026-11-25T12:00:00.000Z',
};

export const CUSTOMER: UserDto = { ...ADMIN, id: 'c1', email: 'ada@example.com', role: 'customer' };

export function authSession(
  user: UserDto = ADMIN,
  accessToken = 'token-123',
  refreshToken = `refresh-for-${accessToken}`,
): AuthSessionDto {
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: 900, user };
}

/** What POST /api/auth/login answers for staff: a code went out and must be entered. */
export function challenge(overrides: Partial<VerificationChallengeDto> = {}): VerificationChallengeDto {
  return {
    verificationRequired: true,
    verifyToken: 'verify-token-1',
    channel: 'sms',
    destination: '+15•••••0000',
    expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    ...overrides,
  };
}

export const VERIFICATION_STORAGE_KEY = 'tabletalk.verification';

/** A pending challenge as the app stores it between the password and the code. */
export function storedChallenge(lifetimeMs = 10 * 60_000, verifyToken = 'verify-token-1'): string {
  return JSON.stringify({
    verifyToken,
    channel: 'sms',
    destination: '+15•••••0000',
    expiresAt: Date.now() + lifetimeMs,
  });
}

/** A problem+json body as the API sends it; `kind` is the last segment of its type URI. */
export function problem(
  status: number,
  kind: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  return {
    type: `https://tabletalk.dev/problems/${kind}`,
    title: status === 401 ? 'Unauthorized' : 'Error',
    status,
    detail,
    ...extensions,
  };
}

export const INVALID_CREDENTIALS: ProblemDetails = {
  type: 'https://tabletalk.dev/problems/invalid-credentials',
  title: 'Unauthorized',
  status: 401,
  detail: 'Invalid email or password',
};

/**
 * A stored session as the app writes it, its access token valid for `lifetimeMs` from now
 * (negative: already expired). Without a refresh token unless one is given.
 */
export function storedToken(accessToken = 'stored-token', lifetimeMs = 10 * 60_000, refreshToken?: string): string {
  return JSON.stringify({ accessToken, expiresAt: Date.now() + lifetimeMs, refreshToken });
}

/** Waits for a request an async flow (guard, promise chain) is about to send. */
export async function expectRequest(http: HttpTestingController, url: string) {
  return vi.waitFor(() => http.expectOne(url));
}

/** One page of a cursor-paged list answer (the last, unless `nextCursor` is given). */
export function listPage<T>(items: T[], nextCursor: string | null = null) {
  return { items, page: 1, limit: 100, total: items.length, nextCursor };
}
