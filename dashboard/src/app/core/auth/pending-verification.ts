import { Injectable, type Signal } from '@angular/core';
import type { VerificationChallengeDto } from '../../api/models';
import { sessionSignal } from '../session-signal';

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
  private readonly current = sessionSignal<PendingChallenge>(STORAGE_KEY, { parse: parsePendingChallenge });

  readonly challenge: Signal<PendingChallenge | null> = this.current;

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
    this.current.set(pending);
    return pending;
  }

  /** After a resend: the code went somewhere else and the clock restarted. */
  moved(to: { channel: VerifyChannel; destination: string; expiresAt: string }): void {
    const challenge = this.current();
    if (!challenge) return;
    this.current.set({ ...challenge, ...to, expiresAt: Date.parse(to.expiresAt) });
  }

  clear(): void {
    this.current.set(null);
  }
}

function parsePendingChallenge(stored: unknown): PendingChallenge | null {
  const parsed = stored as Partial<PendingChallenge>;
  return typeof parsed.verifyToken === 'string' &&
    typeof parsed.destination === 'string' &&
    typeof parsed.expiresAt === 'number' &&
    (parsed.channel === 'sms' || parsed.channel === 'whatsapp' || parsed.channel === 'email')
    ? (parsed as PendingChallenge)
    : null;
}
