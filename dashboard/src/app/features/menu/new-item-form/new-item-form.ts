import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { Api } from '../../../api/api';
import { menuCreate } from '../../../api/fn/menu/menu-create';
import type { MenuItemDto } from '../../../api/models';
import { ApiProblem } from '../../../core/http/api-problem';
import { FieldControl, LabelledField } from '../../../shared/field/field';
import { requiredLength, serverError } from '../../../shared/field/validation-errors';
import { Icon } from '../../../shared/icon/icon';
import { SubmitButton } from '../../../shared/submit-button/submit-button';
import { parsePrice, PRICE_HINT } from '../price';

type Field = 'name' | 'category' | 'price' | 'description';

const priceValidator = (control: AbstractControl<string>): ValidationErrors | null =>
  control.value.trim() === '' || parsePrice(control.value) !== null ? null : { price: true };

/** Adds a dish to the menu; the API's objections (a duplicate name, say) appear next to their field. */
@Component({
  selector: 'tt-new-item-form',
  imports: [ReactiveFormsModule, FieldControl, Icon, LabelledField, SubmitButton],
  templateUrl: './new-item-form.html',
  styleUrl: './new-item-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NewItemForm {
  private readonly api = inject(Api);

  /** Emits the item the API created. */
  readonly added = output<MenuItemDto>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(80)]],
    category: ['', Validators.maxLength(40)],
    price: ['', [Validators.required, priceValidator]],
    description: ['', Validators.maxLength(300)],
    available: [true],
  });
  protected readonly submitting = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected errorFor(field: Field): string | null {
    const control = this.form.controls[field];
    if (!control.errors || !(control.touched || this.submitted())) return null;
    const server = serverError(control.errors);
    if (server) return server;
    if (control.errors['required']) return field === 'name' ? 'Give the item a name.' : PRICE_HINT;
    if (control.errors['price']) return PRICE_HINT;
    if (control.errors['maxlength']) return `Keep it under ${requiredLength(control.errors, 'maxlength')} characters.`;
    return null;
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid || this.submitting()) return;

    const { name, category, price, description, available } = this.form.getRawValue();
    this.submitting.set(true);
    try {
      const item = await this.api.invoke(menuCreate, {
        body: {
          name: name.trim(),
          priceCents: parsePrice(price)!,
          available,
          ...(category.trim() ? { category: category.trim() } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
      this.added.emit(item);
      this.form.reset();
      this.submitted.set(false);
    } catch (error) {
      this.showProblem(ApiProblem.from(error));
    } finally {
      this.submitting.set(false);
    }
  }

  private showProblem(problem: ApiProblem): void {
    if (problem.status === 409) {
      this.form.controls.name.setErrors({ server: problem.detail });
      return;
    }
    const fields: Record<Field, string> = {
      name: 'name',
      category: 'category',
      price: 'priceCents',
      description: 'description',
    };
    let placed = false;
    for (const [field, apiField] of Object.entries(fields) as [Field, string][]) {
      const message = problem.messageFor(apiField);
      if (message) {
        this.form.controls[field].setErrors({ server: message });
        placed = true;
      }
    }
    if (!placed) this.formError.set(problem.detail);
  }
}
