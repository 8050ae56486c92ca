import { inject, Injectable } from '@angular/core';
import { Api } from '../../api/api';
import { authCancel } from '../../api/fn/auth/auth-cancel';
import { authLogin } from '../../api/fn/auth/auth-login';
import { authLogout } from '../../api/fn/auth/auth-logout';
import { authMe } from '../../api/fn/auth/auth-me';
import { authResend } from '../../api/fn/auth/auth-resend';
import { authVerify } from '../../api/fn/auth/auth-verify';
import type { AuthSessionDto, CodeResentDto, LoginDto, UserDto } from '../../api/models';
import { ApiProblem } from '../http/api-problem';
import { type PendingChallenge, PendingVerification } from './pending-verification';
import { canUseDashboard } from './roles';
import { Session } from './session';
import { withoutSession } from './session-refresh';

/** What a sign-in step led to; the login and verify pages switch on `kind`. */
export type SignInOutcome =
  | { kind: 'signed-in'; user: UserDto }
  | { kind: 'verification-required'; challenge: PendingChallenge }
  | { kind: 'not-staff' };

/** Problem kinds after which the challenge is dead: only signing in again gets a new code. */
const CHALLENGE_ENDED = new Set([
  'too-many-attempts',
  'verification-expired',
  'verification-cancelled',
  'verification-used',
  'invalid-verify-token',
]);

/** True when a verify or resend failure means the user has to start over with their password. */
export function endsChallenge(problem: ApiProblem): boolean {
  return CHALLENGE_ENDED.has(problem.kind);
}

@Injectable({ providedIn: 'root' })
export class Auth {
  private readonly api = inject(Api);
  private readonly session = inject(Session);
  private readonly pending = inject(PendingVerification);

  readonly user = this.session.user;
  readonly challenge = this.pending.challenge;

  /** @throws ApiProblem when the API refuses the credentials or cannot be reached. */
  async signIn(credentials: LoginDto): Promise<SignInOutcome> {
    const answer = await this.call(() => this.api.invoke(authLogin, { body: credentials }, withoutSession()));
    if ('verificationRequired' in answer) {
      return { kind: 'verification-required', challenge: this.pending.begin(answer) };
    }
    return this.startSession(answer);
  }

  /** Finishes a two-factor sign-in. @throws ApiProblem (`endsChallenge` tells whether to start over). */
  async verifyCode(code: string): Promise<SignInOutcome> {
    const verifyToken = this.requireChallenge().verifyToken;
    const session = await this.challengeCall(() =>
      this.api.invoke(authVerify, { body: { verifyToken, code } }, withoutSession()),
    );
    this.pending.clear();
    return this.startSession(session);
  }

  /** Sends the code again, on the next channel. @throws ApiProblem (409 `no-other-channel` when there is none). */
  async resendCode(): Promise<CodeResentDto> {
    const verifyToken = this.requireChallenge().verifyToken;
    const resent = await this.challengeCall(() =>
      this.api.invoke(authResend, { body: { verifyToken } }, withoutSession()),
    );
    this.pending.moved(resent);
    return resent;
  }

  /** Abandons the code step. The API is told so the code stops working, but the user never waits on it. */
  async cancelVerification(): Promise<void> {
    const challenge = this.pending.challenge();
    this.pending.clear();
    if (!challenge) return;
    await this.api
      .invoke(authCancel, { body: { verifyToken: challenge.verifyToken } }, withoutSession())
      .catch(() => undefined);
  }

  /** The signed-in user, fetched once per page load from the stored tokens; null when signed out. */
  async restore(): Promise<UserDto | null> {
    const known = this.session.user();
    if (known) return known;
    if (!this.session.isActive()) return null;
    try {
      // An expired access token is refreshed on the way by the interceptor.
      const user = await this.api.invoke(authMe);
      this.session.setUser(user);
      return user;
    } catch {
      this.session.clear();
      return null;
    }
  }

  /** Forgets the session at once and tells the API, so the refresh token dies with it. */
  async signOut(): Promise<void> {
    const refreshToken = this.session.refreshToken();
    this.session.clear();
    if (refreshToken) await this.revoke(refreshToken);
  }

  private async startSession(session: AuthSessionDto): Promise<SignInOutcome> {
    if (!canUseDashboard(session.user.role)) {
      // Customers sign in at the kiosk; the tokens they just got are not kept, so end them too.
      await this.revoke(session.refreshToken);
      return { kind: 'not-staff' };
    }
    this.session.start(session);
    return { kind: 'signed-in', user: session.user };
  }

  private async revoke(refreshToken: string): Promise<void> {
    await this.api.invoke(authLogout, { body: { refreshToken } }, withoutSession()).catch(() => undefined);
  }

  private requireChallenge(): PendingChallenge {
    const challenge = this.pending.active();
    if (challenge) return challenge;
    throw new ApiProblem(401, 'Verification expired', 'The code has expired; sign in again', [], {
      kind: this.pending.challenge() ? 'verification-expired' : 'invalid-verify-token',
    });
  }

  private async challengeCall<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await this.call(request);
    } catch (error) {
      if (error instanceof ApiProblem && endsChallenge(error)) this.pending.clear();
      throw error;
    }
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw ApiProblem.from(error);
    }
  }
}
