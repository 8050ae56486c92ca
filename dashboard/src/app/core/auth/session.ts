import { Injectable, computed, inject, signal } from '@angular/core';
import { UserDto } from '../../api/models';
import { SESSION_STORAGE } from '../browser-storage';

const STORAGE_KEY = 'tabletalk.session';

interface StoredToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Who is signed in on this tab. The access token survives reloads in sessionStorage; the user is
 * always re-read from the API (`Auth.restore`) so a changed role is never served from a stale copy.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly storage = inject(SESSION_STORAGE);
  private readonly token = signal<StoredToken | null>(this.readStoredToken());
  private readonly currentUser = signal<UserDto | null>(null);

  readonly user = this.currentUser.asReadonly();
  readonly expiresAt = computed(() => {
    const token = this.token();
    return token ? new Date(token.expiresAt) : null;
  });

  /** The bearer token, or null when there is none or it has expired. */
  accessToken(): string | null {
    const token = this.token();
    return token && token.expiresAt > Date.now() ? token.accessToken : null;
  }

  start(accessToken: string, expiresInSeconds: number, user: UserDto): void {
    const token = { accessToken, expiresAt: Date.now() + expiresInSeconds * 1000 };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(token));
    this.token.set(token);
    this.currentUser.set(user);
  }

  setUser(user: UserDto): void {
    this.currentUser.set(user);
  }

  clear(): void {
    this.storage.removeItem(STORAGE_KEY);
    this.token.set(null);
    this.currentUser.set(null);
  }

  private readStoredToken(): StoredToken | null {
    try {
      const parsed = JSON.parse(
        this.storage.getItem(STORAGE_KEY) ?? 'null',
      ) as Partial<StoredToken> | null;
      return typeof parsed?.accessToken === 'string' && typeof parsed.expiresAt === 'number'
        ? { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt }
        : null;
    } catch {
      return null;
    }
  }
}
