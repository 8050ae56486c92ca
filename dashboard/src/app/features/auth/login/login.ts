import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { Auth } from '../../../core/auth/auth.service';
import { ApiProblem } from '../../../core/http/api-problem';
import { BrandMark } from '../../../shared/brand-mark/brand-mark';
import { FieldControl, LabelledField } from '../../../shared/field/field';
import { serverError } from '../../../shared/field/validation-errors';
import { Icon } from '../../../shared/icon/icon';
import { SubmitButton } from '../../../shared/submit-button/submit-button';
import { safeReturnUrl } from '../return-url';
import { SIGN_IN_NOTICES } from '../sign-in-notices';

type LoginField = 'email' | 'password';

@Component({
  selector: 'tt-login',
  imports: [ReactiveFormsModule, BrandMark, FieldControl, Icon, LabelledField, SubmitButton],
  templateUrl: './login.html',
  styleUrl: './login.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Login {
  private readonly auth = inject(Auth);
  private readonly router = inject(Router);

  /** Query parameters, bound by the router. */
  readonly reason = input<string>();
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly notice = computed(() => SIGN_IN_NOTICES[this.reason() ?? ''] ?? null);

  protected errorFor(field: LoginField): string | null {
    const control = this.form.controls[field];
    if (!control.errors || !(control.touched || this.submitted())) return null;
    const server = serverError(control.errors);
    if (server) return server;
    if (control.errors['required']) return field === 'email' ? 'Enter your email address.' : 'Enter your password.';
    if (control.errors['email']) return 'Enter a valid email address, like name@restaurant.com.';
    return null;
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid || this.submitting()) return;

    this.submitting.set(true);
    try {
      const outcome = await this.auth.signIn(this.form.getRawValue());
      switch (outcome.kind) {
        case 'signed-in':
          await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
          break;
        case 'verification-required':
          await this.router.navigate(['/verify'], {
            queryParams: { returnUrl: this.returnUrl() ?? null },
          });
          break;
        case 'not-staff':
          this.formError.set(SIGN_IN_NOTICES['not-staff']);
          break;
      }
    } catch (error) {
      this.showProblem(ApiProblem.from(error));
    } finally {
      this.submitting.set(false);
    }
  }

  private showProblem(problem: ApiProblem): void {
    this.formError.set(problem.detail);
    for (const field of ['email', 'password'] as const) {
      const message = problem.messageFor(field);
      if (message) this.form.controls[field].setErrors({ server: message });
    }
  }
}
