import { HttpTestingController } from '@angular/common/http/testing';
import { AuthSessionDto, ProblemDetails, UserDto } from '../api/models';

export const STORAGE_KEY = 'tabletalk.session';

export const ADMIN: UserDto = {
  id: '6650f0c2a1b2c3d4e5f60718',
  email: 'admin@tabletalk.local',
  name: 'Grace Hopper',
  phone: '+15550100000',
  role: 'admin',
  createdAt: '2026-11-25T12:00:00.000Z',
};

export const CUSTOMER: UserDto = { ...ADMIN, id: 'c1', email: 'ada@example.com', role: 'customer' };

export function authSession(user: UserDto = ADMIN, accessToken = 'token-123'): AuthSessionDto {
  return { accessToken, tokenType: 'Bearer', expiresIn: 900, user };
}

export const INVALID_CREDENTIALS: ProblemDetails = {
  type: 'https://tabletalk.dev/problems/invalid-credentials',
  title: 'Unauthorized',
  status: 401,
  detail: 'Invalid email or password',
};

/** A stored session as the app writes it, valid for `lifetimeMs` from now (negative: already expired). */
export function storedToken(accessToken = 'stored-token', lifetimeMs = 60_000): string {
  return JSON.stringify({ accessToken, expiresAt: Date.now() + lifetimeMs });
}

/** Waits for a request an async flow (guard, promise chain) is about to send. */
export async function expectRequest(http: HttpTestingController, url: string) {
  return vi.waitFor(() => http.expectOne(url));
}
