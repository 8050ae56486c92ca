import { InjectionToken } from '@angular/core';

/**
 * The few parts of nexmo-client 9.5.1 we use, typed here so the service (and its specs) never need
 * the SDK itself: it is loaded on first use, in its own chunk, only for signed-in staff.
 */
export interface NexmoClientConfig {
  url: string;
  nexmo_api_url: string;
  ips_url: string;
  path: string;
  debug: 'silent';
  log_reporter: { enabled: false };
  rtcstats: { remote_collection: false };
}

/** The sender of a custom event as nexmo-client hands it over: a plain object, not a Member. */
export interface NexmoEventSender {
  memberId?: string;
  userName?: string;
}

export interface NexmoCustomEvent {
  id: number | string;
  type: string;
  body: unknown;
}

export interface NexmoConversation {
  id: string;
  on(event: 'support_request', handler: (sender: NexmoEventSender, event: NexmoCustomEvent) => void): void;
}

export interface NexmoApplication {
  getConversation(id: string): Promise<NexmoConversation>;
}

/** Client-level events: socket state and errors (`error:client:reconnection_failed` when socket.io gives up). */
export interface NexmoClientEvents {
  ready: () => void;
  disconnect: (reason: string) => void;
  reconnect: (attempt: number) => void;
  reconnecting: (attempt: number) => void;
  error: (error: { type?: string; message?: string }) => void;
}

export interface NexmoClient {
  createSession(token: string): Promise<NexmoApplication>;
  /** Logs out on the server; waits for its answer, so it can hang when the socket is down. */
  deleteSession(): Promise<unknown>;
  /** Closes the socket at once. */
  disconnect(): void;
  on<E extends keyof NexmoClientEvents>(event: E, handler: NexmoClientEvents[E]): void;
}

export type NexmoClientFactory = (config: NexmoClientConfig) => NexmoClient;

/** Resolves with a way to make clients; the default imports nexmo-client lazily. */
export const NEXMO_CLIENT_LOADER = new InjectionToken<() => Promise<NexmoClientFactory>>('NEXMO_CLIENT_LOADER', {
  providedIn: 'root',
  factory: () => async () => {
    const sdk = await import('nexmo-client');
    // CommonJS module: `module.exports = NexmoClient` arrives as the default export.
    const NexmoClientClass = ((sdk as { default?: unknown }).default ?? sdk) as new (
      config: NexmoClientConfig,
    ) => NexmoClient;
    return (config) => new NexmoClientClass(config);
  },
});

/** nexmo-client's own reason when the server ends the session because the token ran out. */
export const DISCONNECT_TOKEN_EXPIRED = 'TokenExpired';
/** …and when we closed it ourselves (deleteSession): not something to recover from. */
export const DISCONNECT_BY_CLIENT = 'ClientDisconnected';
export const RECONNECTION_FAILED = 'error:client:reconnection_failed';
