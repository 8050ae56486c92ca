import { ChangeDetectionStrategy, Component, computed, contentChild, Directive, inject, input } from '@angular/core';

let nextControlId = 0;

/**
 * A labelled form field: `.field` wrapper, label and error message around one projected control.
 *
 *   <tt-field label="Email" [error]="errorFor('email')">
 *     <input ttFieldControl id="email" formControlName="email" />
 *   </tt-field>
 *
 * The host element is the `.field` itself (not a wrapper around one), so the page's own classes
 * and its scoped styles for `.field` (grid placement, margins) still apply to it.
 */
@Component({
  selector: 'tt-field',
  host: { class: 'field', '[class.invalid]': '!!error()' },
  template: `
    <label [for]="control().id()">{{ label() }}</label>
    <ng-content />
    @if (error(); as message) {
      <p class="field-error" [id]="errorId()">{{ message }}</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LabelledField {
  readonly label = input.required<string>();
  /** The message to show; null or empty when the value is fine (or not yet worth judging). */
  readonly error = input<string | null>(null);

  private readonly control = contentChild.required(FieldControl);
  /** Derived from the control's id, so pages and tests can rely on `<id>-error`. */
  readonly errorId = computed(() => `${this.control().id()}-error`);
}

/**
 * Marks the control a `tt-field` labels, and ties its ARIA state to the field's error:
 * `aria-invalid` and `aria-describedby` are there only while an error is shown.
 */
@Directive({
  selector: '[ttFieldControl]',
  host: {
    '[id]': 'id()',
    '[attr.aria-invalid]': 'field.error() ? "true" : null',
    '[attr.aria-describedby]': 'field.error() ? field.errorId() : null',
  },
})
export class FieldControl {
  protected readonly field = inject(LabelledField);
  /** The page's id for the control (tests and labels find it by it); one is made up when absent. */
  readonly id = input(`tt-field-control-${nextControlId++}`);
}
