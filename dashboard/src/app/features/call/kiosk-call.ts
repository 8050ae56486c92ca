import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { BrandMark } from '../../shared/brand-mark/brand-mark';
import { KioskAuth } from '../kiosk/kiosk-auth';
import CallPage from './call-page';

/** /kiosk/call/:id: the customer's side of a support call, in the kiosk's frame and sign-in. */
@Component({
  selector: 'tt-kiosk-call',
  imports: [BrandMark, CallPage, RouterLink],
  template: `
    <div class="kiosk">
      <header class="kiosk-top"><tt-brand-mark /></header>
      <main class="kiosk-main">
        @if (signedIn()) {
          <tt-call-page [id]="id()" />
        } @else {
          <h1>Sign in to join your call</h1>
          <p><a class="btn btn-primary" routerLink="/kiosk">Go to the kiosk</a></p>
        }
      </main>
    </div>
  `,
  styleUrl: '../kiosk/kiosk.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class KioskCall {
  private readonly auth = inject(KioskAuth);
  readonly id = input.required<string>();
  protected readonly signedIn = computed(() => this.auth.user() !== null);
}
