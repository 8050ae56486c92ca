import { Injectable, type Signal } from '@angular/core';
import type { AuthSessionDto, UserDto, VerificationChallengeDto } from '../../api/models';
import { sessionSignal } from '../../core/session-signal';

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
  private readonly tokens = sessionSignal<KioskTokens>(SESSION_KEY);
  private readonly pending = sessionSignal<VerificationChallengeDto>(CHALLENGE_KEY);

  readonly challenge: Signal<VerificationChallengeDto | null> = this.pending;

  user(): UserDto | null {
    return this.accessToken() ? this.tokens()!.user : null;
  }

  accessToken(): string | null {
    const tokens = this.tokens();
    return tokens && tokens.expiresAt > Date.now() ? tokens.accessToken : null;
  }

  start(session: AuthSessionDto): void {
    this.setChallenge(null);
    this.tokens.set({
      accessToken: session.accessToken,
      expiresAt: Date.now() + session.expiresIn * 1000,
      user: session.user,
    });
  }

  setChallenge(challenge: VerificationChallengeDto | null): void {
    this.pending.set(challenge);
  }

  clear(): void {
    this.tokens.set(null);
    this.setChallenge(null);
  }
}
