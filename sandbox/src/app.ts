import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { resolveConfig, type SandboxConfig, type SandboxOptions } from './config.js';
import { conversationsRoutes } from './conversations/conversations-routes.js';
import { usersRoutes } from './conversations/users-routes.js';
import { useFaults } from './faults/inject.js';
import { useAdminToken } from './inspection/admin-token.js';
import { inboxPage } from './inspection/inbox-page.js';
import { inspectionRoutes } from './inspection/routes.js';
import { roomPageRoutes } from './meetings/page.js';
import { meetingsRoutes } from './meetings/routes.js';
import { messagesRoutes } from './messages/routes.js';
import { MessagingService } from './messages/service.js';
import { useMethodNotAllowed } from './method-not-allowed.js';
import { useProblemErrors, useProblemNotFound } from './problem.js';
import { clientRoutes } from './rtc/client-routes.js';
import { RtcGateway } from './rtc/gateway.js';
import { SandboxStores } from './stores.js';
import { verifyRoutes } from './verify/routes.js';
import { RELAY_PREFIX, videoRelayRoutes } from './video/relay.js';
import { videoRoutes } from './video/routes.js';

export interface RunningSandbox {
  /** Base URL it listens on, e.g. http://127.0.0.1:3100 */
  url: string;
  close(): Promise<void>;
}

export interface Sandbox {
  readonly app: FastifyInstance;
  readonly config: SandboxConfig;
  readonly stores: SandboxStores;
  readonly rtc: RtcGateway;
  /** Base URL for links handed out: SANDBOX_PUBLIC_URL, else the listening URL once listening. */
  publicUrl(): string;
  listen(port?: number, host?: string): Promise<RunningSandbox>;
  reset(): void;
}

/**
 * Vonage sends JSON as `application/json` without a charset; @vonage/server-sdk only parses a
 * body whose content type is exactly that, so Fastify's `; charset=utf-8` suffix is dropped.
 */
function exactJsonContentType(app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^application\/(problem\+)?json;\s*charset=utf-8$/i.test(type)) {
      reply.header('content-type', type.split(';')[0]);
    }
    return payload;
  });
}

/** JSON bodies as Vonage takes them; an empty body (e.g. next_workflow from the SDK) is no body. */
function lenientJsonParser(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = Object.assign(new Error('The request body is not valid JSON'), { statusCode: 400 });
      done(error, undefined);
    }
  });
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const config = resolveConfig(options);
  const stores = new SandboxStores(config);
  const app = Fastify({
    // Logs go to stderr: stdout's first line is the URL the harness reads.
    logger: config.logger ? { level: 'info', stream: process.stderr } : false,
    ajv: { customOptions: { allErrors: true } },
  });
  let listeningPort = 3100;
  const publicUrl = () => config.publicUrl ?? `http://localhost:${listeningPort}`;

  const messaging = new MessagingService(config, stores.messages, stores.webhooks);
  const rtc = new RtcGateway(app.server, config, stores.conversations);
  const reset = () => {
    messaging.cancelPending();
    rtc.disconnectAll();
    stores.reset();
  };
  app.addHook('preClose', async () => {
    messaging.cancelPending();
    // Open relay streams would keep the server from closing.
    stores.video.reset();
    stores.faults.reset();
    rtc.close();
  });

  lenientJsonParser(app);
  exactJsonContentType(app);
  useProblemErrors(app, 'application/json');
  useProblemNotFound(app, 'application/json');
  useMethodNotAllowed(app, 'application/json');
  // Before the API scopes register: their routes inherit the hook (it runs after their auth).
  useFaults(app, stores.faults);
  if (config.adminToken) useAdminToken(app, config.adminToken);
  app.register(verifyRoutes(config, stores.verify), { prefix: '/v2/verify' });
  app.register(messagesRoutes(config, messaging), { prefix: '/v1/messages' });
  app.register(meetingsRoutes(config, stores.rooms, publicUrl), { prefix: '/v1/meetings' });
  app.register(roomPageRoutes(stores.rooms));
  app.register(usersRoutes(config, stores.conversations, publicUrl), { prefix: '/v1/users' });
  app.register(conversationsRoutes(config, stores.conversations, publicUrl), { prefix: '/v1/conversations' });
  // For container health checks: open even when the inbox needs the admin token.
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(inboxPage(config.applicationId)));
  app.register(videoRoutes(config, stores.video));
  app.register(videoRelayRoutes(config, stores.video), { prefix: RELAY_PREFIX });
  app.register(clientRoutes(config, stores.conversations, publicUrl));
  app.register(inspectionRoutes({ stores, messaging, rtc, reset, publicUrl, virtualNumber: config.virtualNumber }), {
    prefix: '/_sandbox',
  });

  return {
    app,
    config,
    stores,
    rtc,
    publicUrl,
    reset,
    async listen(port = 3100, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      listeningPort = address.port;
      return { url: `http://${shownHost}:${address.port}`, close: () => app.close() };
    },
  };
}
