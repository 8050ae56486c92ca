import { type Signal, signal } from '@angular/core';

export const LIVE_EVENT_TYPES = [
  'order.created',
  'order.status_changed',
  'notification.updated',
  'support_request.created',
  'support_request.updated',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** One event of GET /api/events (data as the API documents it per type in openapi.yaml). */
export interface LiveEvent {
  id: string;
  type: LiveEventType;
  data: Record<string, unknown>;
}

/** `live`: events arrive as they happen. Anything else: views fall back to polling. */
export type StreamStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

/** Waits between failed attempts: about 1 s, 2 s, 4 s … up to 30 s (with jitter, so a restarted API is not hit by every screen at once). */
export const STREAM_RETRY_BASE_MS = 1_000;
export const STREAM_RETRY_MAX_MS = 30_000;

export interface LiveEventStreamOptions {
  /** A fresh single-use ticket from POST /api/events/tickets. */
  ticket: () => Promise<string>;
  url?: string;
  /** Injected for tests. */
  eventSource?: (url: string) => EventSource;
}

/**
 * A connection to the API's live event stream through the browser's EventSource. EventSource
 * would reconnect by itself, but with the same (single-use) ticket, so every reconnect is ours:
 * a new ticket, the last event id (`?lastEventId=`, the API replays what was missed) and a
 * backoff. `resyncs` goes up when lists should be read again: after a `reset` (what was missed
 * is no longer kept) and on a first connection (nothing to resume from).
 */
export class LiveEventStream {
  private readonly currentStatus = signal<StreamStatus>('off');
  private readonly resyncCount = signal(0);
  readonly status: Signal<StreamStatus> = this.currentStatus.asReadonly();
  readonly resyncs: Signal<number> = this.resyncCount.asReadonly();

  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private source: EventSource | null = null;
  private lastEventId: string | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private generation = 0;

  constructor(private readonly options: LiveEventStreamOptions) {}

  /** Every event, in order; returns the unsubscribe function. */
  on(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    // No EventSource (an old browser, or a test's jsdom): views keep polling.
    if (this.running || (!this.options.eventSource && typeof EventSource === 'undefined')) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
    this.lastEventId = null;
    this.attempts = 0;
    this.currentStatus.set('off');
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.currentStatus.set(this.attempts > 0 ? 'reconnecting' : 'connecting');
    let ticket: string;
    try {
      ticket = await this.options.ticket();
    } catch {
      if (generation === this.generation) this.retryLater();
      return;
    }
    if (!this.running || generation !== this.generation) return;
    const base = this.options.url ?? '/api/events';
    const resumeFrom = this.lastEventId;
    const url = `${base}?ticket=${encodeURIComponent(ticket)}${resumeFrom ? `&lastEventId=${encodeURIComponent(resumeFrom)}` : ''}`;
    const source = (this.options.eventSource ?? ((u: string) => new EventSource(u)))(url);
    this.source = source;
    const mine = () => this.source === source && this.running;

    source.onopen = () => {
      if (!mine()) return;
      this.attempts = 0;
      this.currentStatus.set('live');
      // Nothing to resume from: whatever happened before this moment is only in the lists.
      if (!resumeFrom) this.resyncCount.update((n) => n + 1);
    };
    source.onerror = () => {
      if (!mine()) return;
      // Closed on purpose: EventSource's own retry would reuse the spent ticket.
      source.close();
      this.source = null;
      this.retryLater();
    };
    source.addEventListener('reset', (message) => {
      if (!mine()) return;
      this.lastEventId = message.lastEventId || this.lastEventId;
      this.resyncCount.update((n) => n + 1);
    });
    for (const type of LIVE_EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        if (!mine()) return;
        const { data, lastEventId } = message as MessageEvent<string>;
        this.lastEventId = lastEventId || this.lastEventId;
        let parsed: unknown;
        try {
          parsed = JSON.parse(data);
        } catch {
          return;
        }
        if (typeof parsed !== 'object' || parsed === null) return;
        const event: LiveEvent = { id: lastEventId, type, data: parsed as Record<string, unknown> };
        for (const listener of this.listeners) listener(event);
      });
    }
  }

  private retryLater(): void {
    if (!this.running) return;
    this.currentStatus.set('reconnecting');
    const ceiling = Math.min(STREAM_RETRY_MAX_MS, STREAM_RETRY_BASE_MS * 2 ** this.attempts);
    this.attempts++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), ceiling / 2 + Math.random() * (ceiling / 2));
  }
}
