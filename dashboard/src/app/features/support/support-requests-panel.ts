import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { SupportRequestDto } from '../../api/models';
import { ApiProblem } from '../../core/http/api-problem';
import { LiveAlerts } from '../../core/live/live-alerts';
import { SupportRequests } from '../../core/notifications/support-requests';
import { DatePipe } from '../../shared/date/date.pipe';
import { Icon } from '../../shared/icon/icon';
import { LIVE_STATUS_COPY } from './live-status';

/**
 * Open help requests, read from the API (so requests made while nobody was signed in show up),
 * and re-read whenever the live channel says something changed.
 */
@Component({
  selector: 'tt-support-requests-panel',
  imports: [DatePipe, Icon, RouterLink],
  templateUrl: './support-requests-panel.html',
  styleUrl: './support-requests-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class SupportRequestsPanel {
  private readonly supportRequests = inject(SupportRequests);
  private readonly notifications = inject(LiveAlerts);

  protected readonly liveStatus = this.notifications.status;
  protected readonly statusCopy = LIVE_STATUS_COPY;
  protected readonly requests = signal<SupportRequestDto[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  /** Ids of requests with a change on its way, so their buttons cannot be pressed twice. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  constructor() {
    effect(() => {
      // A live event, the channel coming back, or a Join/Close from here or from a toast.
      this.notifications.changeCount();
      this.supportRequests.revision();
      void this.load();
    });
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.requests.set(await this.supportRequests.listActive());
    } catch (error) {
      this.loadError.set(ApiProblem.from(error).detail);
    } finally {
      this.loading.set(false);
    }
  }

  /** The link opens our call page (which marks the request joined too); this records it at once. */
  protected join(request: SupportRequestDto): void {
    if (request.state === 'joined') return;
    void this.change(request, () => this.supportRequests.markJoined(request.id));
  }

  protected close(request: SupportRequestDto): void {
    void this.change(request, () => this.supportRequests.close(request.id));
  }

  protected isBusy(id: string): boolean {
    return this.busy().has(id);
  }

  private async change(request: SupportRequestDto, send: () => Promise<SupportRequestDto>): Promise<void> {
    if (this.isBusy(request.id)) return;
    this.actionError.set(null);
    this.busy.update((ids) => new Set(ids).add(request.id));
    try {
      const updated = await send();
      this.requests.update((list) =>
        updated.state === 'closed'
          ? list.filter((item) => item.id !== updated.id)
          : list.map((item) => (item.id === updated.id ? updated : item)),
      );
    } catch (error) {
      this.actionError.set(`Order #${request.orderNumber}: ${ApiProblem.from(error).detail}`);
    } finally {
      this.busy.update((ids) => {
        const rest = new Set(ids);
        rest.delete(request.id);
        return rest;
      });
    }
  }
}
