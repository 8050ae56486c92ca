import { DOCUMENT, inject, Injectable, signal } from '@angular/core';
import { Api } from '../../api/api';
import { clientSessionIssue } from '../../api/fn/live-events/client-session-issue';
import type { ClientSessionDto } from '../../api/models';
import {
  DISCONNECT_BY_CLIENT,
  DISCONNECT_TOKEN_EXPIRED,
  NEXMO_CLIENT_LOADER,
  type NexmoClient,
  type NexmoCustomEvent,
  RECONNECTION_FAILED,
} from './nexmo-client';
import { parseSupportRequest, type SupportRequestAlert } from './support-request-alert';
import { SupportToasts } from './support-toasts';

/** What the staff channel is doing, for the UI: only `live` means toasts will arrive. */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting' | 'offline';

/** nexmo-client's createSession never settles when the socket cannot connect: give up after this. */
export const SESSION_TIMEOUT_MS = 15_000;
/** Renew the client token this long before it expires (or halfway through a shorter lifetime). */
export const RENEW_MARGIN_MS = 60_000;
/** Waits between failed connection attempts: 1 s, 2 s, 4 s … up to 30 s. */
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 30_000;
/** A few event ids are remembered, because two sessions overlap while the token is renewed. */
const SEEN_EVENTS_KEPT = 200;

interface LiveConnection {
  client: NexmoClient;
  expiresAt: number;
}

/**
 * The staff dashboard's live channel: a nexmo-client session on the `pos-notifications`
 * conversation, opened with the short-lived token from POST /api/jwt. Each `support_request`
 * event pops a toast. The session is replaced with a fresh token before the old one expires, and
 * rebuilt whenever the network or the server drops it.
 */
@Injectable({ providedIn: 'root' })
export class SupportNotifications {
  private readonly api = inject(Api);
  private readonly loadClientFactory = inject(NEXMO_CLIENT_LOADER);
  private readonly toasts = inject(SupportToasts);
  private readonly window = inject(DOCUMENT).defaultView;

  private readonly currentStatus = signal<LiveStatus>('off');
  private readonly changes = signal(0);
  private readonly lastAlert = signal<SupportRequestAlert | null>(null);

  readonly status = this.currentStatus.asReadonly();
  /**
   * Goes up whenever the list of support requests may have changed: a live event arrived, or the
   * channel came back after a gap during which events could have been missed.
   */
  readonly changeCount = this.changes.asReadonly();
  readonly latest = this.lastAlert.asReadonly();

  private running = false;
  private connection: LiveConnection | null = null;
  private connecting: Promise<void> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failedAttempts = 0;
  private readonly seenEvents = new Set<string>();

  private readonly onOnline = () => this.reconnectNow();
  private readonly onOffline = () => this.currentStatus.set('offline');

  /** Opens the channel (once; calling again while it runs does nothing). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.window?.addEventListener('online', this.onOnline);
    this.window?.addEventListener('offline', this.onOffline);
    void this.connect();
  }

  /** Closes the channel, e.g. on sign-out: no toast for a signed-out screen. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.window?.removeEventListener('online', this.onOnline);
    this.window?.removeEventListener('offline', this.onOffline);
    clearTimeout(this.renewTimer);
    clearTimeout(this.retryTimer);
    const connection = this.connection;
    this.connection = null;
    if (connection) void this.close(connection);
    this.currentStatus.set('off');
  }

  /** One connection attempt at a time; a renewal keeps the old session until the new one is live. */
  private connect(): Promise<void> {
    this.connecting ??= this.replaceConnection().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async replaceConnection(): Promise<void> {
    clearTimeout(this.retryTimer);
    if (this.currentStatus() !== 'live') {
      this.currentStatus.set(this.connection || this.failedAttempts ? 'reconnecting' : 'connecting');
    }
    let next: LiveConnection;
    try {
      next = await this.open();
    } catch {
      if (this.running) this.retryLater();
      return;
    }
    if (!this.running) {
      void this.close(next);
      return;
    }
    const previous = this.connection;
    const wasDown = this.failedAttempts > 0 || this.currentStatus() !== 'live';
    this.connection = next;
    this.failedAttempts = 0;
    this.currentStatus.set('live');
    this.scheduleRenewal(next.expiresAt);
    if (previous) void this.close(previous);
    // Requests made while nobody listened are only in the API: let the panels re-read it.
    if (wasDown) this.changes.update((count) => count + 1);
  }

  private async open(): Promise<LiveConnection> {
    const session: ClientSessionDto = await this.api.invoke(clientSessionIssue);
    const createClient = await this.loadClientFactory();
    const { url, nexmoApiUrl } = session.client;
    const client = createClient({
      url,
      nexmo_api_url: nexmoApiUrl,
      ips_url: `${nexmoApiUrl}/v1/image`,
      path: '/v2/rtc',
      debug: 'silent',
      log_reporter: { enabled: false },
      rtcstats: { remote_collection: false },
    });
    const connection: LiveConnection = { client, expiresAt: Date.parse(session.expiresAt) };
    try {
      const application = await withTimeout(client.createSession(session.token), SESSION_TIMEOUT_MS);
      const conversation = await application.getConversation(session.conversation.id);
      conversation.on('support_request', (_sender, event) => this.onSupportRequest(conversation.id, event));
      this.watch(connection);
      return connection;
    } catch (error) {
      void this.close(connection);
      throw error;
    }
  }

  /** Socket trouble on the live connection: socket.io retries by itself; when it gives up, so do we. */
  private watch(connection: LiveConnection): void {
    const { client } = connection;
    const isCurrent = () => this.running && this.connection === connection;
    client.on('disconnect', (reason) => {
      if (!isCurrent() || reason === DISCONNECT_BY_CLIENT) return;
      this.currentStatus.set('reconnecting');
      // The server ended the session (token expired or revoked): socket.io will not retry that.
      if (reason === DISCONNECT_TOKEN_EXPIRED) void this.connect();
    });
    client.on('reconnect', () => {
      if (!isCurrent()) return;
      this.currentStatus.set('live');
      this.changes.update((count) => count + 1);
    });
    client.on('error', (error) => {
      if (isCurrent() && error?.type === RECONNECTION_FAILED) this.retryLater();
    });
  }

  private onSupportRequest(conversationId: string, event: NexmoCustomEvent): void {
    const key = `${conversationId}:${event.id}`;
    if (this.seenEvents.has(key)) return;
    this.remember(key);
    this.changes.update((count) => count + 1);
    const alert = parseSupportRequest(event.body);
    if (!alert) return;
    this.lastAlert.set(alert);
    // Once per support request, even when the stream brought it too (LIVE_ALERTS=both).
    this.toasts.show(alert);
  }

  private scheduleRenewal(expiresAt: number): void {
    clearTimeout(this.renewTimer);
    const lifetime = Math.max(0, expiresAt - Date.now());
    const delay = lifetime - Math.min(RENEW_MARGIN_MS, lifetime / 2);
    this.renewTimer = setTimeout(() => void this.connect(), delay);
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.failedAttempts);
    this.failedAttempts += 1;
    // A failed renewal leaves the current session working: still live until it actually drops.
    if (this.currentStatus() === 'connecting') this.currentStatus.set('reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  /** The browser says the network is back: no need to wait for the next scheduled attempt. */
  private reconnectNow(): void {
    if (!this.running || this.currentStatus() === 'live') return;
    void this.connect();
  }

  private async close(connection: LiveConnection): Promise<void> {
    try {
      await withTimeout(connection.client.deleteSession(), 2_000);
    } catch {
      // Logging out needs the socket; when it is gone there is nothing to log out of.
    } finally {
      connection.client.disconnect();
    }
  }

  private remember(key: string): void {
    this.seenEvents.add(key);
    if (this.seenEvents.size > SEEN_EVENTS_KEPT) {
      this.seenEvents.delete(this.seenEvents.values().next().value!);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
