import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ApiProblem } from '../../core/http/api-problem';
import { FieldControl, LabelledField } from '../../shared/field/field';
import { Icon } from '../../shared/icon/icon';
import { CHANNELS } from '../auth/verify/channels';
import { KioskAuth, type KioskSignInOutcome } from './kiosk-auth';

type Mode = 'sign-in' | 'sign-up';
/** Typed as the API's choice, so the form's value is `'en' | 'es'` and not any string. */
const DEFAULT_LANGUAGE: 'en' | 'es' = 'en';

/** Sign up or sign in, then the code step: a customer's way in at the kiosk. */
@Component({
  selector: 'tt-kiosk-sign-in',
  imports: [ReactiveFormsModule, FieldControl, Icon, LabelledField],
  templateUrl: './kiosk-sign-in.html',
  styleUrl: './kiosk.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KioskSignIn {
  private readonly auth = inject(KioskAuth);
  private readonly forms = inject(NonNullableFormBuilder);

  protected readonly mode = signal<Mode>('sign-up');
  protected readonly challenge = this.auth.challenge;
  protected readonly channel = computed(() => CHANNELS[this.challenge()?.channel ?? 'sms']);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly signUpForm = this.forms.group({
    name: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    phone: ['', [Validators.required, Validators.pattern(/^\+[1-9]\d{6,14}$/)]],
    password: ['', [Validators.required, Validators.minLength(10)]],
    // The language of the order texts; the API keeps it as the customer's preference.
    language: [DEFAULT_LANGUAGE],
  });
  protected readonly languages = [
    { value: 'en', label: 'English' },
    { value: 'es', label: 'Español' },
  ] as const;
  protected readonly signInForm = this.forms.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly codeForm = this.forms.group({
    code: ['', [Validators.required, Validators.pattern(/^\d{4,10}$/)]],
  });

  protected switchTo(mode: Mode): void {
    this.mode.set(mode);
    this.error.set(null);
  }

  protected signUp(): void {
    const form = this.signUpForm;
    form.markAllAsTouched();
    if (form.invalid) {
      this.error.set('Fill in every field: phone as +15551234567, a password of 10+ characters.');
      return;
    }
    void this.run(() => this.auth.signUp(form.getRawValue()));
  }

  protected signIn(): void {
    const form = this.signInForm;
    form.markAllAsTouched();
    if (form.invalid) {
      this.error.set('Enter your email and password.');
      return;
    }
    void this.run(() => this.auth.signIn(form.getRawValue()));
  }

  protected verify(): void {
    const form = this.codeForm;
    if (form.invalid) {
      this.error.set('The code is 4 to 10 digits.');
      return;
    }
    void this.run(() => this.auth.verify(form.getRawValue().code));
  }

  protected startOver(): void {
    this.auth.signOut();
    this.codeForm.reset();
    this.error.set(null);
  }

  private async run(step: () => Promise<KioskSignInOutcome>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const outcome = await step();
      if (outcome === 'not-a-customer') {
        this.error.set('This is a staff account. Staff sign in on the dashboard.');
      }
    } catch (error) {
      const problem = ApiProblem.from(error);
      this.error.set(
        problem.fieldErrors.length ? problem.fieldErrors.map((field) => field.message).join(' ') : problem.detail,
      );
    } finally {
      this.busy.set(false);
    }
  }
}
