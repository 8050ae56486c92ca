import { Injectable, inject } from '@angular/core';
import { Api } from '../../api/api';
import { authLogin } from '../../api/fn/auth/auth-login';
import { authMe } from '../../api/fn/auth/auth-me';
import { LoginDto, UserDto } from '../../api/models';
import { ApiProblem } from '../http/api-problem';
import { canUseDashboard } from './roles';
import { Session } from './session';

/**
 * What a sign-in attempt led to. The login page switches on `kind`, which is the seam for issue #5:
 * when the API answers `{verificationRequired, verifyToken, channel, expiresAt}` instead of a token,
 * this union gains a `verification-required` member and the page routes to /verify.
 */
export type SignInOutcome = { kind: 'signed-in'; user: UserDto } | { kind: 'not-staff' };

@Injectable({ providedIn: 'root' })
export class Auth {
  private readonly api = inject(Api);
  private readonly session = inject(Session);

  readonly user = this.session.user;

  /** @throws ApiProblem when the API refuses the credentials or cannot be reached. */
  async signIn(credentials: LoginDto): Promise<SignInOutcome> {
    const response = await this.call(() => this.api.invoke(authLogin, { body: credentials }));
    if (!canUseDashboard(response.user.role)) {
      return { kind: 'not-staff' };
    }
    this.session.start(response.accessToken, response.expiresIn, response.user);
    return { kind: 'signed-in', user: response.user };
  }

  /** The signed-in user, fetched once per page load from the stored token; null when signed out. */
  async restore(): Promise<UserDto | null> {
    const known = this.session.user();
    if (known) return known;
    if (!this.session.accessToken()) return null;
    try {
      const user = await this.api.invoke(authMe);
      this.session.setUser(user);
      return user;
    } catch {
      this.session.clear();
      return null;
    }
  }

  signOut(): void {
    this.session.clear();
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw ApiProblem.from(error);
    }
  }
}
