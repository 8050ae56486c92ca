import { TestBed } from '@angular/core/testing';
import { Api } from '../../api/api';
import type { ClientSessionDto } from '../../api/models';
import {
  NEXMO_CLIENT_LOADER,
  type NexmoClientConfig,
  type NexmoClientEvents,
  type NexmoCustomEvent,
} from './nexmo-client';
import { RENEW_MARGIN_MS, SESSION_TIMEOUT_MS, SupportNotifications } from './support-notifications';
import { SupportToast } from './support-toast/support-toast';
import { SUPPORT_TOASTR } from './support-toasts';

const BODY = {
  host_url: 'http://127.0.0.1:3720/meetings/host/abc',
  email: 'ada@example.com',
  order_id: 'o1',
  order_number: 42,
  support_request_id: 'sr1',
};

/** Stands in for nexmo-client: records what the service asks and lets the test push events. */
class FakeNexmoClient {
  private readonly handlers = new Map<string, ((...args: never[]) => void)[]>();
  private supportHandler?: (sender: object, event: NexmoCustomEvent) => void;
  readonly sessionTokens: string[] = [];
  conversationIds: string[] = [];
  /** What createSession does; the default signs in at once. */
  sessionOutcome: () => Promise<void> = () => Promise.resolve();
  readonly deleteSession = vi.fn(() => Promise.resolve());
  readonly disconnect = vi.fn();

  constructor(readonly config: NexmoClientConfig) {}

  async createSession(token: string) {
    this.sessionTokens.push(token);
    await this.sessionOutcome();
    return {
      getConversation: async (id: string) => {
        this.conversationIds.push(id);
        return {
          id,
          on: (_name: string, handler: (sender: object, event: NexmoCustomEvent) => void) =>
            (this.supportHandler = handler),
        };
      },
    };
  }

  on<E extends keyof NexmoClientEvents>(event: E, handler: NexmoClientEvents[E]): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }

  emit(event: keyof NexmoClientEvents, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) (handler as (...a: unknown[]) => void)(...args);
  }

  push(id: number, body: unknown = BODY): void {
    this.supportHandler!({ memberId: 'MEM-api' }, { id, type: 'support_request', body });
  }
}

function clientSession(token: string, lifetimeMs = 15 * 60_000): ClientSessionDto {
  return {
    token,
    expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
    conversation: { id: 'CON-1', name: 'pos-notifications' },
    user: { id: 'USR-1', name: 'tt-admin' },
    client: { url: 'http://127.0.0.1:3720', nexmoApiUrl: 'http://127.0.0.1:3720' },
  };
}

describe('SupportNotifications', () => {
  let clients: FakeNexmoClient[];
  let tokens: string[];
  let invoke: ReturnType<typeof vi.fn>;
  let show: ReturnType<typeof vi.fn>;
  /** Applied to each client as it is made, before createSession runs. */
  let prepareClient: (client: FakeNexmoClient, index: number) => void;

  function setUp(lifetimeMs?: number) {
    clients = [];
    tokens = [];
    prepareClient = () => undefined;
    invoke = vi.fn(async () => {
      const token = `jwt-${tokens.length + 1}`;
      tokens.push(token);
      return clientSession(token, lifetimeMs);
    });
    show = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: Api, useValue: { invoke } },
        { provide: SUPPORT_TOASTR, useValue: { show } },
        {
          provide: NEXMO_CLIENT_LOADER,
          useValue: async () => (config: NexmoClientConfig) => {
            const client = new FakeNexmoClient(config);
            prepareClient(client, clients.length);
            clients.push(client);
            return client;
          },
        },
      ],
    });
    return TestBed.inject(SupportNotifications);
  }

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    TestBed.inject(SupportNotifications).stop();
    vi.useRealTimers();
  });

  it('signs in with the token from /api/jwt, to the host the API names, and listens on its conversation', async () => {
    const notifications = setUp();
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);

    expect(invoke).toHaveBeenCalledTimes(1);
    expect(clients).toHaveLength(1);
    expect(clients[0].config).toMatchObject({
      url: 'http://127.0.0.1:3720',
      nexmo_api_url: 'http://127.0.0.1:3720',
      path: '/v2/rtc',
      log_reporter: { enabled: false },
      rtcstats: { remote_collection: false },
    });
    expect(clients[0].sessionTokens).toEqual(['jwt-1']);
    expect(clients[0].conversationIds).toEqual(['CON-1']);
    expect(notifications.status()).toBe('live');
  });

  it('pops one support toast per event, with the checked event as its payload', async () => {
    const notifications = setUp();
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);

    clients[0].push(7);
    clients[0].push(7); // the same event again (two sessions overlap during a renewal)

    expect(show).toHaveBeenCalledTimes(1);
    const [message, , options] = show.mock.calls[0];
    expect(message).toBe('ada@example.com requested support on order #42');
    expect(options).toMatchObject({
      toastComponent: SupportToast,
      payload: {
        email: 'ada@example.com',
        orderNumber: 42,
        hostUrl: BODY.host_url,
        supportRequestId: 'sr1',
      },
    });
    expect(notifications.latest()?.orderNumber).toBe(42);
  });

  it('shows no toast for an event whose link is not a web address, but still tells panels to re-read', async () => {
    const notifications = setUp();
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = notifications.changeCount();

    clients[0].push(8, { ...BODY, host_url: 'javascript:alert(1)' });

    expect(show).not.toHaveBeenCalled();
    expect(notifications.changeCount()).toBe(before + 1);
  });

  it('renews the token before it expires: a new session is live before the old one is closed', async () => {
    const lifetime = 10 * 60_000;
    const notifications = setUp(lifetime);
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);

    await vi.advanceTimersByTimeAsync(lifetime - RENEW_MARGIN_MS - 1_000);
    expect(invoke).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(clients).toHaveLength(2);
    expect(clients[1].sessionTokens).toEqual(['jwt-2']);
    expect(clients[0].disconnect).toHaveBeenCalled();
    expect(clients[1].disconnect).not.toHaveBeenCalled();
    expect(notifications.status()).toBe('live');

    // The next renewal follows the new token's expiry.
    await vi.advanceTimersByTimeAsync(lifetime - RENEW_MARGIN_MS);
    expect(clients).toHaveLength(3);
  });

  it('stays live on the current session when a renewal fails, and tries the renewal again', async () => {
    const lifetime = 10 * 60_000;
    const notifications = setUp(lifetime);
    prepareClient = (client, index) => {
      if (index === 1) client.sessionOutcome = () => Promise.reject(new Error('blip'));
    };
    notifications.start();
    await vi.advanceTimersByTimeAsync(lifetime - RENEW_MARGIN_MS);

    expect(clients).toHaveLength(2);
    expect(clients[0].disconnect).not.toHaveBeenCalled();
    expect(notifications.status()).toBe('live');

    await vi.advanceTimersByTimeAsync(1_000);
    expect(clients).toHaveLength(3);
    expect(clients[0].disconnect).toHaveBeenCalled();
  });

  it('opens a new session when the server ends this one because the token ran out', async () => {
    const notifications = setUp();
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);

    clients[0].emit('disconnect', 'TokenExpired');
    expect(notifications.status()).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(0);

    expect(clients).toHaveLength(2);
    expect(clients[1].sessionTokens).toEqual(['jwt-2']);
    expect(notifications.status()).toBe('live');
  });

  it('starts over with a fresh token when socket.io gives up reconnecting, and asks panels to re-read', async () => {
    const notifications = setUp();
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);
    const before = notifications.changeCount();

    clients[0].emit('disconnect', 'ConnectionError');
    expect(notifications.status()).toBe('reconnecting');
    clients[0].emit('error', { type: 'error:client:reconnection_failed' });
    await vi.advanceTimersByTimeAsync(1_000);

    expect(clients).toHaveLength(2);
    expect(notifications.status()).toBe('live');
    expect(notifications.changeCount()).toBe(before + 1);
  });

  it('keeps retrying, further apart each time, while the session cannot be opened', async () => {
    const notifications = setUp();
    prepareClient = (client, index) => {
      if (index < 2) client.sessionOutcome = () => Promise.reject(new Error('websocket error'));
    };
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(clients).toHaveLength(1);
    expect(notifications.status()).toBe('reconnecting');

    await vi.advanceTimersByTimeAsync(1_000); // first retry after 1 s
    expect(clients).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_999); // second after 2 s more
    expect(clients).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(clients).toHaveLength(3);
    expect(notifications.status()).toBe('live');
  });

  it('gives up on a createSession that never answers (nexmo-client hangs when the socket cannot connect)', async () => {
    const notifications = setUp();
    prepareClient = (client, index) => {
      if (index === 0) client.sessionOutcome = () => new Promise(() => undefined);
    };
    notifications.start();
    await vi.advanceTimersByTimeAsync(SESSION_TIMEOUT_MS - 1);
    expect(clients).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1 + 1_000);
    expect(clients[0].disconnect).toHaveBeenCalled();
    expect(clients).toHaveLength(2);
    expect(notifications.status()).toBe('live');
  });

  it('reconnects at once when the browser is back online', async () => {
    const notifications = setUp();
    prepareClient = (client, index) => {
      if (index === 0) client.sessionOutcome = () => Promise.reject(new Error('offline'));
    };
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);
    window.dispatchEvent(new Event('offline'));
    expect(notifications.status()).toBe('offline');

    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(clients).toHaveLength(2);
    expect(notifications.status()).toBe('live');
  });

  it('closes the session on stop and opens nothing more', async () => {
    const notifications = setUp(2 * 60_000);
    notifications.start();
    await vi.advanceTimersByTimeAsync(0);

    notifications.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);

    expect(clients).toHaveLength(1);
    expect(clients[0].disconnect).toHaveBeenCalled();
    expect(notifications.status()).toBe('off');
  });
});
