import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../../api/api';
import { liveEventsClientConfig } from '../../api/fn/live-events/live-events-client-config';

export type LiveAlertsMode = 'stream' | 'vonage' | 'both';

/** The API's LIVE_ALERTS: where staff alerts come from (read once; `stream` until known). */
@Injectable({ providedIn: 'root' })
export class ClientConfig {
  private readonly api = inject(Api);
  private loading: Promise<LiveAlertsMode> | null = null;
  readonly liveAlerts = signal<LiveAlertsMode>('stream');

  load(): Promise<LiveAlertsMode> {
    this.loading ??= this.api
      .invoke(liveEventsClientConfig)
      .then((config) => {
        this.liveAlerts.set(config.liveAlerts);
        return config.liveAlerts;
      })
      .catch(() => {
        // Try again next time; meanwhile the default (our own stream) is used.
        this.loading = null;
        return this.liveAlerts();
      });
    return this.loading;
  }
}
