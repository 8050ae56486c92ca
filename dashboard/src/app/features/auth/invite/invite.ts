import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Api } from '../../../api/api';
import { inviteAccept } from '../../../api/fn/auth/invite-accept';
import { ApiProblem } from '../../../core/http/api-problem';
import { BrandMark } from '../../../shared/brand-mark/brand-mark';
import { FieldControl, LabelledField } from '../../../shared/field/field';
import { serverError } from '../../../shared/field/validation-errors';
import { Icon } from '../../../shared/icon/icon';
import { SubmitButton } from '../../../shared/submit-button/submit-button';

type Field = 'email' | 'code' | 'password';

const INVITE_CODE = /^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/;

/** Where an invitation text leads: the new team member sets a password with their code. */
@Component({
  selector: 'tt-invite',
  imports: [ReactiveFormsModule, BrandMark, FieldControl, Icon, LabelledField, RouterLink, SubmitButton],
  templateUrl: './invite.html',
  styleUrls: ['../login/login.scss', './invite.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Invite implements OnInit {
  private readonly api = inject(Api);

  /** `?email=` prefills the address (query parameters are bound by the router). */
  readonly email = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    code: ['', [Validators.required, Validators.pattern(INVITE_CODE)]],
    password: ['', [Validators.required, Validators.minLength(10), Validators.maxLength(128)]],
  });
  protected readonly submitting = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly done = signal(false);

  ngOnInit(): void {
    const email = this.email();
    if (email) this.form.controls.email.setValue(email);
  }

  protected errorFor(field: Field): string | null {
    const control = this.form.controls[field];
    if (!control.errors || !(control.touched || this.submitted())) return null;
    const errors = control.errors;
    const server = serverError(errors);
    if (server) return server;
    if (errors['required'])
      return {
        email: 'Enter the email address you were invited with.',
        code: 'Enter the code from your invitation text.',
        password: 'Choose a password.',
      }[field];
    if (errors['email']) return 'Enter a valid email address, like sam@restaurant.com.';
    if (errors['pattern']) return 'The code has 8 letters and digits, like K7QM-2XWP.';
    if (errors['minlength']) return 'Use at least 10 characters.';
    if (errors['maxlength']) return 'Keep it under 128 characters.';
    return null;
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid || this.submitting()) return;
    const { email, code, password } = this.form.getRawValue();
    this.submitting.set(true);
    try {
      await this.api.invoke(inviteAccept, { body: { email: email.trim(), code: code.trim(), password } });
      this.done.set(true);
    } catch (error) {
      const problem = ApiProblem.from(error);
      let placed = false;
      for (const field of ['email', 'code', 'password'] as const) {
        const message = problem.messageFor(field);
        if (message) {
          this.form.controls[field].setErrors({ server: message });
          placed = true;
        }
      }
      if (!placed) this.formError.set(problem.detail);
    } finally {
      this.submitting.set(false);
    }
  }
}
