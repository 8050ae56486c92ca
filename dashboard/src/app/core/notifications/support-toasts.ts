import { createEnvironmentInjector, EnvironmentInjector, inject, Injectable, InjectionToken } from '@angular/core';
import { provideToastr, ToastrService } from 'ngx-toastr';
import { Chime } from '../live/chime';
import type { SupportRequestAlert } from './support-request-alert';
import { SupportToast } from './support-toast/support-toast';

/** Support requests remembered, so one arriving by both paths (LIVE_ALERTS=both) toasts once. */
const SHOWN_KEPT = 500;

/**
 * ngx-toastr's service in an injector of its own, holding its configuration: with provideToastr in
 * the app's root providers, ngx-toastr was part of the first screen's JavaScript; made here, it loads
 * with the alert stack, only for signed-in staff (see provideSupportNotifications).
 */
export const SUPPORT_TOASTR = new InjectionToken<Pick<ToastrService, 'show'>>('SUPPORT_TOASTR', {
  providedIn: 'root',
  factory: () =>
    createEnvironmentInjector(
      [provideToastr({ positionClass: 'toast-top-right', newestOnTop: true, maxOpened: 5 }), ToastrService],
      inject(EnvironmentInjector),
    ).get(ToastrService),
});

/**
 * Raises the support toast, once per support request whichever path it came by (our stream,
 * the Vonage Conversations path, or both), with a chime.
 */
@Injectable({ providedIn: 'root' })
export class SupportToasts {
  private readonly toastr = inject(SUPPORT_TOASTR);
  private readonly chime = inject(Chime);
  private readonly shown = new Set<string>();

  /** False when this request was already shown. */
  show(alert: SupportRequestAlert): boolean {
    if (this.shown.has(alert.supportRequestId)) return false;
    this.shown.add(alert.supportRequestId);
    if (this.shown.size > SHOWN_KEPT) this.shown.delete(this.shown.values().next().value!);
    this.toastr.show(
      `${alert.email} requested support on order #${alert.orderNumber}`,
      undefined,
      {
        toastComponent: SupportToast,
        payload: alert,
        disableTimeOut: true,
        tapToDismiss: false,
        closeButton: true,
      },
      'toast-support',
    );
    this.chime.play();
    return true;
  }
}
