import { ChangeDetectionStrategy, Component, computed, inject, ViewEncapsulation } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Toast } from 'ngx-toastr';
import { Icon } from '../../../shared/icon/icon';
import type { SupportRequestAlert } from '../support-request-alert';
import { SupportRequests } from '../support-requests';

/**
 * The toast for a customer asking for help. Everything from the event is bound as text or as an
 * attribute (the link was checked to be http(s) before it got here): never as HTML.
 */
@Component({
  selector: '[tt-support-toast]',
  imports: [Icon, RouterLink],
  templateUrl: './support-toast.html',
  styleUrl: './support-toast.scss',
  // The toast container lives outside every component, so its layout has to be global.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupportToast extends Toast<SupportRequestAlert> {
  private readonly supportRequests = inject(SupportRequests);

  protected readonly alert = computed(() => this.options().payload!);

  /** The link opens the staff call page (in this tab, with this sign-in); the call page marks the request joined too. */
  protected join(): void {
    void this.supportRequests.markJoined(this.alert().supportRequestId).catch(() => undefined);
    this.remove();
  }
}
