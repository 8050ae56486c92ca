import { computed, Injectable, signal } from '@angular/core';
import type { AuthSessionDto, UserDto } from '../../api/models';
import { sessionSignal } from '../session-signal';

const STORAGE_KEY = 'tabletalk.session';

/** Renew the access token this long before it runs out, so no call races its expiry. */
export const REFRESH_MARGIN_MS = 30_000;

interface StoredTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Works once, at POST /api/auth/refresh; absent in sessions stored before refresh existed. */
  refreshToken?: string;
}

/**
 * Who is signed in on this tab. The tokens survive reloads in sessionStorage (gone when the tab
 * closes); the user is always re-read from the API (`Auth.restore`) so a changed role is never
 * served from a stale copy.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly tokens = sessionSignal<StoredTokens>(STORAGE_KEY, { parse: parseStoredTokens });
  private readonly currentUser = signal<UserDto | null>(null);

  readonly user = this.currentUser.asReadonly();
  readonly expiresAt = computed(() => {
    const tokens = this.tokens();
    return tokens ? new Date(tokens.expiresAt) : null;
  });

  /** The bearer token, or null when there is none or it has expired. */
  accessToken(): string | null {
    const tokens = this.tokens();
    return tokens && tokens.expiresAt > Date.now() ? tokens.accessToken : null;
  }

  refreshToken(): string | null {
    return this.tokens()?.refreshToken ?? null;
  }

  /** True while either token can still get the user in: a reload must not mean signing in again. */
  isActive(): boolean {
    return this.accessToken() !== null || this.refreshToken() !== null;
  }

  /** The access token is gone or about to go, and there is a refresh token to renew it with. */
  needsRefresh(): boolean {
    const tokens = this.tokens();
    return !!tokens?.refreshToken && tokens.expiresAt - REFRESH_MARGIN_MS <= Date.now();
  }

  /** Starts (or, after a refresh, continues) a session with the tokens the API issued. */
  start(session: AuthSessionDto): void {
    const tokens: StoredTokens = {
      accessToken: session.accessToken,
      expiresAt: Date.now() + session.expiresIn * 1000,
      refreshToken: session.refreshToken,
    };
    this.tokens.set(tokens);
    this.currentUser.set(session.user);
  }

  setUser(user: UserDto): void {
    this.currentUser.set(user);
  }

  clear(): void {
    this.tokens.set(null);
    this.currentUser.set(null);
  }
}

function parseStoredTokens(stored: unknown): StoredTokens | null {
  const parsed = stored as Partial<StoredTokens>;
  if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number') return null;
  return {
    accessToken: parsed.accessToken,
    expiresAt: parsed.expiresAt,
    refreshToken: typeof parsed.refreshToken === 'string' ? parsed.refreshToken : undefined,
  };
}
