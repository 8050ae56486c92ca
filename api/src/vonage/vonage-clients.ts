import type { Auth } from '@vonage/auth';
import type { Conversations } from '@vonage/conversations';
import type { Messages } from '@vonage/messages';
import type { ConfigParams } from '@vonage/server-client';
import type { Users } from '@vonage/users';
import type { Verify2 } from '@vonage/verify2';
import type { VonageConfig } from '../config/configuration.js';

/**
 * Memoises an async loader; a failed load is forgotten, so the next call tries again
 * (e.g. a file system hiccup must not disable texts until a restart).
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}

/** The credentials every Vonage client signs with (@vonage/auth loaded on first use). */
export function vonageAuth(
  config: Pick<VonageConfig, 'applicationId' | 'privateKey'> & Partial<Pick<VonageConfig, 'apiKey' | 'apiSecret'>>,
) {
  return onFirstUse<Auth>(
    async () =>
      new (await import('@vonage/auth')).Auth({
        applicationId: config.applicationId,
        privateKey: config.privateKey,
        apiKey: config.apiKey || undefined,
        apiSecret: config.apiSecret || undefined,
      }),
  );
}

/**
 * The Vonage API clients the adapters use, each built the first time it is needed.
 *
 * Why not `new Vonage(...)` from @vonage/server-sdk: it imports and builds all sixteen of Vonage's
 * API clients (voice, numbers, reports, …) at start-up, ~800 modules that cost the production API
 * about 0.2 s of start-up and 8–11 MiB of idle memory (bench/footprint.mjs), although the API only
 * uses these four, and only when it sends a text or a code or posts a conversation event.
 * Same classes, same credentials and options as the server SDK gives them.
 */
export class VonageClients {
  private readonly auth: () => Promise<Auth>;
  private readonly options: ConfigParams;

  constructor(config: VonageConfig) {
    this.auth = vonageAuth(config);
    this.options = {
      apiHost: config.hosts.api,
      meetingsHost: config.hosts.meetings,
      videoHost: config.hosts.video,
      timeout: config.timeoutMs,
      appendUserAgent: 'tabletalk',
    };
  }

  readonly messages = onFirstUse<Messages>(
    async () => new (await import('@vonage/messages')).Messages(await this.auth(), this.options),
  );

  readonly verify2 = onFirstUse<Verify2>(
    async () => new (await import('@vonage/verify2')).Verify2(await this.auth(), this.options),
  );

  readonly conversations = onFirstUse<Conversations>(
    async () => new (await import('@vonage/conversations')).Conversations(await this.auth(), this.options),
  );

  readonly users = onFirstUse<Users>(
    async () => new (await import('@vonage/users')).Users(await this.auth(), this.options),
  );
}
