import {
  effect,
  type EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  provideEnvironmentInitializer,
  untracked,
} from '@angular/core';
import { provideToastr } from 'ngx-toastr';
import { canUseDashboard } from '../auth/roles';
import { Session } from '../auth/session';
import { LiveAlerts } from '../live/live-alerts';

/**
 * Toasts, and the live staff channels (our event stream; nexmo-client when LIVE_ALERTS says so):
 * open while a staff member is signed in,
 * closed the moment they sign out (or the session ends).
 */
export function provideSupportNotifications(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideToastr({ positionClass: 'toast-top-right', newestOnTop: true, maxOpened: 5 }),
    provideEnvironmentInitializer(() => {
      const session = inject(Session);
      const notifications = inject(LiveAlerts);
      effect(() => {
        const user = session.user();
        untracked(() =>
          user && canUseDashboard(user.role) ? notifications.start() : notifications.stop(),
        );
      });
    }),
  ]);
}
