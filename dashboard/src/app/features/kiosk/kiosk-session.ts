import { inject, Injectable, signal } from '@angular/core';
import type { AuthSessionDto, UserDto, VerificationChallengeDto } from '../../api/models';
import { SESSION_STORAGE } from '../../core/browser-storage';

/** Its own keys: a customer at the kiosk never shares, or overwrites, a staff sign-in. */
const SESSION_KEY = 'tabletalk.kiosk.session';
const CHALLENGE_KEY = 'tabletalk.kiosk.verification';

interface KioskTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: UserDto;
}

/** The customer signed in at this kiosk tab, and a sign-in waiting for its code. */
@Injectable()
export class KioskSession {
  private readonly storage = inject(SESSION_STORAGE);
  private readonly tokens = signal<KioskTokens | null>(this.read<KioskTokens>(SESSION_KEY));
  private readonly pending = signal<VerificationChallengeDto | null>(
    this.read<VerificationChallengeDto>(CHALLENGE_KEY),
  );

  readonly challenge = this.pending.asReadonly();

  user(): UserDto | null {
    return this.accessToken() ? this.tokens()!.user : null;
  }

  accessToken(): string | null {
    const tokens = this.tokens();
    return tokens && tokens.expiresAt > Date.now() ? tokens.accessToken : null;
  }

  start(session: AuthSessionDto): void {
    this.setChallenge(null);
    this.save(SESSION_KEY, this.tokens, {
      accessToken: session.accessToken,
      expiresAt: Date.now() + session.expiresIn * 1000,
      user: session.user,
    });
  }

  setChallenge(challenge: VerificationChallengeDto | null): void {
    this.save(CHALLENGE_KEY, this.pending, challenge);
  }

  clear(): void {
    this.save(SESSION_KEY, this.tokens, null);
    this.setChallenge(null);
  }

  private save<T>(key: string, state: { set(value: T | null): void }, value: T | null): void {
    if (value === null) this.storage.removeItem(key);
    else this.storage.setItem(key, JSON.stringify(value));
    state.set(value);
  }

  private read<T>(key: string): T | null {
    try {
      return JSON.parse(this.storage.getItem(key) ?? 'null') as T | null;
    } catch {
      return null;
    }
  }
}
