import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Api } from '../../../api/api';
import { accountsCreate } from '../../../api/fn/users/accounts-create';
import type { CreatedUserDto } from '../../../api/models';
import { ApiProblem } from '../../../core/http/api-problem';
import { FieldControl, LabelledField } from '../../../shared/field/field';
import { requiredLength, serverError } from '../../../shared/field/validation-errors';
import { Icon } from '../../../shared/icon/icon';
import { SubmitButton } from '../../../shared/submit-button/submit-button';

type Field = 'email' | 'name' | 'phone' | 'role';

const E164 = /^\+[1-9]\d{6,14}$/;
/** Line breaks, tabs and other control characters: the API refuses them in names. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Invites a staff member or admin: the API creates the account and texts them a one-time code to
 * set their own password. The admin never chooses or sees it.
 */
@Component({
  selector: 'tt-invite-form',
  imports: [ReactiveFormsModule, FieldControl, Icon, LabelledField, SubmitButton],
  templateUrl: './invite-form.html',
  styleUrl: './invite-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InviteForm {
  private readonly api = inject(Api);

  /** Emits the account the API created. */
  readonly invited = output<CreatedUserDto>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100), Validators.pattern(/^[^\n]*$/)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    phone: ['', [Validators.required, Validators.pattern(E164)]],
    role: ['staff' as 'staff' | 'admin', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** After a success: what happened, for the screen reader and the eye. */
  protected readonly notice = signal<string | null>(null);

  protected errorFor(field: Field): string | null {
    const control = this.form.controls[field];
    if (!control.errors || !(control.touched || this.submitted())) return null;
    const errors = control.errors;
    const server = serverError(errors);
    if (server) return server;
    if (errors['control']) return 'Use one line of plain text.';
    if (errors['required'])
      return {
        name: 'Enter their full name.',
        email: 'Enter their email address.',
        phone: 'Enter their mobile number.',
        role: 'Choose a role.',
      }[field];
    if (errors['email']) return 'Enter a valid email address, like sam@restaurant.com.';
    if (errors['pattern'])
      return field === 'phone' ? 'Use the international format, like +447700900123.' : 'Use one line of plain text.';
    if (errors['maxlength']) return `Keep it under ${requiredLength(errors, 'maxlength')} characters.`;
    return null;
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.formError.set(null);
    this.notice.set(null);
    const name = this.form.controls.name;
    if (CONTROL.test(name.value)) name.setErrors({ control: true });
    if (this.form.invalid || this.submitting()) return;

    const { email, name: fullName, phone, role } = this.form.getRawValue();
    this.submitting.set(true);
    try {
      const created = await this.api.invoke(accountsCreate, {
        body: { email: email.trim(), name: fullName.trim(), phone: phone.trim(), role },
      });
      this.invited.emit(created);
      this.notice.set(
        created.inviteSent
          ? `${created.name} is invited: a code to set their password went to ${created.phone}.`
          : `${created.name} is added, but the text did not go out. Use “Send code again” in their row.`,
      );
      this.form.reset();
      this.submitted.set(false);
    } catch (error) {
      this.showProblem(ApiProblem.from(error));
    } finally {
      this.submitting.set(false);
    }
  }

  private showProblem(problem: ApiProblem): void {
    if (problem.kind === 'email-taken') {
      this.form.controls.email.setErrors({ server: problem.detail });
      return;
    }
    if (problem.kind === 'phone-taken') {
      this.form.controls.phone.setErrors({ server: problem.detail });
      return;
    }
    let placed = false;
    for (const field of ['email', 'name', 'phone', 'role'] as const) {
      const message = problem.messageFor(field);
      if (message) {
        this.form.controls[field].setErrors({ server: message });
        placed = true;
      }
    }
    if (!placed) this.formError.set(problem.detail);
  }
}
