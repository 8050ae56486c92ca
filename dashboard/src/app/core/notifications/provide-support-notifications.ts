import {
  effect,
  EnvironmentInjector,
  type EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  provideEnvironmentInitializer,
  untracked,
} from '@angular/core';
import { canUseDashboard } from '../auth/roles';
import { Session } from '../auth/session';

/** What the initializer needs of LiveAlerts (the class itself is loaded on first use). */
interface LiveAlertsControl {
  start(): void;
  stop(): void;
}

/**
 * Toasts, and the live staff channels (our event stream; nexmo-client when LIVE_ALERTS says so):
 * open while a staff member is signed in, closed the moment they sign out (or the session ends).
 *
 * The whole alert stack (LiveAlerts, the stream, the toasts and ngx-toastr, the Vonage path) is
 * imported only when a staff member is signed in: the sign-in screen and the kiosk never need it,
 * and it kept the first load above its 100 kB budget (issue #15). LiveAlerts is a root service, so
 * the support panel, which imports it directly, gets this same instance.
 */
export function provideSupportNotifications(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideEnvironmentInitializer(() => {
      const session = inject(Session);
      const injector = inject(EnvironmentInjector);
      let loading: Promise<LiveAlertsControl> | null = null;
      const staffSignedIn = () => {
        const user = session.user();
        return !!user && canUseDashboard(user.role);
      };
      const load = () =>
        (loading ??= import('../live/live-alerts').then(
          ({ LiveAlerts }) => injector.get(LiveAlerts),
          (error: unknown) => {
            loading = null; // a failed chunk load (network) is tried again at the next change
            throw error;
          },
        ));
      effect(() => {
        const wanted = staffSignedIn();
        untracked(() => {
          if (!wanted && !loading) return; // never loaded: nothing runs, nothing to stop
          // Decided when the code is there, from the session as it is then: a sign-out during
          // the import must not be overtaken by the start that was waiting for it.
          load().then(
            (alerts) => (staffSignedIn() ? alerts.start() : alerts.stop()),
            (error: unknown) => console.error('live alerts could not be loaded', error),
          );
        });
      });
    }),
  ]);
}
