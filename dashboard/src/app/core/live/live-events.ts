import { inject, Injectable } from '@angular/core';
import { Api } from '../../api/api';
import { liveEventsIssueTicket } from '../../api/fn/live-events/live-events-issue-ticket';
import { LiveEventStream } from './live-event-stream';

/**
 * The staff dashboard's one connection to GET /api/events, shared by the orders board, the order
 * detail, the support panel and the toasts. Opened while a staff member is signed in.
 */
@Injectable({ providedIn: 'root' })
export class LiveEvents extends LiveEventStream {
  constructor() {
    const api = inject(Api);
    super({ ticket: async () => (await api.invoke(liveEventsIssueTicket)).ticket });
  }
}
