import { computed, inject, Injectable, signal } from '@angular/core';
import { type LiveStatus, SupportNotifications } from '../notifications/support-notifications';
import { parseSupportRequest } from '../notifications/support-request-alert';
import { SupportToasts } from '../notifications/support-toasts';
import { ClientConfig } from './client-config';
import type { LiveEvent } from './live-event-stream';
import { LiveEvents } from './live-events';

/**
 * Staff alerts and live status, whichever path brings them. The stream (GET /api/events) always
 * runs for staff — the board and detail views follow it — and raises the support toast unless
 * LIVE_ALERTS=vonage; the Vonage Conversations path (nexmo-client) runs when LIVE_ALERTS is
 * `vonage` or `both`. A request arriving by both paths toasts once (SupportToasts).
 */
@Injectable({ providedIn: 'root' })
export class LiveAlerts {
  private readonly config = inject(ClientConfig);
  private readonly stream = inject(LiveEvents);
  private readonly vonage = inject(SupportNotifications);
  private readonly toasts = inject(SupportToasts);
  private readonly streamChanges = signal(0);
  private running = false;

  readonly mode = this.config.liveAlerts;
  /** What the page says: the path that brings the toasts. */
  readonly status = computed<LiveStatus>(() =>
    this.mode() === 'vonage' ? this.vonage.status() : this.stream.status(),
  );
  /** Goes up whenever support requests may have changed (event, reconnect after a gap, reset). */
  readonly changeCount = computed(() => this.streamChanges() + this.stream.resyncs() + this.vonage.changeCount());

  constructor() {
    this.stream.on((event) => this.onEvent(event));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stream.start();
    void this.config.load().then((mode) => {
      if (this.running && mode !== 'stream') this.vonage.start();
    });
  }

  stop(): void {
    this.running = false;
    this.stream.stop();
    this.vonage.stop();
  }

  private onEvent(event: LiveEvent): void {
    if (!event.type.startsWith('support_request.')) return;
    this.streamChanges.update((n) => n + 1);
    if (event.type !== 'support_request.created' || this.mode() === 'vonage') return;
    const data = event.data;
    // The same checks as the Vonage path (an http(s) host link, typed fields).
    const alert = parseSupportRequest({
      host_url: data['hostUrl'],
      email: data['customerEmail'] ?? data['customerName'],
      order_id: data['orderId'],
      order_number: data['orderNumber'],
      support_request_id: data['id'],
    });
    if (alert) this.toasts.show(alert);
  }
}
