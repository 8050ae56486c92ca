import { inject, Injectable } from '@angular/core';
import { Api } from '../../api/api';
import { authLogin } from '../../api/fn/auth/auth-login';
import { authRegister } from '../../api/fn/auth/auth-register';
import { authVerify } from '../../api/fn/auth/auth-verify';
import type { AuthSessionDto, LoginDto, RegisterDto, UserDto } from '../../api/models';
import { ApiProblem } from '../../core/http/api-problem';
import { KioskSession } from './kiosk-session';

export type KioskSignInOutcome = 'signed-in' | 'code-sent' | 'not-a-customer';

/** Sign-up and the two-step sign-in, for customers. */
@Injectable()
export class KioskAuth {
  private readonly api = inject(Api);
  private readonly session = inject(KioskSession);

  readonly challenge = this.session.challenge;

  user(): UserDto | null {
    return this.session.user();
  }

  /** Creates the account, then signs in with it. @throws ApiProblem */
  async signUp(details: RegisterDto): Promise<KioskSignInOutcome> {
    await this.call(() => this.api.invoke(authRegister, { body: details }));
    return this.signIn({ email: details.email, password: details.password });
  }

  /** @throws ApiProblem */
  async signIn(credentials: LoginDto): Promise<KioskSignInOutcome> {
    const answer = await this.call(() => this.api.invoke(authLogin, { body: credentials }));
    if ('verificationRequired' in answer) {
      this.session.setChallenge(answer);
      return 'code-sent';
    }
    return this.startSession(answer);
  }

  /** @throws ApiProblem */
  async verify(code: string): Promise<KioskSignInOutcome> {
    const challenge = this.session.challenge();
    if (!challenge) throw new ApiProblem(401, 'No sign-in', 'Sign in again to get a new code.');
    const session = await this.call(() =>
      this.api.invoke(authVerify, { body: { verifyToken: challenge.verifyToken, code } }),
    );
    return this.startSession(session);
  }

  /** Back to the start, e.g. for the next customer. */
  signOut(): void {
    this.session.clear();
  }

  private startSession(session: AuthSessionDto): KioskSignInOutcome {
    if (session.user.role !== 'customer') {
      this.session.clear();
      return 'not-a-customer';
    }
    this.session.start(session);
    return 'signed-in';
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw ApiProblem.from(error);
    }
  }
}
