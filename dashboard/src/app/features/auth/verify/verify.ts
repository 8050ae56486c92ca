import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  type ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { Router } from '@angular/router';
import { Auth, endsChallenge } from '../../../core/auth/auth.service';
import { ApiProblem } from '../../../core/http/api-problem';
import { BrandMark } from '../../../shared/brand-mark/brand-mark';
import { Icon } from '../../../shared/icon/icon';
import { SubmitButton } from '../../../shared/submit-button/submit-button';
import { safeReturnUrl } from '../return-url';
import { CHANNELS, formatCountdown } from './channels';

/** Long enough for a slow SMS to land before the user asks again. */
export const RESEND_COOLDOWN_MS = 30_000;
const CODE_FORMAT = /^\d{4,10}$/;

/** The second sign-in step: the one-time code Vonage Verify sent by SMS, WhatsApp or email. */
@Component({
  selector: 'tt-verify',
  imports: [BrandMark, Icon, SubmitButton],
  templateUrl: './verify.html',
  styleUrl: './verify.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Verify {
  private readonly auth = inject(Auth);
  private readonly router = inject(Router);
  private readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeInput');

  /** Query parameter, bound by the router: where to go once signed in. */
  readonly returnUrl = input<string>();

  private readonly now = signal(Date.now());
  private readonly resendAvailableAt = signal(Date.now() + RESEND_COOLDOWN_MS);

  protected readonly challenge = this.auth.challenge;
  protected readonly channel = computed(() => CHANNELS[this.challenge()?.channel ?? 'sms']);
  protected readonly secondsLeft = computed(() =>
    Math.max(0, Math.ceil(((this.challenge()?.expiresAt ?? 0) - this.now()) / 1000)),
  );
  protected readonly expired = computed(() => this.secondsLeft() === 0);
  protected readonly resendWait = computed(() =>
    Math.max(0, Math.ceil((this.resendAvailableAt() - this.now()) / 1000)),
  );
  protected readonly formatCountdown = formatCountdown;

  protected readonly code = signal('');
  protected readonly codeError = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  protected readonly resendNotice = signal<string | null>(null);
  protected readonly canResend = signal(true);
  protected readonly verifying = signal(false);
  protected readonly resending = signal(false);

  constructor() {
    const ticker = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(ticker));
    afterNextRender(() => this.focusCode());
  }

  /** Digits only: pasted "123 456" or "123-456" becomes 123456. */
  protected onCodeInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const digits = input.value.replace(/\D/g, '').slice(0, 10);
    input.value = digits;
    this.code.set(digits);
    this.codeError.set(null);
  }

  protected async verify(event?: Event): Promise<void> {
    event?.preventDefault();
    if (this.verifying() || this.expired()) return;
    this.formError.set(null);
    const code = this.code();
    if (!CODE_FORMAT.test(code)) {
      this.codeError.set(code ? 'The code is 4 to 10 digits, numbers only.' : 'Enter the code we sent you.');
      this.focusCode();
      return;
    }

    this.verifying.set(true);
    try {
      const outcome = await this.auth.verifyCode(code);
      if (outcome.kind === 'not-staff') {
        await this.startOver('not-staff');
      } else {
        await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
      }
    } catch (error) {
      await this.showVerifyProblem(ApiProblem.from(error));
    } finally {
      this.verifying.set(false);
    }
  }

  protected async resend(): Promise<void> {
    if (this.resending() || this.resendWait() > 0) return;
    this.resending.set(true);
    this.formError.set(null);
    this.resendNotice.set(null);
    try {
      const sent = await this.auth.resendCode();
      this.resendNotice.set(`New code sent ${CHANNELS[sent.channel].via} to ${sent.destination}.`);
      this.restartResendCooldown();
      this.clearCode();
    } catch (error) {
      const problem = ApiProblem.from(error);
      if (problem.kind === 'no-other-channel') {
        // The challenge is still alive: the last code sent still works.
        this.canResend.set(false);
        this.resendNotice.set('We’ve sent the code every way we can. Enter the last code you got.');
      } else if (endsChallenge(problem)) {
        await this.startOver(problem.kind);
      } else if (problem.status === 429) {
        this.resendNotice.set(tooManyRequests(problem));
      } else {
        this.formError.set(problem.detail);
      }
    } finally {
      this.resending.set(false);
    }
  }

  /** Abandons this sign-in (the API is told in the background) and goes back to the login page. */
  protected async useDifferentAccount(): Promise<void> {
    void this.auth.cancelVerification();
    await this.router.navigate(['/login']);
  }

  protected async startOver(reason: string): Promise<void> {
    void this.auth.cancelVerification();
    await this.router.navigate(['/login'], {
      queryParams: { reason, returnUrl: this.returnUrl() ?? null },
    });
  }

  private async showVerifyProblem(problem: ApiProblem): Promise<void> {
    if (endsChallenge(problem)) {
      await this.startOver(problem.kind);
    } else if (problem.kind === 'wrong-code') {
      const left = problem.attemptsLeft;
      this.codeError.set(
        left === undefined
          ? 'That code is not right. Check it and try again.'
          : `That code is not right — ${left} attempt${left === 1 ? '' : 's'} left.`,
      );
      this.clearCode();
    } else if (problem.status === 429) {
      this.codeError.set(tooManyRequests(problem));
    } else if (problem.messageFor('code')) {
      this.codeError.set('The code is 4 to 10 digits, numbers only.');
    } else {
      this.formError.set(problem.detail);
    }
  }

  private restartResendCooldown(): void {
    this.now.set(Date.now());
    this.resendAvailableAt.set(Date.now() + RESEND_COOLDOWN_MS);
  }

  private clearCode(): void {
    this.code.set('');
    const input = this.codeInput()?.nativeElement;
    if (input) input.value = '';
    this.focusCode();
  }

  private focusCode(): void {
    this.codeInput()?.nativeElement.focus();
  }
}

function tooManyRequests(problem: ApiProblem): string {
  const wait = problem.retryAfterSeconds;
  return wait
    ? `Too many tries in a short time. Wait ${wait} second${wait === 1 ? '' : 's'} and try again.`
    : 'Too many tries in a short time. Wait a moment and try again.';
}
