import { inject, Injectable, signal } from '@angular/core';
import type { VerificationChallengeDto } from '../../api/models';
import { SESSION_STORAGE } from '../browser-storage';

const STORAGE_KEY = 'tabletalk.verification';

export type VerifyChannel = VerificationChallengeDto['channel'];

/** A sign-in waiting for its one-time code. */
export interface PendingChallenge {
  verifyToken: string;
  channel: VerifyChannel;
  /** Where the code went, already masked by the API (e.g. `+15•••••0000`). */
  destination: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * The sign-in between the password and the code. Kept in sessionStorage so a reload of /verify
 * (or the phone's SMS app stealing focus) does not throw the user back to the password step.
 */
@Injectable({ providedIn: 'root' })
export class PendingVerification {
  private readonly storage = inject(SESSION_STORAGE);
  private readonly current = signal<PendingChallenge | null>(this.read());

  readonly challenge = this.current.asReadonly();

  /** The challenge, while the code can still be entered. */
  active(): PendingChallenge | null {
    const challenge = this.current();
    return challenge && challenge.expiresAt > Date.now() ? challenge : null;
  }

  begin(challenge: VerificationChallengeDto): PendingChallenge {
    const pending: PendingChallenge = {
      verifyToken: challenge.verifyToken,
      channel: challenge.channel,
      destination: challenge.destination,
      expiresAt: Date.parse(challenge.expiresAt),
    };
    this.save(pending);
    return pending;
  }

  /** After a resend: the code went somewhere else and the clock restarted. */
  moved(to: { channel: VerifyChannel; destination: string; expiresAt: string }): void {
    const challenge = this.current();
    if (!challenge) return;
    this.save({ ...challenge, ...to, expiresAt: Date.parse(to.expiresAt) });
  }

  clear(): void {
    this.storage.removeItem(STORAGE_KEY);
    this.current.set(null);
  }

  private save(challenge: PendingChallenge): void {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(challenge));
    this.current.set(challenge);
  }

  private read(): PendingChallenge | null {
    try {
      const parsed = JSON.parse(
        this.storage.getItem(STORAGE_KEY) ?? 'null',
      ) as Partial<PendingChallenge> | null;
      return typeof parsed?.verifyToken === 'string' &&
        typeof parsed.destination === 'string' &&
        typeof parsed.expiresAt === 'number' &&
        (parsed.channel === 'sms' || parsed.channel === 'whatsapp' || parsed.channel === 'email')
        ? (parsed as PendingChallenge)
        : null;
    } catch {
      return null;
    }
  }
}
