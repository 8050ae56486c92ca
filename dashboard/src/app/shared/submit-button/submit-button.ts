import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A form's submit button that shows the form is busy: disabled, with a spinner, and (given a
 * `busyLabel`) saying what is happening instead of its label.
 *
 *   <button ttSubmit type="submit" class="btn btn-primary" [busy]="submitting()" busyLabel="Saving…">
 *     Set password
 *   </button>
 *
 * The host is the page's own `<button>`, so its classes, type and accessible name stay the page's.
 */
@Component({
  // eslint-disable-next-line @angular-eslint/component-selector -- an attribute on the native <button> (keeps its semantics), named like a directive
  selector: 'button[ttSubmit]',
  host: { '[disabled]': 'busy()' },
  template: `
    @if (busy()) {
      <span class="spinner" aria-hidden="true"></span>
    }
    @if (busy() && busyLabel()) {
      {{ busyLabel() }}
    } @else {
      <ng-content />
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubmitButton {
  readonly busy = input.required<boolean>();
  /** Replaces the label while busy (e.g. "Signing in…"); without it the label stays beside the spinner. */
  readonly busyLabel = input<string>();
}
