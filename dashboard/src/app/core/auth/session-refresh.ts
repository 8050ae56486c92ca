import { HttpContext, HttpContextToken } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { Api } from '../../api/api';
import { authRefresh } from '../../api/fn/auth/auth-refresh';
import { ApiProblem } from '../http/api-problem';
import { Session } from './session';

/**
 * Marks a call the auth interceptor must leave alone: sign-in steps and token calls authenticate
 * with their own body, and a refresh that triggered a refresh would wait on itself forever.
 */
export const SKIP_SESSION = new HttpContextToken<boolean>(() => false);

export function withoutSession(): HttpContext {
  return new HttpContext().set(SKIP_SESSION, true);
}

/** Keeps the access token fresh without the user noticing, and ends the session when it cannot. */
@Injectable({ providedIn: 'root' })
export class SessionRefresh {
  private readonly api = inject(Api);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private inFlight: Promise<string | null> | null = null;

  /**
   * Resolves with a fresh access token, or null when there is none to be had. Concurrent callers
   * share one call: each refresh token works once, so two parallel refreshes would look like token
   * theft to the API and end the sign-in.
   *
   * @param rejectedToken the token a request was just refused with; if the session has already
   *   moved past it (another request refreshed meanwhile), the current token is the answer.
   */
  refresh(rejectedToken?: string): Promise<string | null> {
    const current = this.session.accessToken();
    if (rejectedToken && current && current !== rejectedToken) return Promise.resolve(current);
    this.inFlight ??= this.renew().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** The sign-in is over: forget it and send the user to sign in again, saying why. */
  expire(): void {
    this.session.clear();
    void this.router.navigate(['/login'], { queryParams: { reason: 'session-expired' } });
  }

  private async renew(): Promise<string | null> {
    const refreshToken = this.session.refreshToken();
    if (!refreshToken) {
      this.expire();
      return null;
    }
    try {
      const renewed = await this.api.invoke(authRefresh, { body: { refreshToken } }, withoutSession());
      this.session.start(renewed);
      return renewed.accessToken;
    } catch (error) {
      // A blip (offline, API restarting, rate limit) must not sign anyone out: keep the tokens and
      // let the caller's request fail as it would have. Only the API refusing the token ends it.
      if (isTransient(ApiProblem.from(error))) return null;
      this.expire();
      return null;
    }
  }
}

function isTransient(problem: ApiProblem): boolean {
  return problem.status === 0 || problem.status === 429 || problem.status >= 500;
}
