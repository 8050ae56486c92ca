import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { BrandMark } from '../../shared/brand-mark/brand-mark';
import { KioskAuth } from './kiosk-auth';
import { KioskOrder } from './kiosk-order';
import { KioskSignIn } from './kiosk-sign-in';

/** /kiosk: the customer's screen. Its own sign-in, separate from the staff dashboard's. */
@Component({
  selector: 'tt-kiosk',
  imports: [BrandMark, KioskOrder, KioskSignIn],
  template: `
    <div class="kiosk">
      <header class="kiosk-top">
        <tt-brand-mark />
        @if (user(); as user) {
          <p class="greeting">
            Hi {{ user.name }}
            <button type="button" class="btn btn-ghost" (click)="signOut()">Not you?</button>
          </p>
        }
      </header>
      <main class="kiosk-main">
        @if (user()) {
          <h1>What would you like?</h1>
          <tt-kiosk-order />
        } @else {
          <h1>Welcome! Order here</h1>
          <tt-kiosk-sign-in />
        }
      </main>
    </div>
  `,
  styleUrl: './kiosk.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Kiosk {
  private readonly auth = inject(KioskAuth);
  /** Follows the stored session: signing in, out, or a refused token switch the screen. */
  protected readonly user = computed(() => this.auth.user());

  protected signOut(): void {
    this.auth.signOut();
  }
}
